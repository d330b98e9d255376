import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Icon, Spinner } from '../lib/ui/index.ts';
import { useMe } from '../modules/identity/queries.ts';
import { NotificationBell } from '../modules/notifications/NotificationBell.tsx';
import { useCurrentOrgId } from './currentOrg.ts';
import { Logo } from './Logo.tsx';
import { Sidebar } from './Sidebar.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The signed-in frame: sidebar on wide screens, a menu drawer below 1024 px, topbar, page. */
export function Shell() {
  const currentOrgId = useCurrentOrgId();
  const location = useLocation();
  // The menu belongs to the page it was opened on, so navigating closes it.
  const [menuOpenedOn, setMenuOpenedOn] = useState<string | null>(null);
  const menuOpen = menuOpenedOn === location.pathname;
  const setMenuOpen = (open: boolean) => setMenuOpenedOn(open ? location.pathname : null);
  const me = useMe();

  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: KeyboardEvent) => event.key === 'Escape' && setMenuOpenedOn(null);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [menuOpen]);

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_minmax(0,1fr)]">
      <a href="#main" className="sr-only rounded-md bg-surface px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50">
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh flex-col border-r border-border bg-surface lg:flex">
        <div className="flex h-14 items-center border-b border-border px-5">
          <Logo />
        </div>
        <Sidebar currentOrgId={currentOrgId} />
      </aside>

      {menuOpen ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <div aria-hidden="true" className="absolute inset-0 bg-black/50" onClick={() => setMenuOpen(false)} />
          <aside id="mobile-menu" className="relative flex h-full w-72 max-w-[85vw] flex-col border-r border-border bg-surface shadow-xl">
            <div className="flex h-14 items-center justify-between border-b border-border px-4">
              <Logo />
              <button type="button" onClick={() => setMenuOpen(false)} className="rounded-md p-2 text-muted hover:bg-surface-muted" aria-label="Close menu" autoFocus>
                <Icon name="close" />
              </button>
            </div>
            <Sidebar currentOrgId={currentOrgId} />
          </aside>
        </div>
      ) : null}

      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-surface/85 px-3 backdrop-blur sm:px-6">
          <button
            type="button"
            className="rounded-md p-2 text-muted hover:bg-surface-muted lg:hidden"
            aria-label="Open menu"
            aria-expanded={menuOpen}
            aria-controls="mobile-menu"
            onClick={() => setMenuOpen(true)}
          >
            <Icon name="menu" className="size-5" />
          </button>
          <div className="lg:hidden">
            <Logo />
          </div>
          <div className="ml-auto flex items-center gap-1">
            <NotificationBell />
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        {me.data && !me.data.user.emailVerified ? (
          <div className="border-b border-warning/30 bg-warning-soft px-4 py-2.5 text-[13px] text-warning sm:px-8">
            Verify your email address to secure your account.{' '}
            <Link to="/check-inbox" className="font-medium underline underline-offset-2">
              Open the verification email
            </Link>
          </div>
        ) : null}
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-10">
          <Suspense fallback={<Spinner label="Loading…" />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
