// Comments, notifications and integrations tables.
export * from './notifications.tables.ts';
export * from './comments.tables.ts';
export * from './integrations.tables.ts';
