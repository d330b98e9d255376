import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { api } from '../lib/api.ts';
import type { OutboxMessage, Page } from '../lib/types.ts';
import { Icon, cx, type IconName } from '../lib/ui/index.ts';
import { allowed, keys, useOrganization } from '../modules/identity/queries.ts';
import { OrgSwitcher } from './OrgSwitcher.tsx';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
}

function NavSection({ title, items }: { title: string; items: NavItem[] }) {
  if (!items.length) return null;
  return (
    <div>
      <p className="px-2.5 pb-1 text-[11px] font-semibold tracking-wider text-muted uppercase">{title}</p>
      <ul className="space-y-0.5">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              className={({ isActive }) =>
                cx(
                  'flex items-center gap-2.5 rounded-lg px-2.5 py-1.5 text-sm font-medium transition-colors',
                  isActive ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-surface-muted hover:text-fg',
                )
              }
            >
              <Icon name={item.icon} />
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Lists only the pages that exist and that this user may open. */
export function Sidebar({ currentOrgId }: { currentOrgId: string | undefined }) {
  const org = useOrganization(currentOrgId);
  // The outbox answers for platform admins, and for everyone while mail stays in the outbox.
  const outbox = useQuery({
    queryKey: [...keys.outbox, 'probe'],
    queryFn: () => api.get<Page<OutboxMessage>>('/admin/outbox?limit=1'),
    retry: false,
    staleTime: 5 * 60_000,
  });

  const base = currentOrgId ? `/orgs/${currentOrgId}` : null;
  const studio: NavItem[] = base ? [{ to: `${base}/projects`, label: 'Projects', icon: 'folder' }] : [];
  const data: NavItem[] = base
    ? [
        { to: `${base}/streams`, label: 'Streams', icon: 'chart' },
        { to: `${base}/dashboards`, label: 'Dashboards', icon: 'archive' },
        { to: `${base}/alerts`, label: 'Alerts', icon: 'alert' },
      ]
    : [];
  const organisation: NavItem[] = [];
  if (base) {
    organisation.push({ to: `${base}/members`, label: 'Members', icon: 'users' }, { to: `${base}/teams`, label: 'Teams', icon: 'team' });
    if (allowed(org.data, 'manageApiKeys')) organisation.push({ to: `${base}/api-keys`, label: 'API keys', icon: 'key' });
    organisation.push({ to: `${base}/settings`, label: 'Settings', icon: 'settings' });
  }
  const account: NavItem[] = [
    { to: '/settings/profile', label: 'Profile', icon: 'user' },
    { to: '/settings/security', label: 'Security', icon: 'shield' },
    { to: '/settings/sessions', label: 'Sessions', icon: 'devices' },
  ];
  const admin: NavItem[] = [];
  if (base && allowed(org.data, 'readAudit')) admin.push({ to: `${base}/audit`, label: 'Audit log', icon: 'log' });
  if (outbox.isSuccess) admin.push({ to: '/admin/outbox', label: 'Mail outbox', icon: 'mail' });

  return (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-6 overflow-y-auto px-3 py-4">
      <OrgSwitcher currentOrgId={currentOrgId} />
      <NavSection title="Studio" items={studio} />
      <NavSection title="Data" items={data} />
      <NavSection title="Organisation" items={organisation} />
      <NavSection title="Account" items={account} />
      <NavSection title="Admin" items={admin} />
    </nav>
  );
}
