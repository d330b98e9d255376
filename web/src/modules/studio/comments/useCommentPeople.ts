import { useMemo } from 'react';
import { useMe } from '../../identity/queries.ts';
import type { MentionCandidate } from '../chat/Composer.tsx';
import { useProject, useProjectMembers } from '../queries.ts';
import type { ThreadPermissions } from './ThreadCard.tsx';

/** Who can be mentioned in the project, who the viewer is, and what they may do with comments. */
export function useCommentPeople(projectId: string): ThreadPermissions & { people: MentionCandidate[]; ready: boolean } {
  const me = useMe();
  const project = useProject(projectId);
  const members = useProjectMembers(projectId);
  const people = useMemo(() => (members.data ?? []).map((member) => member.user), [members.data]);
  const policies = project.data?.policies ?? {};
  return {
    people,
    meId: me.data?.user.id ?? '',
    canComment: policies.contribute === true,
    canModerate: policies.moderate === true,
    ready: Boolean(me.data && project.data),
  };
}
