import type { ReactNode } from 'react';
import { Logo } from './Logo.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

/** The frame of the signed-out pages: logo, theme toggle and one centred card. */
interface AuthLayoutProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  /** Room for lists (the inbox) instead of a single narrow form. */
  wide?: boolean;
}

export function AuthLayout({ title, description, children, footer, wide = false }: AuthLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between px-5 py-4 sm:px-8">
        <Logo />
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <div className={wide ? 'w-full max-w-2xl' : 'w-full max-w-[26rem]'}>
          <div className="rounded-2xl border border-border bg-surface p-6 shadow-card sm:p-8">
            <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
            {description ? <p className="mt-1.5 text-sm text-muted">{description}</p> : null}
            <div className="mt-6">{children}</div>
          </div>
          {footer ? <div className="mt-5 text-center text-sm text-muted">{footer}</div> : null}
        </div>
      </main>
    </div>
  );
}
