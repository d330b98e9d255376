import * as Menu from '@radix-ui/react-dropdown-menu';
import { useLocation, useNavigate } from 'react-router';
import { Icon } from '../lib/ui/index.ts';
import { useMe } from '../modules/identity/queries.ts';
import { menuContent, menuItem } from './menuStyles.ts';

/** Switches the organisation while keeping the same page (members stays members). */
export function OrgSwitcher({ currentOrgId }: { currentOrgId: string | undefined }) {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const memberships = me.data?.memberships ?? [];
  const current = memberships.find((m) => m.organization.id === currentOrgId);
  const section = /^\/orgs\/[^/]+\/([^/]+)/.exec(location.pathname)?.[1] ?? 'members';

  return (
    <Menu.Root>
      <Menu.Trigger
        className="flex w-full items-center gap-3 rounded-lg border border-border bg-surface px-2.5 py-2 text-left shadow-card hover:bg-surface-muted"
        aria-label="Switch organisation"
      >
        <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-accent-soft text-[13px] font-semibold text-accent">
          {(current?.organization.name ?? '?').slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{current?.organization.name ?? 'No organisation'}</span>
          <span className="block truncate text-[12px] text-muted">{current ? current.role.charAt(0).toUpperCase() + current.role.slice(1) : 'Create one to start'}</span>
        </span>
        <Icon name="chevrons" className="text-muted" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="start" sideOffset={6} className={`${menuContent} w-[var(--radix-dropdown-menu-trigger-width)] min-w-56`}>
          {memberships.length ? (
            <Menu.Label className="px-2 py-1.5 text-[12px] font-medium text-muted">Organisations</Menu.Label>
          ) : null}
          {memberships.map((membership) => (
            <Menu.Item
              key={membership.organization.id}
              className={menuItem}
              onSelect={() => navigate(`/orgs/${membership.organization.id}/${section}`)}
            >
              <span className="flex-1 truncate">{membership.organization.name}</span>
              {membership.organization.id === currentOrgId ? <Icon name="check" className="text-accent" /> : null}
            </Menu.Item>
          ))}
          {memberships.length ? <Menu.Separator className="my-1 h-px bg-border" /> : null}
          <Menu.Item className={menuItem} onSelect={() => navigate('/orgs/new')}>
            <Icon name="plus" />
            Create organisation
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
