import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { REFRESH_SECONDS, resolveTime, type DashboardDetail } from '../../../../../common/dashboards.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { Alert, Badge, Button, Card, CopyButton, Dialog, EmptyState, Icon, Input, NotFoundPanel, Select, Spinner, useToast } from '../../../lib/ui/index.ts';
import { TIME_RANGES } from '../explorer/explorer-query.ts';
import { formatInterval } from '../explorer/format.ts';
import { AddWidgetDialog } from './AddWidgetDialog.tsx';
import { boardKeys, downloadExport, useAnnotations, useDashboard, useShareLink, useToggleShare, type ViewRange } from './api.ts';
import { WidgetView } from './WidgetView.tsx';

const SAVED_RANGE = 'saved';

/** A dashboard: its widgets on the 12-column grid over a time range, with variables, refresh, export and sharing. */
export function DashboardPage() {
  const { dashboardId = '' } = useParams();
  const detail = useDashboard(dashboardId);
  if (detail.isPending) return <Spinner label="Loading dashboard…" />;
  if (detail.isError) return <NotFoundPanel title="Dashboard not found" error={detail.error} />;
  return <DashboardView detail={detail.data} />;
}

/** The preset matching the saved range (`now-1h` to `now`), else the saved range itself. */
function initialRange(saved: ViewRange): string {
  if (saved.to !== 'now') return SAVED_RANGE;
  const now = Date.now();
  return TIME_RANGES.find((range) => range.ms === now - resolveTime(saved.from, now))?.id ?? SAVED_RANGE;
}

function refreshLabel(seconds: number): string {
  return seconds === 0 ? 'Off' : `Every ${formatInterval(seconds * 1000)}`;
}

function DashboardView({ detail }: { detail: DashboardDetail }) {
  const { dashboard, policies } = detail;
  const { config } = dashboard;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [rangeId, setRangeId] = useState(() => initialRange(config.timeRange));
  const [refreshSeconds, setRefreshSeconds] = useState<number>(config.refreshSeconds);
  const [typed, setTyped] = useState<Record<string, string>>(() => Object.fromEntries(config.variables.map((variable) => [variable.name, variable.default ?? ''])));
  const variables = useDeferredValue(typed);
  const [sharing, setSharing] = useState(false);
  const [adding, setAdding] = useState(false);
  const preset = TIME_RANGES.find((range) => range.id === rangeId);
  const range = useMemo<ViewRange>(() => (preset ? { from: `now-${preset.ms / 60_000}m`, to: 'now' } : config.timeRange), [preset, config.timeRange]);
  const widgets = [...config.widgets].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <Link to={`/orgs/${dashboard.orgId}/dashboards`} className="inline-flex items-center gap-1 text-[13px] text-muted hover:text-fg">
          <Icon name="arrowLeft" className="size-3.5" /> Dashboards
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 truncate text-xl font-semibold tracking-tight sm:text-2xl">{dashboard.title}</h1>
          {dashboard.shared ? <Badge tone="accent">Shared</Badge> : null}
          <div className="ml-auto flex flex-wrap gap-2">
            {policies.edit ? (
              <Button size="sm" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
                Add widget
              </Button>
            ) : null}
            <Button
              variant="secondary"
              size="sm"
              icon={<Icon name="download" />}
              onClick={() => downloadExport(dashboard).catch((error: unknown) => toast(errorMessage(error), 'danger'))}
            >
              Export
            </Button>
            {policies.share ? (
              <Button variant="secondary" size="sm" onClick={() => setSharing(true)}>
                Share
              </Button>
            ) : null}
          </div>
        </div>
        {dashboard.description ? <p className="max-w-3xl text-sm text-muted">{dashboard.description}</p> : null}
      </header>

      <div className="flex flex-wrap items-end gap-3">
        <Select label="Time range" value={rangeId} onChange={(event) => setRangeId(event.target.value)} containerClassName="w-48">
          {TIME_RANGES.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.title}
            </option>
          ))}
          <option value={SAVED_RANGE}>
            Saved: {config.timeRange.from} to {config.timeRange.to}
          </option>
        </Select>
        <Select label="Auto-refresh" value={refreshSeconds} onChange={(event) => setRefreshSeconds(Number(event.target.value))} containerClassName="w-36">
          {REFRESH_SECONDS.map((seconds) => (
            <option key={seconds} value={seconds}>
              {refreshLabel(seconds)}
            </option>
          ))}
        </Select>
        {config.variables.map((variable) => (
          <Input
            key={variable.name}
            label={variable.label || variable.name}
            value={typed[variable.name] ?? ''}
            placeholder="* (all)"
            onChange={(event) => setTyped({ ...typed, [variable.name]: event.target.value })}
            containerClassName="w-40"
          />
        ))}
        <Button variant="secondary" onClick={() => void queryClient.invalidateQueries({ queryKey: boardKeys.widgets(dashboard.id) })}>
          Refresh
        </Button>
      </div>

      <Annotations dashboardId={dashboard.id} range={range} />

      {widgets.length === 0 ? (
        <Card>
          <EmptyState title="No widgets yet">{policies.edit ? 'Add a chart or a number of one of your streams.' : 'Editors of this dashboard add them.'}</EmptyState>
        </Card>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-12 md:auto-rows-[40px]">
          {widgets.map((widget) => (
            <WidgetView key={widget.id} dashboardId={dashboard.id} widget={widget} range={range} variables={variables} refreshSeconds={refreshSeconds} />
          ))}
        </div>
      )}

      {policies.share ? <ShareDialog dashboardId={dashboard.id} open={sharing} onClose={() => setSharing(false)} /> : null}
      {policies.edit ? <AddWidgetDialog dashboard={dashboard} open={adding} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}

/** The annotations touching the range, listed under the header. */
function Annotations({ dashboardId, range }: { dashboardId: string; range: ViewRange }) {
  const annotations = useAnnotations(dashboardId, range);
  if (!annotations.data?.length) return null;
  return (
    <ul aria-label="Annotations" className="space-y-1 text-sm">
      {annotations.data.map((annotation) => (
        <li key={annotation.id} className="flex flex-wrap gap-x-2">
          <span className="text-muted tabular-nums">{formatDateTime(annotation.time)}</span>
          <span>{annotation.text}</span>
        </li>
      ))}
    </ul>
  );
}

function ShareDialog({ dashboardId, open, onClose }: { dashboardId: string; open: boolean; onClose: () => void }) {
  const link = useShareLink(dashboardId, open);
  const toggle = useToggleShare(dashboardId);
  const on = Boolean(link.data);
  return (
    <Dialog open={open} onClose={onClose} title="Public link" description="Anyone with the link reads this dashboard without signing in; they cannot change it.">
      <div className="space-y-4">
        {link.isPending ? (
          <Spinner />
        ) : link.data ? (
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded-lg border border-border bg-surface-muted px-3 py-2 text-[13px]">{link.data.url}</code>
            <CopyButton text={link.data.url} label="Copy link" />
          </div>
        ) : (
          <p className="text-sm text-muted">The link is off.</p>
        )}
        {toggle.isError || link.isError ? <Alert tone="danger">{errorMessage(toggle.error ?? link.error)}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Button variant={on ? 'danger' : 'primary'} loading={toggle.isPending} disabled={link.isPending} onClick={() => toggle.mutate(!on)}>
            {on ? 'Turn off link' : 'Turn on link'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
