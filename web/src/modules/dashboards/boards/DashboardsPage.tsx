import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { dashboardLimits, type Dashboard } from '../../../../../common/dashboards.ts';
import { useSession } from '../../../app/session.tsx';
import { errorMessage, formText } from '../../../lib/forms.ts';
import { formatRelative } from '../../../lib/format.ts';
import { useCursorList } from '../../../lib/useCursorList.ts';
import { Alert, Badge, Button, Card, Dialog, EmptyState, Icon, Input, PageHeader, Spinner, TBody, THead, Table, Td, Th, Tr } from '../../../lib/ui/index.ts';
import { useOrganizationPage } from '../../identity/OrganizationLayout.tsx';
import { boardKeys, useCreateDashboard, useDeleteDashboard, useImportDashboard } from './api.ts';

/** The organisation's dashboards: open one, make a new one, import an exported file, delete. */
export function DashboardsPage() {
  const { orgId, org } = useOrganizationPage();
  const { state } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Dashboard | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dashboards = useCursorList<Dashboard>(boardKeys.list(orgId, {}), `/orgs/${orgId}/dashboards?limit=50`);
  const importFile = useImportDashboard(orgId);
  const canCreate = org.role !== 'viewer';
  const isAdmin = org.role === 'owner' || org.role === 'admin';
  const userId = state.status === 'signed-in' ? state.user.id : '';
  const canDelete = (dashboard: Dashboard) => canCreate && (isAdmin || dashboard.createdBy?.id === userId);

  return (
    <>
      <PageHeader
        title="Dashboards"
        description={`Charts and numbers of ${org.organization.name}'s streams, side by side.`}
        actions={
          canCreate ? (
            <>
              <Button variant="secondary" icon={<Icon name="download" />} loading={importFile.isPending} onClick={() => fileInput.current?.click()}>
                Import
              </Button>
              <Button icon={<Icon name="plus" />} onClick={() => setCreating(true)}>
                New dashboard
              </Button>
            </>
          ) : null
        }
      />
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        aria-label="Dashboard file to import"
        className="hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) importFile.mutate(file, { onSuccess: (dashboard) => void navigate(`/dashboards/${dashboard.id}`) });
        }}
      />
      {importFile.isError ? (
        <div className="mb-5">
          <Alert tone="danger">Could not import: {errorMessage(importFile.error)}</Alert>
        </div>
      ) : null}

      {dashboards.isPending ? (
        <Spinner label="Loading dashboards…" />
      ) : dashboards.isError ? (
        <Alert tone="danger">{dashboards.error.message}</Alert>
      ) : dashboards.items.length === 0 ? (
        <Card>
          <EmptyState title="No dashboards yet">{canCreate ? 'Make one, then add charts of your streams to it.' : 'Members of the organisation make them.'}</EmptyState>
        </Card>
      ) : (
        <Card>
          <Table label="Dashboards">
            <THead>
              <Th>Title</Th>
              <Th>Widgets</Th>
              <Th className="hidden sm:table-cell">Updated</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {dashboards.items.map((dashboard) => (
                <Tr key={dashboard.id}>
                  <Td className="max-w-72">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link to={`/dashboards/${dashboard.id}`} className="font-medium text-fg underline-offset-2 hover:text-accent hover:underline">
                        {dashboard.title}
                      </Link>
                      {dashboard.shared ? <Badge tone="accent">Shared</Badge> : null}
                      {dashboard.visibility === 'private' ? <Badge>Private</Badge> : null}
                    </div>
                    {dashboard.description ? <p className="truncate text-[13px] text-muted">{dashboard.description}</p> : null}
                  </Td>
                  <Td className="whitespace-nowrap text-muted tabular-nums">{dashboard.config.widgets.length}</Td>
                  <Td className="hidden whitespace-nowrap text-muted sm:table-cell">{formatRelative(dashboard.updatedAt)}</Td>
                  <Td className="text-right">
                    {canDelete(dashboard) ? (
                      <Button variant="ghost" size="sm" aria-label={`Delete ${dashboard.title}`} icon={<Icon name="trash" />} onClick={() => setDeleting(dashboard)} />
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      {dashboards.hasNextPage ? (
        <div className="mt-5 flex justify-center">
          <Button variant="secondary" loading={dashboards.isFetchingNextPage} onClick={() => void dashboards.fetchNextPage()}>
            Show more
          </Button>
        </div>
      ) : null}

      <CreateDashboardDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
      <DeleteDashboardDialog orgId={orgId} dashboard={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

function CreateDashboardDialog({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useCreateDashboard(orgId, idempotencyKey);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New dashboard" description="It opens in edit mode, ready for its first widget.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          // A new dashboard opens in edit mode: adding its widgets is the next thing to do.
          create.mutate(formText(event.currentTarget, 'title').trim(), { onSuccess: (dashboard) => void navigate(`/dashboards/${dashboard.id}`, { state: { editing: true } }) });
        }}
      >
        <Input label="Title" name="title" required autoFocus maxLength={dashboardLimits.title.max} placeholder="Building climate" />
        {create.isError ? <Alert tone="danger">{errorMessage(create.error)}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create dashboard
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteDashboardDialog({ orgId, dashboard, onClose }: { orgId: string; dashboard: Dashboard | null; onClose: () => void }) {
  const remove = useDeleteDashboard(orgId);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Dialog open={dashboard !== null} onClose={close} title="Delete dashboard?" description={dashboard ? `“${dashboard.title}” and its annotations go for everyone; its streams stay.` : undefined}>
      {remove.isError ? <Alert tone="danger">{errorMessage(remove.error)}</Alert> : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button variant="danger" loading={remove.isPending} onClick={() => dashboard && remove.mutate(dashboard.id, { onSuccess: close })}>
          Delete
        </Button>
      </div>
    </Dialog>
  );
}
