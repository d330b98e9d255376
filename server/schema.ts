// Every Drizzle table of the platform and the modules, gathered for drizzle-kit and the typed client.
export * from './platform/mail/tables.ts';
export * from './modules/identity/tables.ts';
export * from './modules/studio/tables.ts';
export * from './modules/dashboards/streams/tables.ts';
export * from './modules/dashboards/mqtt/tables.ts';
export * from './modules/dashboards/boards/tables.ts';
export * from './modules/dashboards/alerts/tables.ts';
export * from './modules/dashboards/analytics/tables.ts';
export * from './modules/dashboards/reports/tables.ts';
