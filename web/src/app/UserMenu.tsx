import * as Menu from '@radix-ui/react-dropdown-menu';
import { useNavigate } from 'react-router';
import { initials } from '../lib/format.ts';
import { Icon } from '../lib/ui/index.ts';
import { useMe } from '../modules/identity/queries.ts';
import { menuContent, menuItem } from './menuStyles.ts';
import { useSession } from './session.tsx';

export function UserMenu() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const user = me.data?.user;

  return (
    <Menu.Root>
      <Menu.Trigger className="flex items-center gap-2 rounded-full p-0.5 hover:bg-surface-muted" aria-label="Account menu">
        <span className="flex size-8 items-center justify-center rounded-full bg-accent text-[12px] font-semibold text-accent-fg">
          {user ? initials(user.displayName) : ''}
        </span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={8} className={`${menuContent} w-60`}>
          <div className="px-2 py-2">
            <p className="truncate font-medium">{user?.displayName}</p>
            <p className="truncate text-[13px] text-muted">{user?.email}</p>
          </div>
          <Menu.Separator className="my-1 h-px bg-border" />
          <Menu.Item className={menuItem} onSelect={() => navigate('/settings/profile')}>
            <Icon name="user" /> Profile
          </Menu.Item>
          <Menu.Item className={menuItem} onSelect={() => navigate('/settings/security')}>
            <Icon name="shield" /> Security
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-border" />
          <Menu.Item
            className={menuItem}
            onSelect={async () => {
              await signOut();
              void navigate('/sign-in');
            }}
          >
            <Icon name="logout" /> Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
