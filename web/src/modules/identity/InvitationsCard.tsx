import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { formatRelative } from '../../lib/format.ts';
import type { Invitation } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Badge, Button, Card, CardHeader, EmptyState, TBody, THead, Table, Td, Th, Tr, useToast } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';

export function InvitationsCard({ orgId }: { orgId: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const invitations = useCursorList<Invitation>(keys.invitations(orgId), `/orgs/${orgId}/invitations`);
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => api.delete(`/orgs/${orgId}/invitations/${invitation.id}`),
    onSuccess: (_result, invitation) => {
      toast(`Invitation to ${invitation.email} revoked`);
      void queryClient.invalidateQueries({ queryKey: keys.invitations(orgId) });
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });

  return (
    <Card>
      <CardHeader title="Pending invitations" description="Invitations that have not been accepted yet." />
      {invitations.items.length === 0 ? (
        <EmptyState title={invitations.isPending ? 'Loading…' : 'No pending invitations'} />
      ) : (
        <Table label="Pending invitations">
          <THead>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th className="hidden sm:table-cell">Expires</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </THead>
          <TBody>
            {invitations.items.map((invitation) => (
              <Tr key={invitation.id}>
                <Td>
                  <p className="max-w-[14rem] truncate font-medium sm:max-w-none">{invitation.email}</p>
                  {invitation.invitedBy ? <p className="text-[13px] text-muted">Invited by {invitation.invitedBy.displayName}</p> : null}
                </Td>
                <Td>
                  <Badge className="capitalize">{invitation.role}</Badge>
                </Td>
                <Td className="hidden sm:table-cell">
                  {invitation.status === 'expired' ? <Badge tone="warning">Expired</Badge> : <span className="text-muted">{formatRelative(invitation.expiresAt)}</span>}
                </Td>
                <Td className="text-right">
                  <Button variant="ghost" size="sm" aria-label={`Revoke invitation to ${invitation.email}`} onClick={() => revoke.mutate(invitation)}>
                    Revoke
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
