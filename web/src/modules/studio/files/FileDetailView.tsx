import { useEffect, useRef, useState } from 'react';
import type { FileDetail } from '../../../../../common/studio-files.ts';
import { api } from '../../../lib/api.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Badge, Button, Icon, Spinner, useToast } from '../../../lib/ui/index.ts';
import { FileComments } from '../comments/index.ts';
import { openDownload, useFileDetail } from './api.ts';
import { FileKindIcon, Glyph, formatBytes } from './FileGlyph.tsx';

interface FileDetailViewProps {
  projectId: string;
  fileId: string | null;
  canWrite: boolean;
  canComment: boolean;
  /** Setting the project cover is a project update (admins). */
  canSetCover: boolean;
  isCover: boolean;
  onClose: () => void;
  onRename: (detail: FileDetail) => void;
  onMove: (detail: FileDetail) => void;
  onDelete: (detail: FileDetail) => void;
  onRestore: (detail: FileDetail) => void;
  onPurge: (detail: FileDetail) => void;
  onNewVersion: (detail: FileDetail, file: File) => void;
  onSetCover: (detail: FileDetail) => void;
}

/** The original itself for video and audio (streamed through a signed inline URL); the rendered preview otherwise. */
function Preview({ detail }: { detail: FileDetail }) {
  const { file } = detail;
  const [mediaUrl, setMediaUrl] = useState<string | null>(null);
  const playable = detail.inline && (file.category === 'video' || file.category === 'audio');
  useEffect(() => {
    if (!playable) return;
    let cancelled = false;
    void api.get<{ url: string }>(`/files/${file.id}/download?disposition=inline`).then(({ url }) => {
      if (!cancelled) setMediaUrl(url);
    });
    return () => {
      cancelled = true;
    };
  }, [file.id, file.currentVersionId, playable]);

  if (playable && mediaUrl) {
    return file.category === 'video' ? (
      <video src={mediaUrl} poster={file.previewUrl ?? undefined} controls className="max-h-[60dvh] w-full rounded-lg bg-black" />
    ) : (
      <audio src={mediaUrl} controls className="w-full" />
    );
  }
  return (
    <div className="flex aspect-video flex-col items-center justify-center gap-3 rounded-lg bg-surface-muted text-muted">
      <FileKindIcon category={file.category} className="size-14" />
      <p className="text-[13px]">{file.previewStatus === 'pending' ? 'Preparing a preview…' : 'No preview for this kind of file'}</p>
    </div>
  );
}

/** A file opened: its preview (with pinned comments on images), versions and actions. */
export function FileDetailView(props: FileDetailViewProps) {
  const { projectId, fileId, canWrite, canComment, onClose } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const detail = useFileDetail(projectId, fileId);
  const notify = useToast();
  const versionInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (fileId && !dialog.open) dialog.showModal();
    if (!fileId && dialog.open) dialog.close();
  }, [fileId]);

  const download = (versionId?: string, disposition: 'attachment' | 'inline' = 'attachment') =>
    void openDownload(fileId!, versionId, disposition).catch((err: unknown) => notify(errorMessage(err), 'danger'));

  const data = detail.data;
  const file = data?.file;
  const deleted = Boolean(file?.deletedAt);
  const showsImage = file && (file.category === 'image' || file.category === 'pdf');

  return (
    <dialog
      ref={ref}
      aria-label={file?.name ?? 'File'}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto h-[min(100dvh,56rem)] max-h-dvh w-[min(76rem,100vw)] max-w-none overflow-hidden border border-border bg-surface p-0 text-fg shadow-2xl sm:h-[calc(100dvh-3rem)] sm:rounded-xl"
    >
      {fileId ? (
        <div className="flex h-full flex-col">
          <header className="flex items-center gap-3 border-b border-border px-4 py-3">
            {file ? <FileKindIcon category={file.category} className="size-5 shrink-0" /> : null}
            <div className="min-w-0 flex-1">
              <h2 className="truncate text-[15px] font-semibold">{file?.name ?? 'Loading…'}</h2>
              {file ? (
                <p className="truncate text-[12px] text-muted">
                  {formatBytes(file.sizeBytes)} · {file.mimeType} · updated {formatRelative(file.updatedAt)}
                </p>
              ) : null}
            </div>
            <button type="button" onClick={onClose} className="rounded-md p-1.5 text-muted hover:bg-surface-muted hover:text-fg" aria-label="Close">
              <Icon name="close" />
            </button>
          </header>
          {detail.isPending ? (
            <Spinner label="Loading file…" />
          ) : detail.isError ? (
            <div className="p-5">
              <Alert tone="danger">{errorMessage(detail.error)}</Alert>
            </div>
          ) : data && file ? (
            <div className="grid min-h-0 flex-1 overflow-y-auto lg:grid-cols-[minmax(0,1fr)_22rem] lg:overflow-hidden">
              <section className="space-y-4 p-4 lg:min-h-0 lg:overflow-y-auto">
                {deleted ? <Alert tone="warning">In the trash since {formatDateTime(file.deletedAt)}; deleted for good {formatRelative(file.purgeAt)}.</Alert> : null}
                {showsImage && !deleted ? (
                  <>
                    {file.previewUrl ? null : <Preview detail={data} />}
                    <FileComments projectId={projectId} fileId={file.id} imageUrl={file.previewUrl} canComment={canComment} />
                  </>
                ) : showsImage && file.previewUrl ? (
                  <img src={file.previewUrl} alt={file.name} className="mx-auto max-h-[60dvh] rounded-lg" />
                ) : (
                  <>
                    <Preview detail={data} />
                    {!deleted ? <FileComments projectId={projectId} fileId={file.id} imageUrl={null} canComment={canComment} /> : null}
                  </>
                )}
              </section>
              <aside className="space-y-5 border-t border-border p-4 lg:overflow-y-auto lg:border-t-0 lg:border-l">
                <div className="flex flex-wrap gap-2">
                  {deleted ? (
                    <>
                      <Button size="sm" icon={<Glyph name="restore" />} onClick={() => props.onRestore(data)}>
                        Restore
                      </Button>
                      <Button size="sm" variant="danger" onClick={() => props.onPurge(data)}>
                        Delete for good
                      </Button>
                    </>
                  ) : (
                    <>
                      <Button size="sm" icon={<Icon name="download" />} onClick={() => download()}>
                        Download
                      </Button>
                      {data.inline ? (
                        <Button size="sm" variant="secondary" icon={<Glyph name="external" />} onClick={() => download(undefined, 'inline')}>
                          Open
                        </Button>
                      ) : null}
                      {canWrite ? (
                        <>
                          <Button size="sm" variant="secondary" icon={<Glyph name="pencil" />} onClick={() => props.onRename(data)}>
                            Rename
                          </Button>
                          <Button size="sm" variant="secondary" icon={<Glyph name="move" />} onClick={() => props.onMove(data)}>
                            Move
                          </Button>
                          <Button size="sm" variant="ghost" icon={<Icon name="trash" />} onClick={() => props.onDelete(data)}>
                            Delete
                          </Button>
                        </>
                      ) : null}
                    </>
                  )}
                </div>
                {props.canSetCover && !deleted && file.category === 'image' ? (
                  props.isCover ? (
                    <Badge tone="accent">
                      <Glyph name="star" className="size-3" /> Project cover
                    </Badge>
                  ) : (
                    <Button size="sm" variant="ghost" icon={<Glyph name="star" />} onClick={() => props.onSetCover(data)}>
                      Use as project cover
                    </Button>
                  )
                ) : null}
                <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-[13px]">
                  <dt className="text-muted">Uploaded by</dt>
                  <dd className="truncate">{file.createdBy?.displayName ?? '—'}</dd>
                  <dt className="text-muted">Created</dt>
                  <dd>{formatDateTime(file.createdAt)}</dd>
                </dl>
                <section aria-labelledby="versions-heading" className="space-y-2">
                  <div className="flex items-center justify-between">
                    <h3 id="versions-heading" className="text-[13px] font-semibold">
                      Versions ({data.versions.length})
                    </h3>
                    {canWrite && !deleted ? (
                      <>
                        <Button size="sm" variant="secondary" icon={<Glyph name="upload" />} onClick={() => versionInput.current?.click()}>
                          New version
                        </Button>
                        <input
                          ref={versionInput}
                          type="file"
                          className="sr-only"
                          tabIndex={-1}
                          aria-label="Upload a new version"
                          onChange={(event) => {
                            const chosen = event.target.files?.[0];
                            if (chosen) props.onNewVersion(data, chosen);
                            event.target.value = '';
                          }}
                        />
                      </>
                    ) : null}
                  </div>
                  <ol className="divide-y divide-border rounded-lg border border-border">
                    {data.versions.map((version, index) => (
                      <li key={version.id} className="flex items-center gap-3 px-3 py-2">
                        <span className="size-10 shrink-0 overflow-hidden rounded bg-surface-muted">
                          {version.thumbnailUrl ? (
                            <img src={version.thumbnailUrl} alt="" className="size-full object-cover" />
                          ) : (
                            <span className="flex size-full items-center justify-center">
                              <FileKindIcon category={file.category} />
                            </span>
                          )}
                        </span>
                        <span className="min-w-0 flex-1">
                          <span className="flex items-center gap-1.5 text-[13px] font-medium">
                            Version {version.number}
                            {index === 0 ? <Badge tone="success">Current</Badge> : null}
                          </span>
                          <span className="block truncate text-[12px] text-muted">
                            {version.uploadedBy?.displayName ?? 'Someone'} · {formatRelative(version.createdAt)} · {formatBytes(version.sizeBytes)}
                          </span>
                        </span>
                        {!deleted ? (
                          <button
                            type="button"
                            onClick={() => download(version.id)}
                            className="rounded-md p-1.5 text-muted hover:bg-surface-muted hover:text-fg"
                            aria-label={`Download version ${version.number}`}
                          >
                            <Icon name="download" />
                          </button>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                  <p className="truncate font-mono text-[11px] text-muted" title={data.versions[0]?.sha256}>
                    SHA-256 {data.versions[0]?.sha256.slice(0, 16)}…
                  </p>
                </section>
              </aside>
            </div>
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}
