import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { Invitation, Role } from '../../lib/types.ts';
import { Alert, Button, Dialog, Input, Select, useToast } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';
import { assignableRoles, roleDescriptions } from './RoleSelect.tsx';

export function InviteMemberDialog({ orgId, actorRole, open, onClose }: { orgId: string; actorRole: Role; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>('member');
  const invite = useMutation({
    mutationFn: (input: { email: string; role: Role }) => api.post<Invitation>(`/orgs/${orgId}/invitations`, input),
    onSuccess: (_result, input) => {
      toast(`Invitation sent to ${input.email}`);
      void queryClient.invalidateQueries({ queryKey: keys.invitations(orgId) });
      close();
    },
  });
  const errors = formErrors(invite.error, ['email', 'role'] as const, { already_member: 'email' });
  const close = () => {
    invite.reset();
    setRole('member');
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} title="Invite a member" description="They'll get an email with a link to join. Invitations expire after 7 days.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate({ email: formText(event.currentTarget, 'email').trim(), role });
        }}
      >
        <Input label="Email address" name="email" type="email" required autoFocus placeholder="name@company.com" error={errors.fields.email} />
        <Select label="Role" name="role" value={role} onChange={(event) => setRole(event.target.value as Role)} hint={roleDescriptions[role]} error={errors.fields.role}>
          {assignableRoles(actorRole).map((option) => (
            <option key={option} value={option}>
              {option.charAt(0).toUpperCase() + option.slice(1)}
            </option>
          ))}
        </Select>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={invite.isPending}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
