import { Link, NavLink, Outlet, useParams } from 'react-router';
import { Badge, Icon, NotFoundPanel, Spinner, cx } from '../../lib/ui/index.ts';
import type { ProjectOutlet } from './project-context.ts';
import { useProject } from './queries.ts';
import { projectTabs } from './routes.tsx';

/** Loads the project in the URL once for all its tabs; they read it with useProjectContext(). */
export function ProjectLayout() {
  const { projectId = '' } = useParams();
  const detail = useProject(projectId);
  if (detail.isPending) return <Spinner label="Loading project…" />;
  if (detail.isError) return <NotFoundPanel title="Project not found" error={detail.error} />;
  const { project, role, policies } = detail.data;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="mb-4 space-y-3">
        <Link to={`/orgs/${project.orgId}/projects`} className="inline-flex items-center gap-1 text-[13px] text-muted hover:text-fg">
          <Icon name="arrowLeft" className="size-3.5" /> Projects
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 truncate text-xl font-semibold tracking-tight sm:text-2xl">{project.name}</h1>
          {project.visibility === 'private' ? (
            <Badge>
              <Icon name="lock" className="size-3" /> Private
            </Badge>
          ) : null}
          {project.status === 'archived' ? <Badge tone="warning">Archived — read-only</Badge> : null}
          <Badge tone="accent" className="capitalize">
            {role}
          </Badge>
        </div>
        {project.description ? <p className="max-w-3xl text-sm text-muted">{project.description}</p> : null}
        <nav aria-label="Project" className="-mx-1 flex gap-1 overflow-x-auto border-b border-border px-1">
          {projectTabs.map((tab) => (
            <NavLink
              key={tab.path}
              to={tab.path}
              className={({ isActive }) =>
                cx(
                  '-mb-px flex shrink-0 items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium',
                  isActive ? 'border-accent text-accent' : 'border-transparent text-muted hover:text-fg',
                )
              }
            >
              <Icon name={tab.icon} />
              {tab.label}
            </NavLink>
          ))}
        </nav>
      </header>
      <Outlet context={{ project, role, policies } satisfies ProjectOutlet} />
    </div>
  );
}
