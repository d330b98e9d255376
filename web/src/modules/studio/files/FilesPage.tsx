import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { FileDetail, FileSort, Folder, StudioFile } from '../../../../../common/studio-files.ts';
import { filesLimits } from '../../../../../common/studio-files.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Button, EmptyState, Icon, Spinner, cx, useToast } from '../../../lib/ui/index.ts';
import { useProjectContext } from '../project-context.ts';
import { useFileActions, useFiles, useFolders, usePreviewRefresh, useStorageUsage } from './api.ts';
import { MoveDialog, NameDialog } from './FileDialogs.tsx';
import { FileDetailView } from './FileDetailView.tsx';
import { Glyph, formatBytes } from './FileGlyph.tsx';
import { FileGrid, FileList } from './FileViews.tsx';
import { FolderTree } from './FolderTree.tsx';
import { UploadPanel } from './UploadPanel.tsx';
import { useUploads } from './useUploads.ts';

type Layout = 'grid' | 'list';
const LAYOUT_KEY = 'fluxworks.files.layout';

type Editing =
  | { kind: 'newFolder' }
  | { kind: 'renameFolder'; folder: Folder }
  | { kind: 'moveFolder'; folder: Folder }
  | { kind: 'renameFile'; detail: FileDetail }
  | { kind: 'moveFile'; detail: FileDetail }
  | null;

const sortLabels: Record<FileSort, string> = { name: 'Name', updated: 'Last modified', size: 'Size' };

function descendants(folders: Folder[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const folder of folders) {
      if (folder.parentId && ids.has(folder.parentId) && !ids.has(folder.id)) {
        ids.add(folder.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** The project's files: folders, grid or list, drag-and-drop uploads with progress, trash, and a detail view. */
export function FilesPage() {
  const { project, can } = useProjectContext();
  const projectId = project.id;
  const canWrite = can('contribute') && project.status === 'active';
  const [params, setParams] = useSearchParams();
  const folderId = params.get('folder');
  const openFileId = params.get('file');
  const trash = params.get('view') === 'trash';
  const [layout, setLayout] = useState<Layout>(() => (localStorage.getItem(LAYOUT_KEY) === 'list' ? 'list' : 'grid'));
  const [sort, setSort] = useState<FileSort>('name');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [q, setQ] = useState('');
  const [dragging, setDragging] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const notify = useToast();

  const folders = useFolders(projectId);
  const files = useFiles(projectId, { folderId, trash, sort, order, q: q.trim() });
  const usage = useStorageUsage(projectId);
  const actions = useFileActions(projectId);
  usePreviewRefresh(projectId);
  // The upload panel reports each upload; finishing one only refreshes the lists.
  const uploads = useUploads(() => actions.refresh());

  const allFolders = useMemo(() => folders.data ?? [], [folders.data]);
  const current = allFolders.find((folder) => folder.id === folderId) ?? null;
  const breadcrumbs = useMemo(() => {
    const path: Folder[] = [];
    for (let f = current; f; ) {
      path.unshift(f);
      const parentId = f.parentId;
      f = allFolders.find((candidate) => candidate.id === parentId) ?? null;
    }
    return path;
  }, [allFolders, current]);
  const subfolders = trash || q.trim() ? [] : allFolders.filter((folder) => folder.parentId === (folderId ?? null));

  const navigate = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  const openFolder = (id: string | null) => navigate({ folder: id, view: null, file: null });
  const openFile = (file: StudioFile) => navigate({ file: file.id });

  const startUploads = (list: FileList | File[]) => {
    const chosen = [...list];
    const tooBig = chosen.filter((file) => file.size > filesLimits.maxFileBytes);
    if (tooBig.length) notify(`${tooBig.map((f) => f.name).join(', ')}: larger than ${formatBytes(filesLimits.maxFileBytes)}`, 'danger');
    const accepted = chosen.filter((file) => file.size <= filesLimits.maxFileBytes && file.size > 0);
    if (accepted.length) uploads.add(accepted, { projectId, folderId: trash ? null : folderId });
  };

  const run = (work: Promise<unknown>, done: string) =>
    void work.then(
      () => notify(done, 'success'),
      (err: unknown) => notify(errorMessage(err), 'danger'),
    );

  const dropHandlers = canWrite
    ? {
        onDragEnter: (event: React.DragEvent) => {
          if (event.dataTransfer.types.includes('Files')) setDragging(true);
        },
        onDragOver: (event: React.DragEvent) => {
          if (event.dataTransfer.types.includes('Files')) event.preventDefault();
        },
        onDragLeave: (event: React.DragEvent) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (event: React.DragEvent) => {
          setDragging(false);
          if (!event.dataTransfer.files.length) return;
          event.preventDefault();
          startUploads(event.dataTransfer.files);
        },
      }
    : {};

  const title = trash ? 'Trash' : q.trim() ? `Results for “${q.trim()}”` : (current?.name ?? 'All files');
  const empty = !files.isPending && files.items.length === 0 && subfolders.length === 0;

  return (
    <div className="relative flex min-h-0 flex-1 gap-6" {...dropHandlers}>
      <aside className="hidden w-56 shrink-0 md:block">
        <div className="sticky top-4 space-y-4">
          {canWrite ? (
            <Button className="w-full" icon={<Glyph name="upload" />} onClick={() => fileInput.current?.click()}>
              Upload files
            </Button>
          ) : null}
          <FolderTree
            folders={allFolders}
            currentId={folderId}
            trash={trash}
            onOpen={openFolder}
            onTrash={() => navigate({ view: 'trash', folder: null, file: null })}
            onDropFile={canWrite ? (fileId, target) => run(actions.updateFile.mutateAsync({ fileId, folderId: target }), 'File moved') : undefined}
          />
          {usage.data ? (
            <div className="space-y-1.5 px-2">
              <div className="h-1.5 overflow-hidden rounded-full bg-surface-muted">
                <div className="h-full rounded-full bg-accent" style={{ width: `${Math.min(100, (usage.data.usedBytes / Math.max(1, usage.data.quotaBytes)) * 100)}%` }} />
              </div>
              <p className="text-[12px] text-muted">
                {formatBytes(usage.data.usedBytes)} of {formatBytes(usage.data.quotaBytes)} used
              </p>
            </div>
          ) : null}
        </div>
      </aside>

      <section className="min-w-0 flex-1 space-y-4 pb-24">
        <div className="flex flex-wrap items-center gap-2">
          <nav aria-label="Folder path" className="flex min-w-0 flex-1 items-center gap-1 text-sm">
            <button type="button" onClick={() => openFolder(null)} className="shrink-0 rounded px-1 text-muted hover:text-fg">
              Files
            </button>
            {trash ? (
              <>
                <Glyph name="chevronRight" className="size-3.5 shrink-0 text-muted" />
                <span className="font-medium">Trash</span>
              </>
            ) : (
              breadcrumbs.map((folder, index) => (
                <span key={folder.id} className="flex min-w-0 items-center gap-1">
                  <Glyph name="chevronRight" className="size-3.5 shrink-0 text-muted" />
                  {index === breadcrumbs.length - 1 ? (
                    <span className="truncate font-medium" aria-current="page">
                      {folder.name}
                    </span>
                  ) : (
                    <button type="button" onClick={() => openFolder(folder.id)} className="truncate rounded px-1 text-muted hover:text-fg">
                      {folder.name}
                    </button>
                  )}
                </span>
              ))
            )}
          </nav>
          <div className="flex flex-wrap items-center gap-2">
            <label className="relative">
              <span className="sr-only">Search files</span>
              <Icon name="search" className="pointer-events-none absolute top-2.5 left-2.5 text-muted" />
              <input
                type="search"
                value={q}
                onChange={(event) => setQ(event.target.value)}
                placeholder="Search"
                className="h-9 w-36 rounded-lg border border-border bg-surface pr-2 pl-8 text-sm shadow-card focus-visible:outline-2 focus-visible:outline-ring sm:w-48"
              />
            </label>
            {!trash ? (
              <label className="flex items-center">
                <span className="sr-only">Sort by</span>
                <select
                  value={`${sort}:${order}`}
                  onChange={(event) => {
                    const [nextSort, nextOrder] = event.target.value.split(':') as [FileSort, 'asc' | 'desc'];
                    setSort(nextSort);
                    setOrder(nextOrder);
                  }}
                  className="h-9 rounded-lg border border-border bg-surface px-2 text-sm shadow-card focus-visible:outline-2 focus-visible:outline-ring"
                >
                  {(Object.keys(sortLabels) as FileSort[]).flatMap((key) =>
                    (['asc', 'desc'] as const).map((direction) => (
                      <option key={`${key}:${direction}`} value={`${key}:${direction}`}>
                        {sortLabels[key]} {key === 'name' ? (direction === 'asc' ? 'A–Z' : 'Z–A') : direction === 'asc' ? '↑' : '↓'}
                      </option>
                    )),
                  )}
                </select>
              </label>
            ) : null}
            <div className="flex rounded-lg border border-border bg-surface p-0.5 shadow-card" role="group" aria-label="Layout">
              {(['grid', 'list'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  aria-pressed={layout === option}
                  aria-label={option === 'grid' ? 'Grid view' : 'List view'}
                  onClick={() => {
                    setLayout(option);
                    localStorage.setItem(LAYOUT_KEY, option);
                  }}
                  className={cx('rounded-md p-1.5', layout === option ? 'bg-accent-soft text-accent' : 'text-muted hover:text-fg')}
                >
                  <Glyph name={option} />
                </button>
              ))}
            </div>
          </div>
        </div>

        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
          <div className="flex flex-wrap gap-2">
            {canWrite && !trash ? (
              <>
                <Button size="sm" variant="secondary" icon={<Glyph name="folderPlus" />} onClick={() => setEditing({ kind: 'newFolder' })}>
                  New folder
                </Button>
                <Button size="sm" className="md:hidden" icon={<Glyph name="upload" />} onClick={() => fileInput.current?.click()}>
                  Upload
                </Button>
              </>
            ) : null}
            {canWrite && current && !trash ? (
              <>
                <Button size="sm" variant="ghost" icon={<Glyph name="pencil" />} onClick={() => setEditing({ kind: 'renameFolder', folder: current })}>
                  Rename
                </Button>
                <Button size="sm" variant="ghost" icon={<Glyph name="move" />} onClick={() => setEditing({ kind: 'moveFolder', folder: current })}>
                  Move
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  icon={<Icon name="trash" />}
                  onClick={() => {
                    if (!window.confirm(`Delete “${current.name}”? Its files go to the trash.`)) return;
                    run(
                      actions.deleteFolder.mutateAsync(current.id).then(() => openFolder(current.parentId)),
                      'Folder deleted; its files are in the trash',
                    );
                  }}
                >
                  Delete
                </Button>
              </>
            ) : null}
            <Button size="sm" variant="ghost" className="md:hidden" icon={<Icon name="trash" />} onClick={() => navigate({ view: trash ? null : 'trash', folder: null })}>
              {trash ? 'Back to files' : 'Trash'}
            </Button>
          </div>
        </div>

        {trash ? <p className="text-[13px] text-muted">Deleted files stay here for {filesLimits.trashRetentionDays} days, then they are deleted for good.</p> : null}

        <input
          ref={fileInput}
          type="file"
          multiple
          className="sr-only"
          tabIndex={-1}
          aria-label="Choose files to upload"
          onChange={(event) => {
            if (event.target.files) startUploads(event.target.files);
            event.target.value = '';
          }}
        />

        {files.isError ? <Alert tone="danger">{errorMessage(files.error)}</Alert> : null}
        {files.isPending || folders.isPending ? (
          <Spinner label="Loading files…" />
        ) : empty ? (
          <div className="rounded-xl border-2 border-dashed border-border bg-surface">
            <EmptyState title={trash ? 'The trash is empty' : q.trim() ? 'No file matches' : 'No files here yet'}>
              {canWrite && !trash && !q.trim() ? (
                <div className="space-y-3">
                  <p>Drop files anywhere on this page, or choose them.</p>
                  <Button size="sm" icon={<Glyph name="upload" />} onClick={() => fileInput.current?.click()}>
                    Choose files
                  </Button>
                </div>
              ) : null}
            </EmptyState>
          </div>
        ) : layout === 'grid' ? (
          <FileGrid folders={subfolders} files={files.items} trash={trash} onOpenFolder={openFolder} onOpenFile={openFile} draggable={canWrite && !trash} />
        ) : (
          <FileList folders={subfolders} files={files.items} trash={trash} onOpenFolder={openFolder} onOpenFile={openFile} draggable={canWrite && !trash} />
        )}
        {files.hasNextPage ? (
          <div className="flex justify-center">
            <Button variant="secondary" loading={files.isFetchingNextPage} onClick={() => void files.fetchNextPage()}>
              Load more
            </Button>
          </div>
        ) : null}
      </section>

      {dragging ? (
        <div className="pointer-events-none absolute inset-0 z-20 flex items-center justify-center rounded-xl border-2 border-dashed border-accent bg-accent-soft/80 backdrop-blur-[1px]">
          <div className="flex flex-col items-center gap-2 text-accent">
            <Glyph name="upload" className="size-8" />
            <p className="font-medium">Drop to upload to {trash ? 'the project root' : (current?.name ?? 'the project root')}</p>
          </div>
        </div>
      ) : null}

      <UploadPanel items={uploads.items} onRetry={uploads.retry} onCancel={uploads.cancel} onClear={uploads.clearFinished} />

      <FileDetailView
        projectId={projectId}
        fileId={openFileId}
        canWrite={canWrite}
        canComment={canWrite}
        canSetCover={canWrite && can('update')}
        isCover={project.coverFileId === openFileId}
        onClose={() => navigate({ file: null })}
        onRename={(detail) => setEditing({ kind: 'renameFile', detail })}
        onMove={(detail) => setEditing({ kind: 'moveFile', detail })}
        onDelete={(detail) => {
          run(actions.deleteFile.mutateAsync(detail.file.id), `${detail.file.name} moved to the trash`);
          navigate({ file: null });
        }}
        onRestore={(detail) => run(actions.restoreFile.mutateAsync(detail.file.id), `${detail.file.name} restored`)}
        onPurge={(detail) => {
          if (!window.confirm(`Delete “${detail.file.name}” and all its versions for good? This cannot be undone.`)) return;
          run(actions.purgeFile.mutateAsync(detail.file.id), `${detail.file.name} deleted for good`);
          navigate({ file: null });
        }}
        onNewVersion={(detail, file) => uploads.add([file], { projectId, folderId: detail.file.folderId, fileId: detail.file.id })}
        onSetCover={(detail) => run(actions.setCover.mutateAsync(detail.file.id), 'Project cover updated')}
      />

      {editing?.kind === 'newFolder' ? (
        <NameDialog
          open
          title="New folder"
          label="Folder name"
          initial=""
          submitLabel="Create folder"
          maxLength={filesLimits.folderName.max}
          onClose={() => setEditing(null)}
          onSubmit={(name) => actions.createFolder.mutateAsync({ name, parentId: folderId })}
        />
      ) : null}
      {editing?.kind === 'renameFolder' ? (
        <NameDialog
          open
          title="Rename folder"
          label="Folder name"
          initial={editing.folder.name}
          submitLabel="Rename"
          maxLength={filesLimits.folderName.max}
          onClose={() => setEditing(null)}
          onSubmit={(name) => actions.updateFolder.mutateAsync({ folderId: editing.folder.id, name })}
        />
      ) : null}
      {editing?.kind === 'renameFile' ? (
        <NameDialog
          open
          title="Rename file"
          label="File name"
          initial={editing.detail.file.name}
          submitLabel="Rename"
          onClose={() => setEditing(null)}
          onSubmit={(name) => actions.updateFile.mutateAsync({ fileId: editing.detail.file.id, name })}
        />
      ) : null}
      {editing?.kind === 'moveFile' ? (
        <MoveDialog
          open
          title={`Move ${editing.detail.file.name}`}
          folders={allFolders}
          currentId={editing.detail.file.folderId}
          onClose={() => setEditing(null)}
          onMove={(target) => actions.updateFile.mutateAsync({ fileId: editing.detail.file.id, folderId: target })}
        />
      ) : null}
      {editing?.kind === 'moveFolder' ? (
        <MoveDialog
          open
          title={`Move ${editing.folder.name}`}
          folders={allFolders}
          currentId={editing.folder.parentId}
          excluded={descendants(allFolders, editing.folder.id)}
          onClose={() => setEditing(null)}
          onMove={(target) => actions.updateFolder.mutateAsync({ folderId: editing.folder.id, parentId: target })}
        />
      ) : null}
    </div>
  );
}
