import { useMutation, useQueryClient } from '@tanstack/react-query';
import { limits } from '../../../../common/limits.ts';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import { formatDate } from '../../lib/format.ts';
import { Alert, Badge, Button, Card, CardBody, CardFooter, CardHeader, Input, PageHeader, Spinner, useToast } from '../../lib/ui/index.ts';
import { keys, useMe } from './queries.ts';

export function ProfilePage() {
  const me = useMe();
  const toast = useToast();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (displayName: string) => api.patch('/me', { displayName }),
    onSuccess: () => {
      toast('Profile saved');
      void queryClient.invalidateQueries({ queryKey: keys.me });
    },
  });
  const changeEmail = useMutation({ mutationFn: (input: { newEmail: string; currentPassword: string }) => api.post('/me/email', input) });
  const profileErrors = formErrors(update.error, ['displayName'] as const);
  const emailErrors = formErrors(changeEmail.error, ['newEmail', 'currentPassword'] as const, {
    email_taken: 'newEmail',
    email_invalid: 'newEmail',
    email_unchanged: 'newEmail',
    invalid_password: 'currentPassword',
  });

  const user = me.data?.user;
  if (!user) return <Spinner label="Loading profile…" />;

  return (
    <>
      <PageHeader title="Profile" description={`Member since ${formatDate(user.createdAt)}.`} />
      <div className="space-y-6">
        <Card>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              update.mutate(formText(event.currentTarget, 'displayName').trim());
            }}
          >
            <CardHeader title="Your name" description="Shown to the people in your organisations." />
            <CardBody>
              <Input
                key={user.displayName}
                label="Display name"
                name="displayName"
                defaultValue={user.displayName}
                autoComplete="name"
                required
                maxLength={limits.displayName.max}
                error={profileErrors.fields.displayName}
              />
              {profileErrors.form ? <Alert tone="danger" className="mt-4">{profileErrors.form}</Alert> : null}
            </CardBody>
            <CardFooter>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </CardFooter>
          </form>
        </Card>

        <Card>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              changeEmail.mutate({ newEmail: formText(event.currentTarget, 'newEmail').trim(), currentPassword: formText(event.currentTarget, 'currentPassword') });
            }}
          >
            <CardHeader
              title="Email address"
              description={
                <span className="inline-flex flex-wrap items-center gap-2">
                  {user.email}
                  {user.emailVerified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
                </span>
              }
            />
            <CardBody className="grid gap-4 sm:grid-cols-2">
              <Input label="New email address" name="newEmail" type="email" autoComplete="email" required error={emailErrors.fields.newEmail} />
              <Input label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={emailErrors.fields.currentPassword} />
              {emailErrors.form ? <Alert tone="danger" className="sm:col-span-2">{emailErrors.form}</Alert> : null}
              {changeEmail.isSuccess ? (
                <Alert tone="success" className="sm:col-span-2">
                  We sent a confirmation link to the new address. Your email changes once you open it.
                </Alert>
              ) : null}
            </CardBody>
            <CardFooter>
              <Button type="submit" variant="secondary" loading={changeEmail.isPending}>
                Change email
              </Button>
            </CardFooter>
          </form>
        </Card>
      </div>
    </>
  );
}
