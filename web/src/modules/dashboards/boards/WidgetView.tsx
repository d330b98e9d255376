import { useMemo, useRef, type CSSProperties } from 'react';
import type { QueryResult } from '../../../../../common/dashboards-streams.ts';
import type { Widget } from '../../../../../common/dashboards.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Badge, Spinner, TBody, THead, Table, Td, Th, Tr } from '../../../lib/ui/index.ts';
import { ChartModel } from '../explorer/chart-model.ts';
import { formatValue } from '../explorer/format.ts';
import { TimeSeriesChart } from '../explorer/TimeSeriesChart.tsx';
import { useElementWidth } from '../explorer/useElementWidth.ts';
import { useWidgetData, type ViewRange, type WidgetAnswer } from './api.ts';

/** Grid row height and gap in pixels; a widget `h` rows tall is h × ROW + (h − 1) × GAP high. */
export const ROW_PX = 40;
export const GAP_PX = 16;
const HEADER_PX = 44;
const LEGEND_PX = 36;
const CHART_KINDS = new Set<Widget['kind']>(['line', 'area', 'bar', 'scatter', 'heatmap']);

interface WidgetViewProps {
  dashboardId: string;
  widget: Widget;
  range: ViewRange;
  variables: Record<string, string>;
  refreshSeconds: number;
}

/** One widget in its grid cell, asking for its own data. */
export function WidgetView({ dashboardId, widget, range, variables, refreshSeconds }: WidgetViewProps) {
  const body = useRef<HTMLDivElement>(null);
  const width = useElementWidth(body);
  const data = useWidgetData(dashboardId, widget.id, range, variables, Math.max(2, Math.min(width, 1000)), refreshSeconds);
  const { x, y, w, h } = widget.position;
  const heightPx = h * ROW_PX + (h - 1) * GAP_PX;
  const title = widget.title || `${widget.query.agg} of ${widget.query.field}`;
  return (
    <section
      aria-label={title}
      className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-card md:[grid-column:var(--col)] md:[grid-row:var(--row)]"
      style={{ '--col': `${x + 1} / span ${w}`, '--row': `${y + 1} / span ${h}`, minHeight: heightPx } as CSSProperties}
    >
      <header className="flex h-11 shrink-0 items-center gap-2 px-4">
        <h2 className="min-w-0 truncate text-sm font-semibold">{title}</h2>
        {widget.kind !== 'line' && CHART_KINDS.has(widget.kind) ? <Badge className="ml-auto">{widget.kind} drawn as lines</Badge> : null}
        {data.isFetching ? <Spinner /> : null}
      </header>
      <div ref={body} className="min-h-0 flex-1 px-2 pb-2">
        {data.isError ? (
          <div className="p-2">
            <Alert tone="danger">{errorMessage(data.error)}</Alert>
          </div>
        ) : !data.data ? (
          <div className="grid h-full place-items-center">
            <Spinner label="Loading…" />
          </div>
        ) : CHART_KINDS.has(widget.kind) ? (
          <WidgetChart widget={widget} answer={data.data} width={width} height={Math.max(80, heightPx - HEADER_PX - LEGEND_PX - 8)} />
        ) : widget.kind === 'table' ? (
          <SeriesTable widget={widget} result={data.data.result} />
        ) : (
          <BigNumber widget={widget} result={data.data.result} />
        )}
      </div>
    </section>
  );
}

function WidgetChart({ widget, answer, width, height }: { widget: Widget; answer: WidgetAnswer; width: number; height: number }) {
  const groupBy = widget.query.groupBy ?? '';
  const model = useMemo(() => ChartModel.fromResult(answer.result, groupBy), [answer, groupBy]);
  const timeWindow = useMemo(() => ({ kind: 'fixed' as const, from: answer.from, to: answer.to }), [answer]);
  return (
    <TimeSeriesChart
      model={model}
      timeWindow={timeWindow}
      feed={null}
      width={width}
      height={height}
      label={`Chart of ${widget.query.field}${groupBy ? `, one line per ${groupBy}` : ''}`}
      empty={`No ${widget.query.field} points in this range`}
    />
  );
}

interface SeriesSummary {
  label: string;
  last: number | null;
  lastTime: number;
  min: number | null;
  max: number | null;
}

function summarise(result: QueryResult, groupBy: string): SeriesSummary[] {
  return result.series.map((series) => {
    const label = groupBy ? `${groupBy}=${series.tags[groupBy] ?? ''}` : result.field;
    let last: number | null = null;
    let lastTime = -Infinity;
    let min: number | null = null;
    let max: number | null = null;
    for (const [index, value] of series.values.entries()) {
      if (value === null) continue;
      last = value;
      lastTime = series.times[index] ?? lastTime;
      min = min === null ? value : Math.min(min, value);
      max = max === null ? value : Math.max(max, value);
    }
    return { label, last, lastTime, min, max };
  });
}

function SeriesTable({ widget, result }: { widget: Widget; result: QueryResult }) {
  const rows = summarise(result, widget.query.groupBy ?? '');
  if (!rows.length) return <p className="px-2 text-sm text-muted">No points in this range</p>;
  return (
    <Table label={widget.title || 'Series'}>
      <THead>
        <Th>Series</Th>
        <Th className="text-right">Last</Th>
        <Th className="text-right">Min</Th>
        <Th className="text-right">Max</Th>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.label}>
            <Td className="font-mono text-[13px]">{row.label}</Td>
            <Td className="text-right tabular-nums">{formatValue(row.last)}</Td>
            <Td className="text-right text-muted tabular-nums">{formatValue(row.min)}</Td>
            <Td className="text-right text-muted tabular-nums">{formatValue(row.max)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** A stat: the newest value of any series. A gauge adds a bar between options.min and options.max. */
function BigNumber({ widget, result }: { widget: Widget; result: QueryResult }) {
  const newest = summarise(result, widget.query.groupBy ?? '').reduce<SeriesSummary | null>((best, row) => (row.last !== null && (!best || row.lastTime > best.lastTime) ? row : best), null);
  const unit = typeof widget.options.unit === 'string' ? widget.options.unit : '';
  const min = typeof widget.options.min === 'number' ? widget.options.min : 0;
  const max = typeof widget.options.max === 'number' ? widget.options.max : 100;
  const share = newest && newest.last !== null && max > min ? Math.min(1, Math.max(0, (newest.last - min) / (max - min))) : 0;
  return (
    <div className="flex h-full flex-col justify-center gap-3 px-2">
      <p className="text-3xl font-semibold tracking-tight tabular-nums" data-testid="widget-value">
        {formatValue(newest?.last)}
        {unit && newest ? <span className="ml-1 text-base font-medium text-muted">{unit}</span> : null}
      </p>
      {widget.kind === 'gauge' ? (
        <div>
          <div className="h-2 overflow-hidden rounded-full bg-surface-muted" role="meter" aria-valuemin={min} aria-valuemax={max} aria-valuenow={newest?.last ?? min} aria-label={`${widget.query.field} gauge`}>
            <div className="h-full rounded-full bg-accent" style={{ width: `${share * 100}%` }} />
          </div>
          <div className="mt-1 flex justify-between text-[12px] text-muted tabular-nums">
            <span>{formatValue(min)}</span>
            <span>{formatValue(max)}</span>
          </div>
        </div>
      ) : null}
      {newest && (widget.query.groupBy ?? '') ? <p className="text-[13px] text-muted">{newest.label}</p> : null}
      {!newest ? <p className="text-[13px] text-muted">No points in this range</p> : null}
    </div>
  );
}
