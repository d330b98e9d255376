export { AuditLogPage } from '../../modules/admin/AuditLogPage.tsx';
export { OutboxPage } from '../../modules/admin/OutboxPage.tsx';
