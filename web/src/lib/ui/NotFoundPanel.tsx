import { Link } from 'react-router';
import { errorMessage } from '../forms.ts';
import { Alert } from './Alert.tsx';
import { buttonClasses } from './Button.tsx';

/** What a page shows when the thing in its URL could not be loaded: why, and a way back. */
export function NotFoundPanel({ title, error }: { title: string; error: unknown }) {
  return (
    <div className="mx-auto max-w-md space-y-4 py-12 text-center">
      <h1 className="text-lg font-semibold">{title}</h1>
      <Alert tone="danger">{errorMessage(error)}</Alert>
      <Link to="/" className={buttonClasses('secondary')}>
        Go to your workspace
      </Link>
    </div>
  );
}
