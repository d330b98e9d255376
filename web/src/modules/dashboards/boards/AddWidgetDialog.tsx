import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AGGREGATES } from '../../../../../common/dashboards-streams.ts';
import { WIDGET_KINDS, dashboardLimits, type Dashboard, type Widget, type WidgetKind } from '../../../../../common/dashboards.ts';
import { ApiError } from '../../../lib/api.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Button, Dialog, Input, Select } from '../../../lib/ui/index.ts';
import { useStreamOptions } from '../api.ts';
import { boardKeys, useUpdateDashboard } from './api.ts';

const WIDTHS = [3, 4, 6, 8, 12] as const;
const NUMBER_KINDS = new Set<WidgetKind>(['stat', 'gauge']);

/** Appends one widget under the others and saves from the version shown; a conflicting save reloads the dashboard. */
export function AddWidgetDialog({ dashboard, open, onClose }: { dashboard: Dashboard; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const streams = useStreamOptions(dashboard.orgId);
  const update = useUpdateDashboard(dashboard);
  const [kind, setKind] = useState<WidgetKind>('line');
  const [title, setTitle] = useState('');
  const [streamId, setStreamId] = useState('');
  const [field, setField] = useState('');
  const [agg, setAgg] = useState<Widget['query']['agg']>('avg');
  const [groupBy, setGroupBy] = useState('');
  const [width, setWidth] = useState<number>(6);
  const stream = streams.data?.find((item) => item.id === streamId) ?? streams.data?.[0];
  const fieldChoice = stream?.fields.includes(field) ? field : (stream?.fields[0] ?? '');
  const close = () => {
    update.reset();
    onClose();
  };

  const save = () => {
    if (!stream || !fieldChoice) return;
    const bottom = Math.max(0, ...dashboard.config.widgets.map((widget) => widget.position.y + widget.position.h));
    const widget: Widget = {
      id: crypto.randomUUID(),
      kind,
      title: title.trim(),
      position: { x: 0, y: bottom, w: width, h: NUMBER_KINDS.has(kind) ? 3 : 6 },
      query: { streamId: stream.id, field: fieldChoice, agg, fill: 'null', tags: {}, ...(groupBy && stream.tagKeys.includes(groupBy) ? { groupBy } : {}) },
      options: {},
    };
    update.mutate(
      { version: dashboard.version, config: { ...dashboard.config, widgets: [...dashboard.config.widgets, widget] } },
      {
        onSuccess: () => {
          setTitle('');
          close();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'dashboard_changed') void queryClient.invalidateQueries({ queryKey: boardKeys.board(dashboard.id), exact: true });
        },
      },
    );
  };

  const full = dashboard.config.widgets.length >= dashboardLimits.widgets;
  return (
    <Dialog open={open} onClose={close} title="Add widget" description="It goes under the others, as wide as you choose.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Select label="Kind" value={kind} onChange={(event) => setKind(event.target.value as WidgetKind)}>
            {WIDGET_KINDS.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </Select>
          <Input label="Title" value={title} maxLength={120} onChange={(event) => setTitle(event.target.value)} placeholder="Office temperature" />
          <Select label="Stream" value={stream?.id ?? ''} onChange={(event) => setStreamId(event.target.value)} disabled={!streams.data?.length}>
            {streams.data?.length ? null : <option value="">{streams.isPending ? 'Loading…' : 'No streams yet'}</option>}
            {streams.data?.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </Select>
          <Select label="Field" value={fieldChoice} onChange={(event) => setField(event.target.value)} disabled={!stream?.fields.length}>
            {stream?.fields.length ? null : <option value="">No fields yet</option>}
            {stream?.fields.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
          <Select label="Aggregate" value={agg} onChange={(event) => setAgg(event.target.value as Widget['query']['agg'])}>
            {[...AGGREGATES, 'raw' as const].map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </Select>
          <Select label="Group by" value={groupBy} onChange={(event) => setGroupBy(event.target.value)} disabled={!stream?.tagKeys.length}>
            <option value="">No grouping</option>
            {stream?.tagKeys.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </Select>
          <Select label="Width" value={width} onChange={(event) => setWidth(Number(event.target.value))}>
            {WIDTHS.map((columns) => (
              <option key={columns} value={columns}>
                {columns} of 12 columns
              </option>
            ))}
          </Select>
        </div>
        {full ? <Alert tone="warning">A dashboard holds {dashboardLimits.widgets} widgets at most.</Alert> : null}
        {update.isError ? <Alert tone="danger">{errorMessage(update.error)}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={full || !fieldChoice}>
            Add widget
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
