import { useMemo, useRef } from 'react';
import { resolveTags, type DashboardVariable, type Widget } from '../../../../../common/dashboards.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Spinner } from '../../../lib/ui/index.ts';
import { useElementWidth } from '../explorer/useElementWidth.ts';
import { useStreamAnswer, type BoardSource, type ViewRange } from '../boards/api.ts';
import { WidgetContent, widgetPoints } from '../charts/WidgetContent.tsx';
import { rowsHeightPx } from './DashboardGrid.tsx';
import { widgetTitle } from './draft.ts';
import { WIDGET_HEADER_PX, WIDGET_PADDING_PX } from './GridWidget.tsx';
import { useDebouncedValue } from './useDebouncedValue.ts';

/** Typing settles this long before the preview asks again. */
const PREVIEW_DEBOUNCE_MS = 300;
const PREVIEW_MIN_PX = 180;
const PREVIEW_MAX_PX = 380;

interface WidgetPreviewProps {
  dashboardId: string;
  widget: Widget;
  variables: readonly DashboardVariable[];
  values: Record<string, string>;
  range: ViewRange;
  rangeLabel: string;
}

/** The widget being edited, drawn from its stream over the dashboard's range with the variables as chosen. */
export function WidgetPreview({ dashboardId, widget, variables, values, range, rangeLabel }: WidgetPreviewProps) {
  const body = useRef<HTMLDivElement>(null);
  const width = useElementWidth(body);
  const points = widgetPoints(widget.kind, width);
  const settled = useDebouncedValue(widget.query, PREVIEW_DEBOUNCE_MS);
  const tags = useMemo(() => resolveTags(settled.tags, variables, values), [settled.tags, variables, values]);
  const source: BoardSource = { kind: 'dashboard', dashboardId };
  const answer = useStreamAnswer(source, 'preview', settled, tags, range, points);
  const height = Math.min(PREVIEW_MAX_PX, Math.max(PREVIEW_MIN_PX, rowsHeightPx(widget.position.h) - WIDGET_HEADER_PX - WIDGET_PADDING_PX));
  // Drawn with the query the answer is for, so a grouping's labels match its series while typing settles.
  const shown = useMemo(() => ({ ...widget, query: settled }), [widget, settled]);
  const filters = Object.entries(settled.tags).map(([key, value]) => (value.startsWith('$') ? `${key}=${value} (${tags[key] ?? 'All'})` : `${key}=${value}`));
  return (
    <section aria-label="Preview" className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-card">
      <header className="flex h-11 shrink-0 items-center gap-2 px-4">
        <h3 className="min-w-0 truncate text-sm font-semibold">{widgetTitle(widget)}</h3>
        <span className="ml-auto flex shrink-0 items-center gap-2 text-[12px] text-muted">
          {answer.isFetching ? <Spinner /> : null}
          {rangeLabel}
        </span>
      </header>
      <div ref={body} className="min-w-0 px-2 pb-2" style={{ height: height + WIDGET_PADDING_PX }}>
        {!settled.streamId || !settled.field ? (
          <p className="grid h-full place-items-center px-6 text-center text-sm text-muted">Choose a stream and a field to see its data here.</p>
        ) : answer.isError ? (
          <div className="p-2">
            <Alert tone="danger">{errorMessage(answer.error)}</Alert>
          </div>
        ) : !answer.data ? (
          <div className="grid h-full place-items-center">
            <Spinner label="Loading preview…" />
          </div>
        ) : (
          <WidgetContent widget={shown} answer={answer.data} width={width} height={height} source={source} />
        )}
      </div>
      <p className="border-t border-border px-4 py-2 text-[12px] text-muted">
        {filters.length ? `Filtered by ${filters.join(', ')}` : 'No tag filter: every series of the stream.'}
      </p>
    </section>
  );
}
