import { INTERVAL_PATTERN, type Fill, type Stream } from '../../../../../common/dashboards-streams.ts';
import { VARIABLE_PATTERN, widgetSchema, type DashboardVariable, type Widget, type WidgetKind, type WidgetQuery } from '../../../../../common/dashboards.ts';
import { MAX_DECIMALS } from '../../../../../common/widget-display.ts';
import { defaultSize } from './draft.ts';

/** Kinds drawn over time, which mark anomalies (on by default, as the renderer reads the options). */
export const TIME_CHART_KINDS: ReadonlySet<WidgetKind> = new Set(['line', 'area', 'bar', 'scatter']);
/** Kinds that can draw the stream's forecast after the last point. */
export const FORECAST_KINDS: ReadonlySet<WidgetKind> = new Set(['line', 'area']);
/** Analytics run on hourly averages, so a sum or a count has no forecast or anomalies on its scale. */
export const UNANALYSED_AGGREGATES: ReadonlySet<WidgetQuery['agg']> = new Set(['sum', 'count']);
/** The display options the editor knows; any other option a widget carries is kept as it is. */
const KNOWN_OPTIONS = ['unit', 'decimals', 'min', 'max', 'thresholds', 'forecast', 'anomalies'] as const;
const UNIT_MAX = 20;

export interface TagFilterRow {
  key: string;
  value: string;
}

/** A widget as the editor's inputs hold it: numbers as typed, tag filters as rows. */
export interface WidgetForm {
  id: string;
  kind: WidgetKind;
  title: string;
  position: Widget['position'];
  streamId: string;
  field: string;
  agg: WidgetQuery['agg'];
  /** Empty for automatic buckets. */
  interval: string;
  groupBy: string;
  fill: Fill;
  filters: TagFilterRow[];
  unit: string;
  decimals: string;
  min: string;
  max: string;
  thresholds: string;
  forecast: boolean;
  anomalies: boolean;
  otherOptions: Widget['options'];
}

export type WidgetFormErrors = Partial<Record<'stream' | 'field' | 'interval' | 'filters' | 'unit' | 'decimals' | 'min' | 'max' | 'thresholds', string>>;

const optionText = (value: Widget['options'][string] | undefined) => (typeof value === 'number' || typeof value === 'string' ? String(value) : '');

export function formOf(widget: Widget): WidgetForm {
  const { options, query } = widget;
  return {
    id: widget.id,
    kind: widget.kind,
    title: widget.title,
    position: widget.position,
    streamId: query.streamId,
    field: query.field,
    agg: query.agg,
    interval: query.interval ?? '',
    groupBy: query.groupBy ?? '',
    fill: query.fill,
    filters: Object.entries(query.tags).map(([key, value]) => ({ key, value })),
    unit: typeof options.unit === 'string' ? options.unit : '',
    decimals: optionText(options.decimals),
    min: optionText(options.min),
    max: optionText(options.max),
    thresholds: Array.isArray(options.thresholds) ? options.thresholds.join(', ') : '',
    forecast: options.forecast === true,
    anomalies: options.anomalies !== false,
    otherOptions: Object.fromEntries(Object.entries(options).filter(([key]) => !(KNOWN_OPTIONS as readonly string[]).includes(key))),
  };
}

export function newWidgetForm(id: string): WidgetForm {
  return {
    id,
    kind: 'line',
    title: '',
    position: { x: 0, y: 0, ...defaultSize('line') },
    streamId: '',
    field: '',
    agg: 'avg',
    interval: '',
    groupBy: '',
    fill: 'null',
    filters: [],
    unit: '',
    decimals: '',
    min: '',
    max: '',
    thresholds: '',
    forecast: false,
    anomalies: true,
    otherOptions: {},
  };
}

/** A number as typed, undefined when left empty, NaN when it does not read as one. */
function typedNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/**
 * The widget the form describes and what is wrong with it. The stream, field, grouping and filters
 * fall back to what the chosen stream has (its first stream and field while nothing is chosen), so
 * the preview draws something from the first keystroke; an invalid input is left out of the widget.
 */
export function widgetOf(form: WidgetForm, streams: readonly Stream[], variables: readonly DashboardVariable[]): { widget: Widget; errors: WidgetFormErrors } {
  const errors: WidgetFormErrors = {};
  const stream = streams.find((item) => item.id === form.streamId) ?? streams[0];
  if (!stream) errors.stream = 'Make a stream first: a widget draws one of its fields.';
  const field = stream?.fields.includes(form.field) ? form.field : (stream?.fields[0] ?? '');
  if (stream && !field) errors.field = 'This stream has no fields yet; write a point to it first.';
  const raw = form.agg === 'raw';
  const interval = form.interval.trim();
  if (interval && !raw && !INTERVAL_PATTERN.test(interval)) errors.interval = 'Write an interval like 10s, 5m, 1h or 1d.';

  const tags: Record<string, string> = {};
  for (const { key, value } of form.filters) {
    const trimmed = value.trim();
    if (!key || !stream?.tagKeys.includes(key)) continue;
    const variable = VARIABLE_PATTERN.exec(trimmed)?.[1];
    if (!trimmed) errors.filters = `Give the ${key} filter a value, or remove it.`;
    else if (key in tags) errors.filters = `Filter by ${key} once.`;
    else if (trimmed.startsWith('$') && !variables.some((item) => item.name === variable)) errors.filters = `No variable named ${trimmed}; add it under Variables first.`;
    else tags[key] = trimmed;
  }

  const options: Widget['options'] = { ...form.otherOptions };
  const unit = form.unit.trim();
  if (unit.length > UNIT_MAX) errors.unit = `Keep the unit to ${UNIT_MAX} characters.`;
  else if (unit) options.unit = unit;
  const decimals = typedNumber(form.decimals);
  if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= MAX_DECIMALS)) errors.decimals = `A whole number from 0 to ${MAX_DECIMALS}.`;
  else if (decimals !== undefined) options.decimals = decimals;
  const min = typedNumber(form.min);
  const max = typedNumber(form.max);
  if (min !== undefined && !Number.isFinite(min)) errors.min = 'Write a number.';
  if (max !== undefined && !Number.isFinite(max)) errors.max = 'Write a number.';
  else if (min !== undefined && max !== undefined && Number.isFinite(min) && max <= min) errors.max = 'Make the maximum larger than the minimum.';
  if (min !== undefined && !errors.min) options.min = min;
  if (max !== undefined && !errors.max) options.max = max;
  const thresholds = form.thresholds.split(/[,;\s]+/).filter(Boolean).map(Number);
  if (thresholds.some((value) => !Number.isFinite(value))) errors.thresholds = 'Numbers separated by commas, like 50, 80.';
  else if (thresholds.length) options.thresholds = [...new Set(thresholds)].sort((a, b) => a - b);
  const analysed = TIME_CHART_KINDS.has(form.kind) && !UNANALYSED_AGGREGATES.has(form.agg);
  if (analysed && FORECAST_KINDS.has(form.kind) && form.forecast) options.forecast = true;
  if (analysed && !form.anomalies) options.anomalies = false;

  const widget: Widget = {
    id: form.id,
    kind: form.kind,
    title: form.title.trim(),
    position: form.position,
    query: {
      streamId: stream?.id ?? '',
      field,
      agg: form.agg,
      fill: form.fill,
      tags,
      ...(interval && !raw && !errors.interval ? { interval } : {}),
      ...(form.groupBy && stream?.tagKeys.includes(form.groupBy) ? { groupBy: form.groupBy } : {}),
    },
    options,
  };
  return { widget, errors };
}

/** Whether the widget can go on the dashboard: nothing wrong in the form and a widget the server will take. */
export function canApply(widget: Widget, errors: WidgetFormErrors): boolean {
  return Object.keys(errors).length === 0 && widgetSchema.safeParse(widget).success;
}
