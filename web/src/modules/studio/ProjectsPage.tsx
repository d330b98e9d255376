import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { studioLimits } from '../../../../common/limits.ts';
import type { Project, ProjectDetail, ProjectStatus } from '../../../../common/studio.ts';
import { api, query } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import { formatRelative, initials } from '../../lib/format.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Badge, Button, Card, Dialog, EmptyState, Icon, Input, PageHeader, Select, Spinner, Textarea, cx } from '../../lib/ui/index.ts';
import { useOrganizationPage } from '../identity/OrganizationLayout.tsx';
import { studioKeys } from './queries.ts';

export function ProjectsPage() {
  const { orgId, org } = useOrganizationPage();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<ProjectStatus>('active');
  const [creating, setCreating] = useState(false);
  const q = useDeferredValue(search.trim());
  const filters = { q, status };
  const projects = useCursorList<Project>(studioKeys.projects(orgId, filters), `/orgs/${orgId}/projects${query({ q, status, limit: 24 })}`);
  const canCreate = org.role !== 'viewer';

  return (
    <>
      <PageHeader
        title="Projects"
        description={`Files, chat, documents and reviews of ${org.organization.name}, one place per piece of work.`}
        actions={
          canCreate ? (
            <Button icon={<Icon name="plus" />} onClick={() => setCreating(true)}>
              New project
            </Button>
          ) : null
        }
      />
      <div className="mb-5 flex flex-wrap items-center gap-3">
        <label className="relative min-w-0 flex-1 sm:max-w-sm">
          <span className="sr-only">Search projects</span>
          <Icon name="search" className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-muted" />
          <input
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Search by name or description"
            maxLength={studioLimits.projectSearch.max}
            className="h-9 w-full rounded-lg border border-border bg-surface pr-3 pl-9 text-sm outline-none focus-visible:ring-2 focus-visible:ring-accent"
          />
        </label>
        <div role="tablist" aria-label="Project status" className="flex rounded-lg border border-border bg-surface p-0.5 text-sm">
          {(['active', 'archived'] as const).map((value) => (
            <button
              key={value}
              role="tab"
              aria-selected={status === value}
              onClick={() => setStatus(value)}
              className={cx('rounded-md px-3 py-1 font-medium capitalize', status === value ? 'bg-accent-soft text-accent' : 'text-muted hover:text-fg')}
            >
              {value}
            </button>
          ))}
        </div>
      </div>

      {projects.isPending ? (
        <Spinner label="Loading projects…" />
      ) : projects.isError ? (
        <Alert tone="danger">{projects.error.message}</Alert>
      ) : projects.items.length === 0 ? (
        <Card>
          <EmptyState title={q ? `No project matches “${q}”` : status === 'archived' ? 'No archived projects' : 'No projects yet'}>
            {!q && status === 'active' && canCreate ? 'Start one to share files, chat and write documents together.' : null}
          </EmptyState>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {projects.items.map((project) => (
            <li key={project.id}>
              <ProjectCard project={project} />
            </li>
          ))}
        </ul>
      )}
      {projects.hasNextPage ? (
        <div className="mt-5 flex justify-center">
          <Button variant="secondary" loading={projects.isFetchingNextPage} onClick={() => void projects.fetchNextPage()}>
            Show more
          </Button>
        </div>
      ) : null}
      <CreateProjectDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

/** A stable hue per project, so a project is recognisable before it has a cover. */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}

function ProjectCard({ project }: { project: Project }) {
  const hue = hueOf(project.id);
  return (
    <Link
      to={`/projects/${project.id}`}
      className="group block overflow-hidden rounded-xl border border-border bg-surface shadow-card transition hover:border-accent/50 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
    >
      <div
        className="flex h-28 items-end bg-cover bg-center p-4"
        style={{
          backgroundImage: project.coverUrl
            ? `url(${JSON.stringify(project.coverUrl)})`
            : `linear-gradient(135deg, hsl(${hue} 70% 55%), hsl(${(hue + 50) % 360} 75% 45%))`,
        }}
        aria-hidden="true"
      >
        <span className="grid size-11 place-items-center rounded-lg bg-white/90 text-sm font-semibold text-slate-900 shadow">{initials(project.name)}</span>
      </div>
      <div className="space-y-1.5 p-4">
        <div className="flex items-center gap-2">
          <h2 className="min-w-0 flex-1 truncate font-semibold group-hover:text-accent">{project.name}</h2>
          {project.visibility === 'private' ? (
            <Badge>
              <Icon name="lock" className="size-3" /> Private
            </Badge>
          ) : null}
          {project.status === 'archived' ? <Badge tone="warning">Archived</Badge> : null}
        </div>
        <p className="line-clamp-2 min-h-[2.5em] text-[13px] text-muted">{project.description || 'No description'}</p>
        <p className="text-xs text-muted">Updated {formatRelative(project.updatedAt)}</p>
      </div>
    </Link>
  );
}

function CreateProjectDialog({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: (body: { name: string; description: string; visibility: string }) =>
      api.post<ProjectDetail>(`/orgs/${orgId}/projects`, body, { headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: (detail) => {
      void queryClient.invalidateQueries({ queryKey: studioKeys.allProjects(orgId) });
      void navigate(`/projects/${detail.project.id}`);
    },
  });
  const errors = formErrors(create.error, ['name', 'description'] as const);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New project">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          create.mutate({ name: formText(form, 'name').trim(), description: formText(form, 'description').trim(), visibility: formText(form, 'visibility') });
        }}
      >
        <Input label="Name" name="name" required autoFocus maxLength={studioLimits.projectName.max} error={errors.fields.name} />
        <Textarea label="Description" name="description" rows={3} maxLength={studioLimits.projectDescription.max} error={errors.fields.description} />
        <Select label="Who can see it" name="visibility" defaultValue="organization">
          <option value="organization">Everyone in the organisation</option>
          <option value="private">Only people added to the project (and admins)</option>
        </Select>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create project
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
