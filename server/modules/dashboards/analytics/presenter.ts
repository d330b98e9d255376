import type { StreamAnomaly, StreamForecast } from '../../../../common/dashboards-analytics.ts';
import type { AnomalyRow, ForecastRow } from './repository.ts';

export const presentAnomaly = (row: AnomalyRow): StreamAnomaly => ({ time: row.time.toISOString(), value: row.value, expected: row.expected, score: row.score });

export const presentForecast = (row: ForecastRow | undefined): StreamForecast | null => (row ? { computedAt: row.computedAt.toISOString(), points: row.points } : null);
