import type { Folder, StudioFile } from '../../../../../common/studio-files.ts';
import { formatRelative } from '../../../lib/format.ts';
import { Icon, cx } from '../../../lib/ui/index.ts';
import { FileKindIcon, formatBytes } from './FileGlyph.tsx';

interface ViewProps {
  folders: Folder[];
  files: StudioFile[];
  trash: boolean;
  onOpenFolder: (folderId: string) => void;
  onOpenFile: (file: StudioFile) => void;
  draggable: boolean;
}

const dragFile = (file: StudioFile) => (event: React.DragEvent) => {
  event.dataTransfer.setData('application/x-fluxworks-file', file.id);
  event.dataTransfer.effectAllowed = 'move';
};

function Thumbnail({ file, className }: { file: StudioFile; className?: string }) {
  if (file.thumbnailUrl) {
    return <img src={file.thumbnailUrl} alt="" loading="lazy" className={cx('size-full object-cover', className)} />;
  }
  return (
    <div className={cx('flex size-full items-center justify-center', className)}>
      <FileKindIcon category={file.category} className={cx('size-9', file.previewStatus === 'pending' && 'animate-pulse')} />
    </div>
  );
}

const meta = (file: StudioFile, trash: boolean) =>
  trash ? `Deleted ${formatRelative(file.deletedAt)}` : `${formatBytes(file.sizeBytes)} · ${formatRelative(file.updatedAt)}`;

/** Folders and files as cards with thumbnails. */
export function FileGrid({ folders, files, trash, onOpenFolder, onOpenFile, draggable }: ViewProps) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 2xl:grid-cols-5">
      {folders.map((folder) => (
        <li key={folder.id}>
          <button
            type="button"
            onClick={() => onOpenFolder(folder.id)}
            className="flex w-full items-center gap-3 rounded-xl border border-border bg-surface p-3 text-left shadow-card hover:border-accent/50 focus-visible:outline-2 focus-visible:outline-ring"
          >
            <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent">
              <Icon name="folder" />
            </span>
            <span className="min-w-0 truncate text-[13px] font-medium">{folder.name}</span>
          </button>
        </li>
      ))}
      {files.map((file) => (
        <li key={file.id}>
          <button
            type="button"
            draggable={draggable}
            onDragStart={dragFile(file)}
            onClick={() => onOpenFile(file)}
            className="group block w-full overflow-hidden rounded-xl border border-border bg-surface text-left shadow-card hover:border-accent/50 focus-visible:outline-2 focus-visible:outline-ring"
          >
            <div className="aspect-[4/3] overflow-hidden bg-surface-muted">
              <Thumbnail file={file} className="transition-transform duration-200 group-hover:scale-[1.03]" />
            </div>
            <div className="space-y-0.5 px-3 py-2">
              <p className="truncate text-[13px] font-medium" title={file.name}>
                {file.name}
              </p>
              <p className="flex items-center gap-1.5 truncate text-[12px] text-muted">
                {meta(file, trash)}
                {file.versionCount > 1 ? <span className="rounded bg-surface-muted px-1 text-[11px]">v{file.versionCount}</span> : null}
              </p>
            </div>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Folders and files as rows, with size, owner and date columns on wider screens. */
export function FileList({ folders, files, trash, onOpenFolder, onOpenFile, draggable }: ViewProps) {
  const row = 'flex w-full items-center gap-3 px-3 py-2 text-left hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-ring';
  return (
    <ul className="divide-y divide-border overflow-hidden rounded-xl border border-border bg-surface shadow-card">
      {folders.map((folder) => (
        <li key={folder.id}>
          <button type="button" className={row} onClick={() => onOpenFolder(folder.id)}>
            <span className="flex size-9 shrink-0 items-center justify-center rounded-md bg-accent-soft text-accent">
              <Icon name="folder" />
            </span>
            <span className="min-w-0 flex-1 truncate text-[13px] font-medium">{folder.name}</span>
            <span className="hidden text-[12px] text-muted sm:block">Folder</span>
          </button>
        </li>
      ))}
      {files.map((file) => (
        <li key={file.id}>
          <button type="button" className={row} draggable={draggable} onDragStart={dragFile(file)} onClick={() => onOpenFile(file)}>
            <span className="size-9 shrink-0 overflow-hidden rounded-md bg-surface-muted">
              <Thumbnail file={file} />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-[13px] font-medium">{file.name}</span>
              <span className="block truncate text-[12px] text-muted sm:hidden">{meta(file, trash)}</span>
            </span>
            <span className="hidden w-20 text-right text-[12px] text-muted tabular-nums sm:block">{formatBytes(file.sizeBytes)}</span>
            <span className="hidden w-32 truncate text-[12px] text-muted md:block">{(trash ? file.deletedBy : file.createdBy)?.displayName ?? '—'}</span>
            <span className="hidden w-28 text-right text-[12px] text-muted sm:block">{formatRelative(trash ? file.deletedAt : file.updatedAt)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
