import { lazy, Suspense } from 'react';
import { Spinner } from '../../../lib/ui/index.ts';

// The editors, Yjs and the collaboration client load only when a document is opened.
const DocumentView = lazy(() => import('./DocumentView.tsx'));

export function DocumentPage() {
  return (
    <Suspense fallback={<Spinner label="Opening document…" />}>
      <DocumentView />
    </Suspense>
  );
}
