import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { formatDate, initials } from '../../lib/format.ts';
import type { Member, Role } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Badge, Button, Card, CardHeader, Dialog, EmptyState, Icon, PageHeader, Spinner, TBody, THead, Table, Td, Th, Tr, useToast } from '../../lib/ui/index.ts';
import { InvitationsCard } from './InvitationsCard.tsx';
import { InviteMemberDialog } from './InviteMemberDialog.tsx';
import { useOrganizationPage } from './OrganizationLayout.tsx';
import { keys, useMe } from './queries.ts';
import { RoleSelect, assignableRoles } from './RoleSelect.tsx';

export function MembersPage() {
  const { orgId, org, can } = useOrganizationPage();
  const me = useMe();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useCursorList<Member>(keys.members(orgId), `/orgs/${orgId}/members?limit=100`);
  const canManage = can('manageMembers');

  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) => api.patch(`/orgs/${orgId}/members/${member.user.id}`, { role }),
    onSuccess: (_result, { member, role }) => {
      toast(`${member.user.displayName} is now ${role === 'admin' || role === 'owner' ? 'an' : 'a'} ${role}`);
      void queryClient.invalidateQueries({ queryKey: keys.members(orgId) });
      void queryClient.invalidateQueries({ queryKey: keys.org(orgId) });
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });

  const remove = useMutation({
    mutationFn: (member: Member) => api.delete(`/orgs/${orgId}/members/${member.user.id}`),
    onSuccess: (_result, member) => {
      toast(`${member.user.displayName} was removed from ${org.organization.name}`);
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: keys.members(orgId) });
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });

  return (
    <>
      <PageHeader
        title="Members"
        description={`People in ${org.organization.name} and what they may do.`}
        actions={
          can('invite') ? (
            <Button icon={<Icon name="plus" />} onClick={() => setInviteOpen(true)}>
              Invite member
            </Button>
          ) : null
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Team members" description={members.isSuccess ? `${members.items.length}${members.hasNextPage ? '+' : ''} people` : undefined} />
          {members.isPending ? (
            <div className="p-5">
              <Spinner label="Loading members…" />
            </div>
          ) : members.items.length === 0 ? (
            <EmptyState title="No members yet" />
          ) : (
            <Table label="Members">
              <THead>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th className="hidden sm:table-cell">Joined</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </THead>
              <TBody>
                {members.items.map((member) => {
                  const isSelf = member.user.id === me.data?.user.id;
                  return (
                    <Tr key={member.user.id}>
                      <Td>
                        <div className="flex min-w-0 items-center gap-3">
                          <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-surface-muted text-[12px] font-semibold text-muted">
                            {initials(member.user.displayName)}
                          </span>
                          <div className="min-w-0">
                            <p className="truncate font-medium">
                              {member.user.displayName} {isSelf ? <span className="font-normal text-muted">(you)</span> : null}
                            </p>
                            <p className="truncate text-[13px] text-muted">{member.user.email}</p>
                          </div>
                        </div>
                      </Td>
                      <Td>
                        {canManage && !isSelf ? (
                          <RoleSelect
                            label={`Role of ${member.user.displayName}`}
                            value={member.role}
                            roles={assignableRoles(org.role)}
                            disabled={changeRole.isPending}
                            onChange={(role) => changeRole.mutate({ member, role })}
                          />
                        ) : (
                          <Badge tone={member.role === 'owner' ? 'accent' : 'neutral'} className="capitalize">
                            {member.role}
                          </Badge>
                        )}
                      </Td>
                      <Td className="hidden text-muted sm:table-cell">{formatDate(member.joinedAt)}</Td>
                      <Td className="text-right">
                        {canManage && !isSelf ? (
                          <Button variant="ghost" size="sm" aria-label={`Remove ${member.user.displayName}`} onClick={() => setRemoving(member)}>
                            <Icon name="trash" />
                            <span className="hidden md:inline">Remove</span>
                          </Button>
                        ) : null}
                      </Td>
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
          )}
          {members.hasNextPage ? (
            <div className="border-t border-border p-3 text-center">
              <Button variant="ghost" size="sm" loading={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
        </Card>
        {can('invite') ? <InvitationsCard orgId={orgId} /> : null}
      </div>
      <InviteMemberDialog orgId={orgId} actorRole={org.role} open={inviteOpen} onClose={() => setInviteOpen(false)} />
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove member"
        description={removing ? `${removing.user.displayName} loses access to ${org.organization.name} at once.` : undefined}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              Remove member
            </Button>
          </>
        }
      />
    </>
  );
}
