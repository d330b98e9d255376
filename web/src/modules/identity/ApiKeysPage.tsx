import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { formatDate, formatRelative } from '../../lib/format.ts';
import type { ApiKey } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Badge, Button, Card, Dialog, EmptyState, Icon, PageHeader, Spinner, TBody, THead, Table, Td, Th, Tr, useToast } from '../../lib/ui/index.ts';
import { CreateApiKeyDialog } from './CreateApiKeyDialog.tsx';
import { useOrganizationPage } from './OrganizationLayout.tsx';
import { keys } from './queries.ts';

export function ApiKeysPage() {
  const { orgId, org, can } = useOrganizationPage();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const canManage = can('manageApiKeys');
  const apiKeys = useCursorList<ApiKey>(keys.apiKeys(orgId), `/orgs/${orgId}/api-keys`, { enabled: canManage });

  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api.delete(`/orgs/${orgId}/api-keys/${key.id}`),
    onSuccess: (_result, key) => {
      toast(`API key “${key.name}” revoked`);
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: keys.apiKeys(orgId) });
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });

  if (!canManage) {
    return (
      <>
        <PageHeader title="API keys" />
        <Alert>Only admins and owners of {org.organization.name} manage API keys.</Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="API keys"
        description={`Credentials for scripts and integrations acting in ${org.organization.name}. Send one as “Authorization: Bearer fwk_…”.`}
        actions={
          <Button icon={<Icon name="plus" />} onClick={() => setCreating(true)}>
            Create API key
          </Button>
        }
      />
      <Card>
        {apiKeys.isPending ? (
          <div className="p-5">
            <Spinner label="Loading API keys…" />
          </div>
        ) : apiKeys.items.length === 0 ? (
          <EmptyState title="No API keys">Create a key to call the Fluxworks API from your own tools.</EmptyState>
        ) : (
          <Table label="API keys">
            <THead>
              <Th>Name</Th>
              <Th>Scopes</Th>
              <Th className="hidden md:table-cell">Last used</Th>
              <Th className="hidden md:table-cell">Expires</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {apiKeys.items.map((key) => (
                <Tr key={key.id}>
                  <Td>
                    <p className="font-medium">{key.name}</p>
                    <p className="font-mono text-[12px] text-muted">{key.prefix}…</p>
                  </Td>
                  <Td>
                    <div className="flex max-w-xs flex-wrap gap-1">
                      {key.scopes.map((scope) => (
                        <Badge key={scope} tone="accent">
                          {scope}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td className="hidden text-muted md:table-cell">{key.lastUsedAt ? formatRelative(key.lastUsedAt) : 'Never used'}</Td>
                  <Td className="hidden text-muted md:table-cell">{key.expiresAt ? formatDate(key.expiresAt) : 'Never'}</Td>
                  <Td className="text-right">
                    <Button variant="ghost" size="sm" className="text-danger" onClick={() => setRevoking(key)}>
                      Revoke
                    </Button>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <CreateApiKeyDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke API key"
        description={revoking ? `Anything using “${revoking.name}” stops working at once. This cannot be undone.` : undefined}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button variant="danger" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking)}>
              Revoke key
            </Button>
          </>
        }
      />
    </>
  );
}
