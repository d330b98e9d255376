export { StreamsPage } from '../../modules/dashboards/StreamsPage.tsx';
export { StreamExplorerPage } from '../../modules/dashboards/explorer/StreamExplorerPage.tsx';
export { DashboardsPage } from '../../modules/dashboards/boards/DashboardsPage.tsx';
export { DashboardPage } from '../../modules/dashboards/boards/DashboardPage.tsx';
export { AlertsPage } from '../../modules/dashboards/alerts/AlertsPage.tsx';
