import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { documentLimits, type DocumentKind, type StudioDocument } from '../../../../../common/studio-documents.ts';
import { errorMessage, formErrors } from '../../../lib/forms.ts';
import { formatRelative } from '../../../lib/format.ts';
import { useCursorList } from '../../../lib/useCursorList.ts';
import { Alert, Button, Card, Dialog, EmptyState, Icon, Input, Spinner, cx } from '../../../lib/ui/index.ts';
import { useProjectContext } from '../project-context.ts';
import { docKeys, useCreateDocument, useDeleteDocument, useRenameDocument } from './api.ts';
import { DocIcon } from './icons.tsx';

/** The Docs tab: a project's rich-text documents and design boards. */
export function DocsPage() {
  const { project, can } = useProjectContext();
  const documents = useCursorList<StudioDocument>(docKeys.list(project.id), `/projects/${project.id}/documents?limit=50`);
  const [creating, setCreating] = useState<DocumentKind | null>(null);
  const canCreate = can('contribute') && project.status === 'active';

  return (
    <section aria-labelledby="docs-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="docs-heading" className="text-base font-semibold">
            Documents
          </h2>
          <p className="text-[13px] text-muted">Write briefs together and lay out ideas on boards — everyone sees edits and cursors live.</p>
        </div>
        {canCreate ? (
          <div className="flex gap-2">
            <Button variant="secondary" icon={<DocIcon name="board" />} onClick={() => setCreating('board')}>
              New board
            </Button>
            <Button icon={<Icon name="plus" />} onClick={() => setCreating('text')}>
              New document
            </Button>
          </div>
        ) : null}
      </div>

      {documents.isPending ? (
        <Spinner label="Loading documents…" />
      ) : documents.isError ? (
        <Alert tone="danger">{errorMessage(documents.error)}</Alert>
      ) : documents.items.length === 0 ? (
        <Card>
          <EmptyState title="No documents yet">{canCreate ? 'Start a document for the brief, or a board for the moodboard.' : 'Members of this project can start one.'}</EmptyState>
        </Card>
      ) : (
        <Card>
          <ul className="divide-y divide-border" aria-label="Documents">
            {documents.items.map((document) => (
              <DocumentRow key={document.id} document={document} canEdit={canCreate} />
            ))}
          </ul>
        </Card>
      )}
      {documents.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" loading={documents.isFetchingNextPage} onClick={() => void documents.fetchNextPage()}>
            Show more
          </Button>
        </div>
      ) : null}
      {creating ? <CreateDocumentDialog projectId={project.id} kind={creating} onClose={() => setCreating(null)} /> : null}
    </section>
  );
}

function DocumentRow({ document, canEdit }: { document: StudioDocument; canEdit: boolean }) {
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <li className="flex items-center gap-3 px-4 py-3">
      <span className={cx('grid size-9 shrink-0 place-items-center rounded-lg', document.kind === 'board' ? 'bg-warning-soft text-warning' : 'bg-accent-soft text-accent')}>
        <DocIcon name={document.kind === 'board' ? 'board' : 'text'} />
      </span>
      <div className="min-w-0 flex-1">
        <Link to={document.id} className="block truncate font-medium hover:text-accent focus-visible:underline focus-visible:outline-none">
          {document.title}
        </Link>
        <p className="truncate text-xs text-muted">
          {document.kind === 'board' ? 'Board' : 'Document'} · edited {formatRelative(document.updatedAt)}
          {document.createdBy ? ` · by ${document.createdBy.displayName}` : ''}
        </p>
      </div>
      {canEdit ? (
        <div className="flex shrink-0 gap-1">
          <Button size="sm" variant="ghost" aria-label={`Rename ${document.title}`} onClick={() => setRenaming(true)} icon={<DocIcon name="pencil" />}>
            <span className="hidden sm:inline">Rename</span>
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Delete ${document.title}`} onClick={() => setDeleting(true)} icon={<Icon name="trash" />}>
            <span className="hidden sm:inline">Delete</span>
          </Button>
        </div>
      ) : null}
      {renaming ? <RenameDialog document={document} onClose={() => setRenaming(false)} /> : null}
      {deleting ? <DeleteDialog document={document} onClose={() => setDeleting(false)} /> : null}
    </li>
  );
}

function CreateDocumentDialog({ projectId, kind, onClose }: { projectId: string; kind: DocumentKind; onClose: () => void }) {
  const navigate = useNavigate();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useCreateDocument(projectId, idempotencyKey);
  const [title, setTitle] = useState('');
  const errors = formErrors(create.error, ['title'] as const);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    create.mutate({ title, kind }, { onSuccess: (document) => void navigate(document.id) });
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={kind === 'board' ? 'New board' : 'New document'}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="create-document-form" loading={create.isPending}>
            Create
          </Button>
        </>
      }
    >
      <form id="create-document-form" onSubmit={submit} className="space-y-3">
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <Input
          label="Title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          placeholder={kind === 'board' ? 'Moodboard' : 'Creative brief'}
          maxLength={documentLimits.title.max}
          required
          autoFocus
          error={errors.fields.title}
        />
      </form>
    </Dialog>
  );
}

function RenameDialog({ document, onClose }: { document: StudioDocument; onClose: () => void }) {
  const rename = useRenameDocument(document);
  const [title, setTitle] = useState(document.title);
  const errors = formErrors(rename.error, ['title'] as const);
  return (
    <Dialog
      open
      onClose={onClose}
      title="Rename"
      footer={
        <Button type="submit" form="rename-document-form" loading={rename.isPending}>
          Save
        </Button>
      }
    >
      <form
        id="rename-document-form"
        onSubmit={(event) => {
          event.preventDefault();
          rename.mutate(title, { onSuccess: onClose });
        }}
      >
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <Input label="Title" value={title} onChange={(event) => setTitle(event.target.value)} maxLength={documentLimits.title.max} required autoFocus error={errors.fields.title} />
      </form>
    </Dialog>
  );
}

function DeleteDialog({ document, onClose }: { document: StudioDocument; onClose: () => void }) {
  const remove = useDeleteDocument(document);
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete “${document.title}”?`}
      description="The document, its history and its named versions are deleted for everyone. This cannot be undone."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: onClose })}>
            Delete
          </Button>
        </>
      }
    >
      {remove.error ? <Alert tone="danger">{errorMessage(remove.error)}</Alert> : null}
    </Dialog>
  );
}
