import { Link } from 'react-router';
import { buttonClasses } from '../lib/ui/index.ts';

export function NotFoundPage() {
  return (
    <div className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="text-muted">The page you asked for does not exist or has moved.</p>
      <Link to="/" className={buttonClasses('primary', 'md', 'mt-3')}>
        Go home
      </Link>
    </div>
  );
}
