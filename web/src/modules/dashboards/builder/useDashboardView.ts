import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { REFRESH_SECONDS, resolveTime, type DashboardConfig, type DashboardVariable } from '../../../../../common/dashboards.ts';
import type { ViewRange } from '../boards/api.ts';
import { TIME_RANGES } from '../explorer/explorer-query.ts';
import { VARIABLE_PARAMETER, variableValues } from './variables.ts';

/** The range choice that stands for the dashboard's saved range when no preset matches it. */
export const SAVED_RANGE = 'saved';
/** URL parameters of the view, so a link shows the same range, refresh and variable values. */
const RANGE_PARAMETER = 'range';
const REFRESH_PARAMETER = 'refresh';

/** What a dashboard is viewed over, as its URL says, falling back to what the dashboard saved. */
export interface DashboardView {
  /** A preset of TIME_RANGES, or SAVED_RANGE. */
  rangeId: string;
  /** The choice the saved range stands as: its preset, else SAVED_RANGE. */
  savedRangeId: string;
  range: ViewRange;
  rangeLabel: string;
  refreshSeconds: number;
  /** The variables' values chosen in the URL; one not chosen is left to its default. */
  values: Record<string, string>;
  /** The range or refresh shown differ from the saved ones. */
  timeChanged: boolean;
  setRange: (rangeId: string) => void;
  setRefresh: (seconds: number) => void;
  /** Null goes back to the variable's default. */
  setVariable: (name: string, value: string | null) => void;
  /** Back to the saved range and refresh. */
  resetTime: () => void;
}

/** The preset matching the saved range (`now-1h` to `now`), else the saved range itself. */
function savedRangeOf(saved: ViewRange): string {
  if (saved.to !== 'now' || !saved.from.startsWith('now')) return SAVED_RANGE;
  // Relative to an instant of zero, `now-1h` resolves to minus an hour.
  const spanMs = -resolveTime(saved.from, 0);
  return TIME_RANGES.find((range) => range.ms === spanMs)?.id ?? SAVED_RANGE;
}

/**
 * The view's range, refresh and variable values, kept in the URL's query (replacing the history
 * entry), so a copied address shows the same view.
 */
export function useDashboardView(saved: DashboardConfig, variables: readonly DashboardVariable[]): DashboardView {
  const [params, setParams] = useSearchParams();
  const savedRangeId = savedRangeOf(saved.timeRange);
  const rangeId = [SAVED_RANGE, ...TIME_RANGES.map((range) => range.id)].find((id) => id === params.get(RANGE_PARAMETER)) ?? savedRangeId;
  const preset = TIME_RANGES.find((range) => range.id === rangeId);
  const range = useMemo<ViewRange>(() => (preset ? { from: `now-${preset.id}`, to: 'now' } : saved.timeRange), [preset, saved.timeRange]);
  const refreshParameter = Number(params.get(REFRESH_PARAMETER) ?? Number.NaN);
  const refreshSeconds = (REFRESH_SECONDS as readonly number[]).includes(refreshParameter) ? refreshParameter : saved.refreshSeconds;
  const paramsText = params.toString();
  const values = useMemo(() => variableValues(new URLSearchParams(paramsText), variables), [paramsText, variables]);

  /** Sets (or with null, removes) view parameters in the URL. */
  const setView = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value === null) next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );

  return {
    rangeId,
    savedRangeId,
    range,
    rangeLabel: preset?.title ?? `${saved.timeRange.from} to ${saved.timeRange.to}`,
    refreshSeconds,
    values,
    timeChanged: rangeId !== savedRangeId || refreshSeconds !== saved.refreshSeconds,
    setRange: (id) => setView({ [RANGE_PARAMETER]: id === savedRangeId ? null : id }),
    setRefresh: (seconds) => setView({ [REFRESH_PARAMETER]: seconds === saved.refreshSeconds ? null : String(seconds) }),
    setVariable: (name, value) => setView({ [`${VARIABLE_PARAMETER}${name}`]: value }),
    resetTime: () => setView({ [RANGE_PARAMETER]: null, [REFRESH_PARAMETER]: null }),
  };
}
