import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { limits } from '../../../../common/limits.ts';
import { SCOPE_LEVELS, SCOPE_MODULES } from '../../../../common/roles.ts';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { ApiKeyScope, CreatedApiKey } from '../../lib/types.ts';
import { Alert, Button, Checkbox, Dialog, Input, SecretValue, Select } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';

const levelDescriptions = {
  read: 'Read data in every module',
  write: 'Create and change data (includes read)',
  admin: 'Manage the organisation (includes write)',
} as const;

const expiryOptions = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '', label: 'Never' },
];

/** Creates a key, then shows its secret once; closing the dialog forgets it. */
export function CreateApiKeyDialog({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [scopes, setScopes] = useState<Set<ApiKeyScope>>(new Set(['read']));
  const [expiry, setExpiry] = useState('90');
  const create = useMutation({
    mutationFn: (input: { name: string; scopes: ApiKeyScope[]; expiresInDays?: number }) => api.post<CreatedApiKey>(`/orgs/${orgId}/api-keys`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.apiKeys(orgId) }),
  });
  const errors = formErrors(create.error, ['name', 'scopes', 'expiresInDays'] as const);

  const toggle = (scope: ApiKeyScope, on: boolean) => {
    const next = new Set(scopes);
    if (on) next.add(scope);
    else next.delete(scope);
    setScopes(next);
  };
  const close = () => {
    create.reset();
    setScopes(new Set(['read']));
    setExpiry('90');
    onClose();
  };

  if (create.isSuccess) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="API key created"
        description="Copy the secret now. For your security it is shown only once."
        footer={<Button onClick={close}>Done</Button>}
      >
        <div className="space-y-4">
          <SecretValue value={create.data.secret} label="API key secret" />
          <Alert tone="warning">Store it in a password manager or secret store. If you lose it, revoke the key and create a new one.</Alert>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onClose={close} title="Create API key">
      <form
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          const name = formText(event.currentTarget, 'name').trim();
          create.mutate({ name, scopes: [...scopes], ...(expiry ? { expiresInDays: Number(expiry) } : {}) });
        }}
      >
        <Input label="Name" name="name" required autoFocus maxLength={limits.apiKeyName.max} placeholder="CI deploy" hint="Something that tells you where it is used." error={errors.fields.name} />
        <fieldset className="space-y-3">
          <legend className="mb-2 text-[13px] font-medium">Scopes</legend>
          {[...SCOPE_LEVELS].reverse().map((level) => (
            <Checkbox key={level} label={level} description={levelDescriptions[level]} checked={scopes.has(level)} onChange={(event) => toggle(level, event.target.checked)} />
          ))}
          <details className="rounded-lg border border-border px-3 py-2">
            <summary className="cursor-pointer text-[13px] font-medium">Limit to single modules</summary>
            <div className="mt-3 grid grid-cols-[1fr_repeat(3,auto)] items-center gap-x-4 gap-y-2 text-[13px]">
              <span />
              {[...SCOPE_LEVELS].reverse().map((level) => (
                <span key={level} className="text-muted capitalize">
                  {level}
                </span>
              ))}
              {SCOPE_MODULES.map((module) => (
                <ModuleRow key={module} module={module} scopes={scopes} toggle={toggle} />
              ))}
            </div>
          </details>
          {errors.fields.scopes ? <p className="text-[13px] text-danger">{errors.fields.scopes}</p> : null}
        </fieldset>
        <Select label="Expires" value={expiry} onChange={(event) => setExpiry(event.target.value)} error={errors.fields.expiresInDays}>
          {expiryOptions.map((option) => (
            <option key={option.label} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={scopes.size === 0}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ModuleRow({ module, scopes, toggle }: { module: string; scopes: Set<ApiKeyScope>; toggle: (scope: ApiKeyScope, on: boolean) => void }) {
  return (
    <>
      <span className="capitalize">{module}</span>
      {[...SCOPE_LEVELS].reverse().map((level) => {
        const scope = `${module}:${level}` as ApiKeyScope;
        return (
          <input
            key={scope}
            type="checkbox"
            aria-label={scope}
            className="size-4 justify-self-center accent-[var(--accent)]"
            checked={scopes.has(scope)}
            onChange={(event) => toggle(scope, event.target.checked)}
          />
        );
      })}
    </>
  );
}
