import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { limits } from '../../../../common/limits.ts';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { OrganizationWithRole } from '../../lib/types.ts';
import { Alert, Button, Card, CardBody, CardFooter, Input, PageHeader } from '../../lib/ui/index.ts';
import { keys, useMe } from './queries.ts';

export function CreateOrganizationPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const first = me.data?.memberships.length === 0;
  const create = useMutation({
    mutationFn: (name: string) => api.post<OrganizationWithRole>('/orgs', { name }),
    onSuccess: async ({ organization }) => {
      await queryClient.invalidateQueries({ queryKey: keys.me });
      void navigate(`/orgs/${organization.id}/members`);
    },
  });
  const errors = formErrors(create.error, ['name'] as const, { slug_unavailable: 'name' });

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader
        title={first ? 'Create your first organisation' : 'Create an organisation'}
        description="An organisation holds your team's members, teams and API keys. You'll be its owner."
      />
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(formText(event.currentTarget, 'name').trim());
          }}
        >
          <CardBody className="space-y-4">
            <Input
              label="Organisation name"
              name="name"
              required
              minLength={limits.organizationName.min}
              maxLength={limits.organizationName.max}
              placeholder="Acme Studio"
              autoFocus
              error={errors.fields.name}
            />
            {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
          </CardBody>
          <CardFooter>
            <Button type="submit" loading={create.isPending}>
              Create organisation
            </Button>
          </CardFooter>
        </form>
      </Card>
    </div>
  );
}
