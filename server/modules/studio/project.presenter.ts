import type { Project, ProjectDetail } from '../../../common/studio.ts';
import type { ProjectDetailView, ProjectView } from './projects.service.ts';

export function presentProject({ project, createdBy, coverUrl }: ProjectView): Project {
  return {
    id: project.id,
    orgId: project.orgId,
    name: project.name,
    description: project.description,
    status: project.status,
    visibility: project.visibility,
    coverFileId: project.coverFileId,
    coverUrl,
    createdBy,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
    archivedAt: project.archivedAt?.toISOString() ?? null,
  };
}

export const presentProjectDetail = (view: ProjectDetailView): ProjectDetail => ({
  project: presentProject(view),
  role: view.role,
  policies: view.policies,
});
