export { StreamsPage } from '../../modules/dashboards/StreamsPage.tsx';
export { StreamExplorerPage } from '../../modules/dashboards/explorer/StreamExplorerPage.tsx';
