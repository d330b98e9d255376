import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { limits } from '../../../../common/limits.ts';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import { formatDate } from '../../lib/format.ts';
import type { Team } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Button, Card, Dialog, EmptyState, Icon, Input, PageHeader, Spinner, TBody, THead, Table, Td, Th, Tr, useToast } from '../../lib/ui/index.ts';
import { useOrganizationPage } from './OrganizationLayout.tsx';
import { keys } from './queries.ts';
import { TeamDialog } from './TeamDialog.tsx';

export function TeamsPage() {
  const { orgId, org, can } = useOrganizationPage();
  const teams = useCursorList<Team>(keys.teams(orgId), `/orgs/${orgId}/teams`);
  const [creating, setCreating] = useState(false);
  const [openTeamId, setOpenTeamId] = useState<string | null>(null);
  const canManage = can('manageTeams');

  return (
    <>
      <PageHeader
        title="Teams"
        description={`Group the people of ${org.organization.name} by what they work on.`}
        actions={
          canManage ? (
            <Button icon={<Icon name="plus" />} onClick={() => setCreating(true)}>
              New team
            </Button>
          ) : null
        }
      />
      <Card>
        {teams.isPending ? (
          <div className="p-5">
            <Spinner label="Loading teams…" />
          </div>
        ) : teams.items.length === 0 ? (
          <EmptyState title="No teams yet">{canManage ? 'Create a team to group members, for example “Design” or “Marketing”.' : 'An admin can create teams.'}</EmptyState>
        ) : (
          <Table label="Teams">
            <THead>
              <Th>Team</Th>
              <Th>Members</Th>
              <Th className="hidden sm:table-cell">Created</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {teams.items.map((team) => (
                <Tr key={team.id}>
                  <Td className="font-medium">{team.name}</Td>
                  <Td className="text-muted">{team.memberCount}</Td>
                  <Td className="hidden text-muted sm:table-cell">{formatDate(team.createdAt)}</Td>
                  <Td className="text-right">
                    <Button variant="secondary" size="sm" onClick={() => setOpenTeamId(team.id)}>
                      {canManage ? 'Manage' : 'View'}
                    </Button>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <CreateTeamDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
      {openTeamId ? <TeamDialog orgId={orgId} teamId={openTeamId} canManage={canManage} onClose={() => setOpenTeamId(null)} /> : null}
    </>
  );
}

function CreateTeamDialog({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (name: string) => api.post<Team>(`/orgs/${orgId}/teams`, { name }),
    onSuccess: (_team, name) => {
      toast(`Team “${name}” created`);
      void queryClient.invalidateQueries({ queryKey: keys.teams(orgId) });
      close();
    },
  });
  const errors = formErrors(create.error, ['name'] as const);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New team">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(formText(event.currentTarget, 'name').trim());
        }}
      >
        <Input label="Team name" name="name" required autoFocus maxLength={limits.teamName.max} error={errors.fields.name} />
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create team
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
