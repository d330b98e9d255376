import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { errorMessage, formErrors, formText } from '../../lib/forms.ts';
import type { Member, TeamDetail } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Button, Dialog, Input, Select, Spinner, useToast } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';

/** One team: its members, adding and removing them, renaming and deleting the team. */
export function TeamDialog({ orgId, teamId, canManage, onClose }: { orgId: string; teamId: string; canManage: boolean; onClose: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const detailKey = [...keys.teams(orgId), teamId];
  const detail = useQuery({ queryKey: detailKey, queryFn: () => api.get<TeamDetail>(`/orgs/${orgId}/teams/${teamId}`) });
  const orgMembers = useCursorList<Member>(keys.members(orgId), `/orgs/${orgId}/members?limit=100`, { enabled: canManage });
  const [candidate, setCandidate] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.teams(orgId) });
  };
  const onError = (error: unknown) => toast(errorMessage(error), 'danger');

  const add = useMutation({
    mutationFn: (userId: string) => api.post(`/orgs/${orgId}/teams/${teamId}/members`, { userId }),
    onSuccess: () => {
      setCandidate('');
      refresh();
    },
    onError,
  });
  const removeMember = useMutation({ mutationFn: (userId: string) => api.delete(`/orgs/${orgId}/teams/${teamId}/members/${userId}`), onSuccess: refresh, onError });
  const rename = useMutation({
    mutationFn: (name: string) => api.patch(`/orgs/${orgId}/teams/${teamId}`, { name }),
    onSuccess: () => {
      toast('Team renamed');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/orgs/${orgId}/teams/${teamId}`),
    onSuccess: () => {
      toast('Team deleted');
      refresh();
      onClose();
    },
    onError,
  });
  const renameErrors = formErrors(rename.error, ['name'] as const);

  const team = detail.data?.team;
  const inTeam = new Set(detail.data?.members.map((m) => m.user.id));
  const candidates = orgMembers.items.filter((m) => !inTeam.has(m.user.id));

  return (
    <Dialog open onClose={onClose} title={team?.name ?? 'Team'} description={team ? `${detail.data?.members.length ?? 0} members` : undefined}>
      {detail.isPending ? (
        <Spinner label="Loading team…" />
      ) : detail.isError ? (
        <Alert tone="danger">{errorMessage(detail.error)}</Alert>
      ) : (
        <div className="space-y-6">
          <section className="space-y-2">
            <h3 className="text-[13px] font-semibold text-muted uppercase tracking-wide">Members</h3>
            {detail.data.members.length === 0 ? (
              <p className="text-[13px] text-muted">Nobody is in this team yet.</p>
            ) : (
              <ul className="divide-y divide-border rounded-lg border border-border">
                {detail.data.members.map((member) => (
                  <li key={member.user.id} className="flex items-center justify-between gap-3 px-3 py-2">
                    <div className="min-w-0">
                      <p className="truncate font-medium">{member.user.displayName}</p>
                      <p className="truncate text-[13px] text-muted">{member.user.email}</p>
                    </div>
                    {canManage ? (
                      <Button variant="ghost" size="sm" aria-label={`Remove ${member.user.displayName} from the team`} onClick={() => removeMember.mutate(member.user.id)}>
                        Remove
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {canManage ? (
              <form
                className="flex items-end gap-2 pt-1"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (candidate) add.mutate(candidate);
                }}
              >
                <Select label="Add a member" value={candidate} onChange={(event) => setCandidate(event.target.value)} containerClassName="flex-1">
                  <option value="">{candidates.length ? 'Choose someone…' : 'Everyone is already in this team'}</option>
                  {candidates.map((member) => (
                    <option key={member.user.id} value={member.user.id}>
                      {member.user.displayName} ({member.user.email})
                    </option>
                  ))}
                </Select>
                <Button type="submit" variant="secondary" disabled={!candidate} loading={add.isPending}>
                  Add
                </Button>
              </form>
            ) : null}
          </section>
          {canManage && team ? (
            <section className="space-y-3 border-t border-border pt-5">
              <form
                className="flex items-end gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  rename.mutate(formText(event.currentTarget, 'name').trim());
                }}
              >
                <Input label="Team name" name="name" defaultValue={team.name} required containerClassName="flex-1" error={renameErrors.fields.name ?? renameErrors.form} />
                <Button type="submit" variant="secondary" loading={rename.isPending}>
                  Rename
                </Button>
              </form>
              {confirmDelete ? (
                <Alert tone="danger" title="Delete this team?">
                  <p>Members stay in the organisation; only the team goes.</p>
                  <div className="mt-3 flex gap-2">
                    <Button variant="danger" size="sm" loading={remove.isPending} onClick={() => remove.mutate()}>
                      Delete team
                    </Button>
                    <Button variant="secondary" size="sm" onClick={() => setConfirmDelete(false)}>
                      Keep it
                    </Button>
                  </div>
                </Alert>
              ) : (
                <Button variant="ghost" className="text-danger" onClick={() => setConfirmDelete(true)}>
                  Delete team
                </Button>
              )}
            </section>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}
