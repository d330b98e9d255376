import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { limits } from '../../../../common/limits.ts';
import { forgetCurrentOrg } from '../../app/currentOrg.ts';
import { api } from '../../lib/api.ts';
import { errorMessage, formErrors, formText } from '../../lib/forms.ts';
import { Alert, Button, Card, CardBody, CardFooter, CardHeader, Dialog, Input, PageHeader, useToast } from '../../lib/ui/index.ts';
import { useOrganizationPage } from './OrganizationLayout.tsx';
import { keys } from './queries.ts';

export function OrganizationSettingsPage() {
  const { orgId, org, can } = useOrganizationPage();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [leaving, setLeaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [confirmName, setConfirmName] = useState('');
  const name = org.organization.name;

  const rename = useMutation({
    mutationFn: (next: string) => api.patch(`/orgs/${orgId}`, { name: next }),
    onSuccess: () => {
      toast('Organisation renamed');
      void queryClient.invalidateQueries({ queryKey: keys.org(orgId) });
      void queryClient.invalidateQueries({ queryKey: keys.me });
    },
  });
  const gone = async (message: string) => {
    toast(message);
    forgetCurrentOrg(orgId);
    await queryClient.invalidateQueries({ queryKey: keys.me });
    queryClient.removeQueries({ queryKey: keys.org(orgId) });
    void navigate('/', { replace: true });
  };
  const leave = useMutation({ mutationFn: () => api.post(`/orgs/${orgId}/leave`), onSuccess: () => gone(`You left ${name}`) });
  const remove = useMutation({ mutationFn: () => api.delete(`/orgs/${orgId}`), onSuccess: () => gone(`${name} was deleted`) });
  const errors = formErrors(rename.error, ['name'] as const, { slug_unavailable: 'name' });

  return (
    <>
      <PageHeader title="Organisation settings" description={`Settings of ${name}.`} />
      <div className="space-y-6">
        <Card>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate(formText(event.currentTarget, 'name').trim());
            }}
          >
            <CardHeader title="General" description={`Address: ${org.organization.slug}`} />
            <CardBody>
              <Input
                key={name}
                label="Organisation name"
                name="name"
                defaultValue={name}
                required
                disabled={!can('update')}
                minLength={limits.organizationName.min}
                maxLength={limits.organizationName.max}
                hint={can('update') ? undefined : 'Only admins and owners can rename the organisation.'}
                error={errors.fields.name}
              />
              {errors.form ? <Alert tone="danger" className="mt-4">{errors.form}</Alert> : null}
            </CardBody>
            {can('update') ? (
              <CardFooter>
                <Button type="submit" loading={rename.isPending}>
                  Save
                </Button>
              </CardFooter>
            ) : null}
          </form>
        </Card>

        <Card className="border-danger/40">
          <CardHeader title="Danger zone" />
          <CardBody className="divide-y divide-border p-0">
            {can('leave') ? (
              <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
                <div>
                  <p className="font-medium">Leave organisation</p>
                  <p className="text-[13px] text-muted">You lose access until someone invites you again.</p>
                </div>
                <Button variant="secondary" onClick={() => setLeaving(true)}>
                  Leave
                </Button>
              </div>
            ) : null}
            {can('delete') ? (
              <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
                <div>
                  <p className="font-medium">Delete organisation</p>
                  <p className="text-[13px] text-muted">Deletes its members, teams, invitations and API keys for good.</p>
                </div>
                <Button variant="danger" onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </div>
            ) : null}
          </CardBody>
        </Card>
      </div>

      <Dialog
        open={leaving}
        onClose={() => {
          leave.reset();
          setLeaving(false);
        }}
        title={`Leave ${name}?`}
        description="You will lose access to everything in this organisation."
        footer={
          <>
            <Button variant="secondary" onClick={() => setLeaving(false)}>
              Stay
            </Button>
            <Button variant="danger" loading={leave.isPending} onClick={() => leave.mutate()}>
              Leave organisation
            </Button>
          </>
        }
      >
        {leave.isError ? <Alert tone="danger">{errorMessage(leave.error)}</Alert> : null}
      </Dialog>
      <Dialog
        open={deleting}
        onClose={() => {
          remove.reset();
          setConfirmName('');
          setDeleting(false);
        }}
        title={`Delete ${name}?`}
        description="This cannot be undone."
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={remove.isPending} disabled={confirmName !== name} onClick={() => remove.mutate()}>
              Delete organisation
            </Button>
          </>
        }
      >
        <div className="space-y-4">
          <Input label={`Type “${name}” to confirm`} value={confirmName} onChange={(event) => setConfirmName(event.target.value)} autoComplete="off" />
          {remove.isError ? <Alert tone="danger">{errorMessage(remove.error)}</Alert> : null}
        </div>
      </Dialog>
    </>
  );
}
