import { useQuery } from '@tanstack/react-query';
import type { Member } from '../../../../common/organizations.ts';
import type { ProjectDetail, ProjectMember } from '../../../../common/studio.ts';
import { api } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';

/** Query keys of the studio module, so invalidations name exactly what changed. */
export const studioKeys = {
  projects: (orgId: string, filters: object) => ['orgs', orgId, 'projects', filters] as const,
  allProjects: (orgId: string) => ['orgs', orgId, 'projects'] as const,
  project: (projectId: string) => ['projects', projectId] as const,
  members: (projectId: string) => ['projects', projectId, 'members'] as const,
};

export function useProject(projectId: string) {
  return useQuery({ queryKey: studioKeys.project(projectId), queryFn: () => api.get<ProjectDetail>(`/projects/${projectId}`), enabled: Boolean(projectId) });
}

export function useProjectMembers(projectId: string) {
  return useQuery({
    queryKey: studioKeys.members(projectId),
    queryFn: async () => (await api.get<{ items: ProjectMember[] }>(`/projects/${projectId}/members`)).items,
  });
}

/** The organisation's people, for pickers (the first 200). */
export function useOrganizationPeople(orgId: string) {
  return useQuery({
    queryKey: ['orgs', orgId, 'members', 'picker'],
    queryFn: async () => (await api.get<Page<Member>>(`/orgs/${orgId}/members?limit=200`)).items,
  });
}
