// The studio module's tables, one file per area.
export * from './projects.tables.ts';
export * from './comments/tables.ts';
export * from './messaging/tables.ts';
export * from './documents/tables.ts';
export * from './files/tables.ts';
