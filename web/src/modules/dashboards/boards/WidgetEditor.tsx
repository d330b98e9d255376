import { useState } from 'react';
import { Link } from 'react-router';
import { FILLS, type Fill } from '../../../../../common/dashboards-streams.ts';
import { WIDGET_KINDS, type DashboardVariable, type Widget, type WidgetKind, type WidgetQuery } from '../../../../../common/dashboards.ts';
import { Alert, Button, Checkbox, Dialog, Input, Select } from '../../../lib/ui/index.ts';
import { useStreamOptions } from '../api.ts';
import { AGGREGATE_CHOICES } from '../explorer/explorer-query.ts';
import { defaultSize, widgetTitle } from '../builder/draft.ts';
import { INTERVAL_CHOICES, KIND_LABELS } from '../builder/labels.ts';
import { AGGREGATE_LABELS, FILL_LABELS } from '../query-labels.ts';
import { TagFilterFields } from '../builder/TagFilterFields.tsx';
import { canApply, FORECAST_KINDS, formOf, newWidgetForm, TIME_CHART_KINDS, UNANALYSED_AGGREGATES, widgetOf, type WidgetForm } from '../builder/widget-form.ts';
import { WidgetPreview } from '../builder/WidgetPreview.tsx';
import type { ViewRange } from './api.ts';

interface WidgetEditorProps {
  orgId: string;
  dashboardId: string;
  /** The widget to change, or null to make a new one. */
  widget: Widget | null;
  variables: readonly DashboardVariable[];
  values: Record<string, string>;
  range: ViewRange;
  rangeLabel: string;
  onApply: (widget: Widget) => void;
  onClose: () => void;
}

/**
 * Makes or changes one widget: its query (stream, field, aggregate, buckets, grouping, tag filters)
 * and how it is drawn, with a preview that asks the stream again as the form settles. Applying puts
 * the widget in the dashboard being edited; the dashboard's Save keeps it.
 */
export function WidgetEditor({ orgId, dashboardId, widget, variables, values, range, rangeLabel, onApply, onClose }: WidgetEditorProps) {
  const streams = useStreamOptions(orgId);
  const [form, setForm] = useState<WidgetForm>(() => (widget ? formOf(widget) : newWidgetForm(crypto.randomUUID())));
  const set = (patch: Partial<WidgetForm>) => setForm((current) => ({ ...current, ...patch }));
  const { widget: built, errors } = widgetOf(form, streams.data ?? [], variables);
  const stream = streams.data?.find((item) => item.id === built.query.streamId);
  const streamGone = Boolean(widget && streams.data && !streams.data.some((item) => item.id === widget.query.streamId));
  const raw = form.agg === 'raw';
  const unanalysed = UNANALYSED_AGGREGATES.has(form.agg);
  const intervals = form.interval && !(INTERVAL_CHOICES as readonly string[]).includes(form.interval) ? [...INTERVAL_CHOICES, form.interval] : INTERVAL_CHOICES;
  const ready = canApply(built, errors) && !streams.isPending;

  const setKind = (kind: WidgetKind) => set(widget ? { kind } : { kind, position: { ...form.position, ...defaultSize(kind) } });

  return (
    <Dialog
      open
      size="wide"
      title={widget ? `Edit ${widgetTitle(widget)}` : 'Add widget'}
      description="The preview shows the dashboard's time range with the variables as chosen now."
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="widget-editor-form" disabled={!ready}>
            {widget ? 'Apply changes' : 'Add to dashboard'}
          </Button>
        </>
      }
    >
      <div className="h-full overflow-y-auto lg:grid lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)] lg:overflow-hidden">
        <div className="border-b border-border bg-surface-muted/40 p-4 lg:order-2 lg:overflow-y-auto lg:border-b-0 lg:p-5">
          <WidgetPreview dashboardId={dashboardId} widget={built} variables={variables} values={values} range={range} rangeLabel={rangeLabel} />
        </div>
        <form
          id="widget-editor-form"
          className="space-y-6 px-5 py-5 lg:order-1 lg:overflow-y-auto lg:border-r lg:border-border"
          onSubmit={(event) => {
            event.preventDefault();
            if (ready) onApply(built);
          }}
        >
          <section className="space-y-4" aria-labelledby="widget-editor-data">
            <h3 id="widget-editor-data" className="text-[13px] font-semibold tracking-wide text-muted uppercase">
              Data
            </h3>
            {streamGone ? <Alert tone="warning">The stream this widget drew from is gone; choose another.</Alert> : null}
            {streams.isError ? <Alert tone="danger">Could not load the streams: {streams.error.message}</Alert> : null}
            {errors.stream && !streams.isPending ? (
              <Alert tone="info">
                {errors.stream}{' '}
                <Link to={`/orgs/${orgId}/streams`} className="font-medium underline">
                  Go to streams
                </Link>
              </Alert>
            ) : null}
            <div className="grid gap-4 sm:grid-cols-2">
              <Select label="Stream" value={stream?.id ?? ''} disabled={!streams.data?.length} onChange={(event) => set({ streamId: event.target.value, field: '', groupBy: '', filters: [] })}>
                {streams.data?.length ? null : <option value="">{streams.isPending ? 'Loading…' : 'No streams yet'}</option>}
                {streams.data?.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </Select>
              <Select label="Field" value={built.query.field} error={errors.field} disabled={!stream?.fields.length} onChange={(event) => set({ field: event.target.value })}>
                {stream?.fields.length ? null : <option value="">No fields yet</option>}
                {stream?.fields.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </Select>
              <Select label="Aggregate" value={form.agg} onChange={(event) => set({ agg: event.target.value as WidgetQuery['agg'] })}>
                {AGGREGATE_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {AGGREGATE_LABELS[choice]}
                  </option>
                ))}
              </Select>
              <Select
                label="Interval"
                value={form.interval}
                error={errors.interval}
                disabled={raw}
                hint={raw ? 'Raw points have no buckets.' : undefined}
                onChange={(event) => set({ interval: event.target.value })}
              >
                <option value="">Auto (fits the width)</option>
                {intervals.map((interval) => (
                  <option key={interval} value={interval}>
                    {interval}
                  </option>
                ))}
              </Select>
              <Select label="Group by" value={built.query.groupBy ?? ''} disabled={!stream?.tagKeys.length} onChange={(event) => set({ groupBy: event.target.value })}>
                <option value="">{stream?.tagKeys.length ? 'No grouping' : 'No tag keys yet'}</option>
                {stream?.tagKeys.map((key) => (
                  <option key={key} value={key}>
                    One series per {key}
                  </option>
                ))}
              </Select>
              <Select label="Empty buckets" value={form.fill} disabled={raw} onChange={(event) => set({ fill: event.target.value as Fill })}>
                {FILLS.map((fill) => (
                  <option key={fill} value={fill}>
                    {FILL_LABELS[fill]}
                  </option>
                ))}
              </Select>
            </div>
            <TagFilterFields stream={stream} rows={form.filters} variables={variables} error={errors.filters} onChange={(filters) => set({ filters })} />
          </section>

          <section className="space-y-4" aria-labelledby="widget-editor-display">
            <h3 id="widget-editor-display" className="text-[13px] font-semibold tracking-wide text-muted uppercase">
              Display
            </h3>
            <div className="grid gap-4 sm:grid-cols-2">
              <Select label="Kind" value={form.kind} onChange={(event) => setKind(event.target.value as WidgetKind)}>
                {WIDGET_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {KIND_LABELS[kind]}
                  </option>
                ))}
              </Select>
              <Input label="Title" value={form.title} maxLength={120} placeholder={widgetTitle({ ...built, title: '' })} onChange={(event) => set({ title: event.target.value })} />
              <Input label="Unit" value={form.unit} error={errors.unit} placeholder="°C, %, ms" onChange={(event) => set({ unit: event.target.value })} />
              <Input label="Decimals" inputMode="numeric" value={form.decimals} error={errors.decimals} placeholder="Auto" onChange={(event) => set({ decimals: event.target.value })} />
              <Input label="Minimum" inputMode="decimal" value={form.min} error={errors.min} placeholder="Auto" onChange={(event) => set({ min: event.target.value })} />
              <Input label="Maximum" inputMode="decimal" value={form.max} error={errors.max} placeholder="Auto" onChange={(event) => set({ max: event.target.value })} />
            </div>
            <Input
              label="Thresholds"
              value={form.thresholds}
              error={errors.thresholds}
              hint="Values where the colour changes, like 50, 80."
              placeholder="50, 80"
              onChange={(event) => set({ thresholds: event.target.value })}
            />
            {TIME_CHART_KINDS.has(form.kind) ? (
              <div className="space-y-3">
                {FORECAST_KINDS.has(form.kind) ? (
                  <Checkbox
                    label="Forecast"
                    description={unanalysed ? 'Not for sums and counts: forecasts follow hourly averages.' : "Draw the stream's day-ahead forecast after the last point."}
                    checked={form.forecast && !unanalysed}
                    disabled={unanalysed}
                    onChange={(event) => set({ forecast: event.target.checked })}
                  />
                ) : null}
                <Checkbox
                  label="Anomalies"
                  description={unanalysed ? 'Not for sums and counts: anomalies are found in hourly averages.' : 'Mark the hours the analytics found unusual.'}
                  checked={form.anomalies && !unanalysed}
                  disabled={unanalysed}
                  onChange={(event) => set({ anomalies: event.target.checked })}
                />
              </div>
            ) : null}
          </section>
        </form>
      </div>
    </Dialog>
  );
}
