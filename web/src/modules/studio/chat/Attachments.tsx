import { useState } from 'react';
import { Link } from 'react-router';
import type { MessageAttachment } from '../../../../../common/studio-messaging.ts';
import { Icon, Spinner } from '../../../lib/ui/index.ts';
import { formatBytes } from '../files/FileGlyph.tsx';
import { useFileDetail, useFiles } from '../files/api.ts';

/**
 * A file attached to a message, linking to it in the Files tab. The thumbnail is read fresh
 * from the files area (its links are short-lived); a file deleted since shows no thumbnail.
 */
export function AttachmentChip({ projectId, file }: { projectId: string; file: MessageAttachment }) {
  const detail = useFileDetail(projectId, file.mimeType.startsWith('image/') ? file.id : null);
  const thumbnail = detail.data?.file.thumbnailUrl;
  return (
    <Link
      to={`/projects/${projectId}/files?file=${file.id}`}
      className="flex max-w-64 items-center gap-2 rounded-lg border border-border bg-surface p-2 text-xs hover:border-muted focus-visible:outline-2 focus-visible:outline-ring"
    >
      {thumbnail ? (
        <img src={thumbnail} alt="" className="size-10 shrink-0 rounded object-cover" />
      ) : (
        <span className="flex size-10 shrink-0 items-center justify-center rounded bg-surface-muted text-muted">
          <Icon name="folder" className="size-4" />
        </span>
      )}
      <span className="min-w-0">
        <span className="block truncate font-medium text-fg">{file.name}</span>
        <span className="text-muted">{formatBytes(file.sizeBytes)}</span>
      </span>
    </Link>
  );
}

/** Picks files of the project to attach: the root folder's files, or name matches across the project. */
export function AttachmentPicker({ projectId, chosen, onPick, onClose }: { projectId: string; chosen: string[]; onPick: (file: MessageAttachment) => void; onClose: () => void }) {
  const [q, setQ] = useState('');
  const files = useFiles(projectId, { folderId: null, trash: false, sort: 'updated', order: 'desc', q });
  const items = files.items.filter((file) => !chosen.includes(file.id));
  return (
    <div role="dialog" aria-label="Attach project files" className="absolute bottom-full left-3 z-20 mb-1 w-80 max-w-[calc(100%-1.5rem)] rounded-lg border border-border bg-surface shadow-card">
      <div className="flex items-center gap-2 border-b border-border px-3 py-2">
        <Icon name="search" className="size-4 text-muted" />
        <input
          autoFocus
          aria-label="Find a file"
          placeholder="Find a file…"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
          }}
          className="min-w-0 flex-1 bg-transparent text-sm outline-none"
        />
        <button type="button" aria-label="Close" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted">
          <Icon name="close" className="size-3.5" />
        </button>
      </div>
      <ul className="max-h-64 overflow-y-auto py-1">
        {files.isPending ? <Spinner label="Loading files…" className="p-3" /> : null}
        {!files.isPending && items.length === 0 ? <li className="px-3 py-2 text-sm text-muted">{q ? 'No file matches.' : 'No files in this project yet.'}</li> : null}
        {items.map((file) => (
          <li key={file.id}>
            <button
              type="button"
              onClick={() => onPick({ id: file.id, name: file.name, mimeType: file.mimeType, sizeBytes: file.sizeBytes, thumbnailUrl: null })}
              className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm hover:bg-surface-muted"
            >
              {file.thumbnailUrl ? <img src={file.thumbnailUrl} alt="" className="size-7 rounded object-cover" /> : <Icon name="folder" className="size-4 text-muted" />}
              <span className="min-w-0 flex-1 truncate">{file.name}</span>
              <span className="text-xs text-muted">{formatBytes(file.sizeBytes)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
