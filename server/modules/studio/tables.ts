// The studio module's tables, one file per area.
export * from './projects.tables.ts';
