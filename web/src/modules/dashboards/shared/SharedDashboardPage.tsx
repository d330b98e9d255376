import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, type ReactNode } from 'react';
import { useParams } from 'react-router';
import type { PublicDashboard } from '../../../../../common/dashboards.ts';
import { Logo } from '../../../app/Logo.tsx';
import { ThemeToggle } from '../../../app/ThemeToggle.tsx';
import { ApiError } from '../../../lib/api.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Button, Card, EmptyState, Spinner } from '../../../lib/ui/index.ts';
import { sharedKeys, useSharedDashboard, type BoardSource } from '../boards/api.ts';
import { DashboardGrid } from '../builder/DashboardGrid.tsx';
import { widgetTitle } from '../builder/draft.ts';
import { GridWidget } from '../builder/GridWidget.tsx';
import { useDashboardView } from '../builder/useDashboardView.ts';
import { ViewControls } from '../builder/ViewControls.tsx';

/** The link was turned off, or never led anywhere: the API answers 404, or 400 for a token of the wrong shape. */
function linkIsGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

/**
 * A dashboard opened by its public link, without signing in: its widgets on the same grid as the
 * signed-in viewer, read-only, with the time range, auto-refresh and variables to look around with.
 */
export function SharedDashboardPage() {
  const { token = '' } = useParams();
  const board = useSharedDashboard(token);
  const queryClient = useQueryClient();
  let content: ReactNode;
  // A link turned off while the page is open is noticed on the next refresh, with the dashboard still held.
  if (board.isError && linkIsGone(board.error)) content = <LinkGone />;
  else if (board.data) content = <SharedDashboardView token={token} dashboard={board.data} />;
  else if (board.isError) content = <LoadFailed error={board.error} onRetry={() => void queryClient.invalidateQueries({ queryKey: sharedKeys.board(token) })} />;
  else content = <Spinner label="Loading dashboard…" />;
  return <SharedFrame>{content}</SharedFrame>;
}

function SharedFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between border-b border-border px-4 py-3 sm:px-8">
        <Logo />
        <ThemeToggle />
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">{children}</main>
      <footer className="px-4 py-4 text-center text-[12px] text-muted">Shared from Fluxworks · read-only</footer>
    </div>
  );
}

function SharedDashboardView({ token, dashboard }: { token: string; dashboard: PublicDashboard }) {
  const { config } = dashboard;
  const queryClient = useQueryClient();
  const source = useMemo<BoardSource>(() => ({ kind: 'shared', token }), [token]);
  const view = useDashboardView(config, config.variables);
  // Asks for the dashboard again at the refresh period as well, so its new layout shows and a link turned off is noticed.
  useSharedDashboard(token, view.refreshSeconds);

  useEffect(() => {
    const before = document.title;
    document.title = `${dashboard.title} · Fluxworks`;
    return () => {
      document.title = before;
    };
  }, [dashboard.title]);

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-xl font-semibold tracking-tight break-words sm:text-2xl">{dashboard.title}</h1>
        {dashboard.description ? <p className="max-w-3xl text-sm whitespace-pre-line text-muted">{dashboard.description}</p> : null}
      </header>

      <ViewControls view={view} saved={config} variables={config.variables} source={source} onRefresh={() => void queryClient.invalidateQueries({ queryKey: sharedKeys.board(token) })} />

      {config.widgets.length === 0 ? (
        <Card>
          <EmptyState title="No widgets yet">This dashboard has nothing to show yet.</EmptyState>
        </Card>
      ) : (
        <DashboardGrid
          widgets={config.widgets}
          titleOf={widgetTitle}
          onLayoutChange={null}
          renderWidget={(widget) => (
            <GridWidget
              source={source}
              widget={widget}
              saved
              range={view.range}
              variables={config.variables}
              values={view.values}
              refreshSeconds={view.refreshSeconds}
              controls={null}
              actions={null}
            />
          )}
        />
      )}
    </div>
  );
}

function LinkGone() {
  return (
    <div className="mx-auto max-w-md space-y-3 py-16 text-center">
      <h1 className="text-xl font-semibold tracking-tight">This link no longer leads to a dashboard</h1>
      <p className="text-sm text-muted">Whoever shared it may have turned it off, or the address was cut short. Ask them for a new link.</p>
    </div>
  );
}

function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div className="mx-auto max-w-md space-y-4 py-16 text-center">
      <h1 className="text-lg font-semibold">The dashboard could not be loaded</h1>
      <Alert tone="danger">{errorMessage(error)}</Alert>
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
