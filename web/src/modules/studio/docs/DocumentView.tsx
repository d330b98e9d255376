import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { presenceColor } from '../../../../../common/studio-documents.ts';
import { useSession } from '../../../app/session.tsx';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Badge, Button, Icon, Spinner } from '../../../lib/ui/index.ts';
import { useDocument } from './api.ts';
import { BoardEditor } from './BoardEditor.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { DocIcon } from './icons.tsx';
import { ConnectionIndicator, PresenceList } from './Presence.tsx';
import { useCollaboration } from './useCollaboration.ts';
import { VersionsDialog } from './VersionsDialog.tsx';

// Boards do not need the rich-text editor, so it loads on its own.
const TextEditor = lazy(() => import('./TextEditor.tsx'));

/** One document, open for live editing: text editor or board, people here, versions and export. */
export default function DocumentView() {
  const { documentId = '' } = useParams();
  const detail = useDocument(documentId);
  const { state } = useSession();
  const me = state.status === 'signed-in' ? { id: state.user.id, name: state.user.displayName, color: presenceColor(state.user.id) } : null;
  const session = useCollaboration(documentId, me);
  const [versionsOpen, setVersionsOpen] = useState(false);

  if (detail.isPending) return <Spinner label="Opening document…" />;
  if (detail.isError) {
    return (
      <div className="space-y-3">
        <Alert tone="danger">{errorMessage(detail.error)}</Alert>
        <Link to=".." relative="path" className="text-[13px] text-accent hover:underline">
          Back to documents
        </Link>
      </div>
    );
  }
  const { document } = detail.data;
  const canEdit = !session.readOnly;

  return (
    <div className="flex min-h-[70dvh] flex-1 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Link to=".." relative="path" className="inline-flex items-center gap-1 text-[13px] text-muted hover:text-fg" aria-label="Back to documents">
          <Icon name="arrowLeft" className="size-3.5" />
        </Link>
        <DocIcon name={document.kind === 'board' ? 'board' : 'text'} className="text-muted" />
        <h2 className="min-w-0 truncate text-base font-semibold" data-testid="document-title">
          {document.title}
        </h2>
        {session.readOnly && session.synced ? <Badge>View only</Badge> : null}
        <ConnectionIndicator connection={session.connection} synced={session.synced} unsyncedChanges={session.unsyncedChanges} />
        <div className="ml-auto flex items-center gap-2">
          <PresenceList people={session.people} />
          <Button variant="secondary" size="sm" icon={<DocIcon name="history" />} onClick={() => setVersionsOpen(true)}>
            Versions
          </Button>
          <ExportMenu documentId={document.id} kind={document.kind} />
        </div>
      </div>
      {session.refusal ? (
        <Alert tone="danger">{session.refusal === 'document_not_found' ? 'This document no longer exists, or you no longer have access to it.' : `The server refused the connection (${session.refusal}).`}</Alert>
      ) : !me || !session.synced ? (
        <Spinner label="Loading the latest version…" />
      ) : document.kind === 'board' ? (
        <BoardEditor session={session} />
      ) : (
        <Suspense fallback={<Spinner label="Loading the editor…" />}>
          <TextEditor session={session} user={me} />
        </Suspense>
      )}
      <VersionsDialog documentId={document.id} open={versionsOpen} onClose={() => setVersionsOpen(false)} canEdit={canEdit} />
    </div>
  );
}
