import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useBlocker, useLocation, useParams } from 'react-router';
import { dashboardConfigSchema, dashboardLimits, type DashboardConfig, type DashboardDetail, type Widget } from '../../../../../common/dashboards.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { Alert, Badge, Button, Card, CopyButton, Dialog, EmptyState, Icon, NotFoundPanel, Spinner, useToast } from '../../../lib/ui/index.ts';
import { DashboardGrid } from '../builder/DashboardGrid.tsx';
import { DetailsEditor, type DashboardDetails } from '../builder/DetailsEditor.tsx';
import { duplicateWidget, isSavedQuery, putWidget, removeWidget, sameValue, widgetTitle, withLayout } from '../builder/draft.ts';
import { GridWidget } from '../builder/GridWidget.tsx';
import { SaveBar } from '../builder/SaveBar.tsx';
import { useDashboardView } from '../builder/useDashboardView.ts';
import { VariablesEditor } from '../builder/VariablesEditor.tsx';
import { ViewControls } from '../builder/ViewControls.tsx';
import { boardKeys, downloadExport, useAnnotations, useDashboard, useShareLink, useToggleShare, useUpdateDashboard, widgetsKey, type BoardSource, type ViewRange } from './api.ts';
import { WidgetEditor } from './WidgetEditor.tsx';

/** A dashboard: its widgets on the 12-column grid over a time range, with variables, refresh, export, sharing and edit mode. */
export function DashboardPage() {
  const { dashboardId = '' } = useParams();
  const detail = useDashboard(dashboardId);
  if (detail.isPending) return <Spinner label="Loading dashboard…" />;
  if (detail.isError) return <NotFoundPanel title="Dashboard not found" error={detail.error} />;
  return <DashboardView detail={detail.data} />;
}

/** Changes being made in edit mode, and the version they started from. */
interface EditSession {
  version: number;
  details: DashboardDetails;
  config: DashboardConfig;
}

type EditorTarget = { widget: Widget | null } | null;

function DashboardView({ detail }: { detail: DashboardDetail }) {
  const { dashboard, policies } = detail;
  const saved = dashboard.config;
  const location = useLocation();
  const queryClient = useQueryClient();
  const toast = useToast();
  const update = useUpdateDashboard(dashboard);
  const savedDetails: DashboardDetails = { title: dashboard.title, description: dashboard.description };
  const newSession = (): EditSession => ({ version: dashboard.version, details: savedDetails, config: saved });
  const [session, setSession] = useState<EditSession | null>(() => (policies.edit && (location.state as { editing?: boolean } | null)?.editing ? newSession() : null));
  const [editor, setEditor] = useState<EditorTarget>(null);
  const [editingVariables, setEditingVariables] = useState(false);
  const [editingDetails, setEditingDetails] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [keepTime, setKeepTime] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);

  const config = session?.config ?? saved;
  const details = session?.details ?? savedDetails;
  const editing = session !== null;
  const source: BoardSource = { kind: 'dashboard', dashboardId: dashboard.id };
  const view = useDashboardView(saved, config.variables);
  const { range, refreshSeconds, values, timeChanged } = view;
  const toSave = session ? (keepTime && timeChanged ? { ...session.config, timeRange: range, refreshSeconds } : session.config) : saved;
  const detailsChanged = session !== null && !sameValue(session.details, savedDetails);
  const dirty = session !== null && (detailsChanged || !sameValue(toSave, saved));
  const full = config.widgets.length >= dashboardLimits.widgets;

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (apply: (current: DashboardConfig) => DashboardConfig) => {
    setInvalid(null);
    setSession((current) => (current ? { ...current, config: apply(current.config) } : current));
  };
  const startEditing = () => setSession(newSession());
  const stopEditing = () => {
    setSession(null);
    setKeepTime(false);
    setInvalid(null);
    update.reset();
  };
  const openEditor = (target: NonNullable<EditorTarget>) => {
    if (!session) startEditing();
    setEditor(target);
  };

  const save = (overwrite = false) => {
    if (!session) return;
    const parsed = dashboardConfigSchema.safeParse(toSave);
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? 'The dashboard is not valid');
      return;
    }
    // Only a changed title or description is sent, so saving over someone else's changes keeps what they renamed.
    const renamed = {
      ...(session.details.title === dashboard.title ? {} : { title: session.details.title }),
      ...(session.details.description === dashboard.description ? {} : { description: session.details.description }),
    };
    update.mutate(
      { version: session.version, ...renamed, config: toSave, overwrite },
      {
        onSuccess: () => {
          if (keepTime && timeChanged) view.resetTime();
          stopEditing();
          toast('Dashboard saved');
        },
      },
    );
  };

  const reload = () => {
    stopEditing();
    void queryClient.invalidateQueries({ queryKey: boardKeys.board(dashboard.id) });
  };

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <Link to={`/orgs/${dashboard.orgId}/dashboards`} className="inline-flex items-center gap-1 text-[13px] text-muted hover:text-fg">
          <Icon name="arrowLeft" className="size-3.5" /> Dashboards
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 truncate text-xl font-semibold tracking-tight sm:text-2xl">{details.title}</h1>
          {dashboard.shared ? <Badge tone="accent">Shared</Badge> : null}
          {editing ? <Badge tone="warning">Editing</Badge> : null}
          <div className="ml-auto flex flex-wrap gap-2">
            {editing ? (
              <>
                <Button size="sm" icon={<Icon name="plus" />} disabled={full} title={full ? `A dashboard holds ${dashboardLimits.widgets} widgets at most` : undefined} onClick={() => openEditor({ widget: null })}>
                  Add widget
                </Button>
                <Button variant="secondary" size="sm" icon={<Icon name="variable" />} onClick={() => setEditingVariables(true)}>
                  Variables
                </Button>
                <Button variant="secondary" size="sm" icon={<Icon name="pencil" />} onClick={() => setEditingDetails(true)}>
                  Title and description
                </Button>
              </>
            ) : (
              <>
                {policies.edit ? (
                  <Button size="sm" icon={<Icon name="pencil" />} onClick={startEditing}>
                    Edit
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
              </>
            )}
          </div>
        </div>
        {details.description ? <p className="max-w-3xl text-sm whitespace-pre-line text-muted">{details.description}</p> : null}
      </header>

      <ViewControls view={view} saved={saved} variables={config.variables} source={source} onRefresh={() => void queryClient.invalidateQueries({ queryKey: widgetsKey(source) })} />

      <Annotations dashboardId={dashboard.id} range={range} />

      {editing ? <p className="text-[13px] text-muted md:hidden">Widgets move and resize on wider screens; here you can add, edit and remove them.</p> : null}

      {config.widgets.length === 0 ? (
        <Card>
          <EmptyState title="No widgets yet">
            {policies.edit ? (
              <div className="mt-3 flex flex-col items-center gap-3">
                <p>Add a chart, a number or a table of one of your streams.</p>
                <Button size="sm" icon={<Icon name="plus" />} onClick={() => openEditor({ widget: null })}>
                  Add widget
                </Button>
              </div>
            ) : (
              'Editors of this dashboard add them.'
            )}
          </EmptyState>
        </Card>
      ) : (
        <DashboardGrid
          widgets={config.widgets}
          titleOf={widgetTitle}
          onLayoutChange={editing ? (layout) => change((current) => withLayout(current, layout)) : null}
          renderWidget={(widget, controls) => (
            <GridWidget
              source={source}
              widget={widget}
              saved={isSavedQuery(widget, saved.widgets)}
              range={range}
              variables={config.variables}
              values={values}
              refreshSeconds={refreshSeconds}
              controls={controls}
              actions={
                editing
                  ? {
                      onEdit: () => setEditor({ widget }),
                      onDuplicate: full ? null : () => change((current) => duplicateWidget(current, widget.id, crypto.randomUUID())),
                      onRemove: () => change((current) => removeWidget(current, widget.id)),
                    }
                  : null
              }
            />
          )}
        />
      )}

      {session ? (
        <SaveBar
          dirty={dirty}
          saving={update.isPending}
          error={invalid ?? update.error}
          keepTime={timeChanged ? { checked: keepTime, onChange: setKeepTime } : null}
          onSave={() => save()}
          onDiscard={stopEditing}
          onReload={reload}
          onOverwrite={() => save(true)}
        />
      ) : null}

      {editor ? (
        <WidgetEditor
          orgId={dashboard.orgId}
          dashboardId={dashboard.id}
          widget={editor.widget}
          variables={config.variables}
          values={values}
          range={range}
          rangeLabel={view.rangeLabel}
          onClose={() => setEditor(null)}
          onApply={(widget) => {
            change((current) => putWidget(current, widget));
            setEditor(null);
          }}
        />
      ) : null}
      {editingDetails && session ? (
        <DetailsEditor
          details={session.details}
          onClose={() => setEditingDetails(false)}
          onApply={(next) => {
            setInvalid(null);
            setSession((current) => (current ? { ...current, details: next } : current));
            setEditingDetails(false);
          }}
        />
      ) : null}
      {editingVariables ? (
        <VariablesEditor
          orgId={dashboard.orgId}
          variables={config.variables}
          widgets={config.widgets}
          onClose={() => setEditingVariables(false)}
          onApply={(variables, renames) => {
            change((current) => ({ ...current, variables, widgets: current.widgets.map((widget) => renameVariables(widget, renames)) }));
            setEditingVariables(false);
          }}
        />
      ) : null}
      {policies.share ? <ShareDialog dashboardId={dashboard.id} open={sharing} onClose={() => setSharing(false)} /> : null}
      <Dialog open={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title="Leave without saving?" description="Your changes to this dashboard are not saved yet.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => blocker.reset?.()}>
            Stay
          </Button>
          <Button variant="danger" onClick={() => blocker.proceed?.()}>
            Leave and discard
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

/** A widget whose tag filters follow variables that were renamed (`$old` becomes `$new`). */
function renameVariables(widget: Widget, renames: Map<string, string>): Widget {
  if (renames.size === 0) return widget;
  const tags = Object.fromEntries(Object.entries(widget.query.tags).map(([key, value]) => [key, value.startsWith('$') && renames.has(value.slice(1)) ? `$${renames.get(value.slice(1))!}` : value]));
  return { ...widget, query: { ...widget.query, tags } };
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
