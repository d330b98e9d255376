import type { Folder } from '../../../../../common/studio-files.ts';
import { Icon, cx } from '../../../lib/ui/index.ts';
import { Glyph } from './FileGlyph.tsx';

interface FolderTreeProps {
  folders: Folder[];
  currentId: string | null;
  trash: boolean;
  onOpen: (folderId: string | null) => void;
  onTrash: () => void;
  /** Files dropped on a folder move there. */
  onDropFile?: (fileId: string, folderId: string | null) => void;
}

const rowClass = (active: boolean) =>
  cx(
    'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-[13px] focus-visible:outline-2 focus-visible:outline-ring',
    active ? 'bg-accent-soft font-medium text-accent' : 'text-fg hover:bg-surface-muted',
  );

/** The project's folders as an indented tree, plus the trash. */
export function FolderTree({ folders, currentId, trash, onOpen, onTrash, onDropFile }: FolderTreeProps) {
  const children = (parentId: string | null) => folders.filter((folder) => folder.parentId === parentId);
  const dropProps = (folderId: string | null) =>
    onDropFile
      ? {
          onDragOver: (event: React.DragEvent) => {
            if (event.dataTransfer.types.includes('application/x-fluxworks-file')) event.preventDefault();
          },
          onDrop: (event: React.DragEvent) => {
            const fileId = event.dataTransfer.getData('application/x-fluxworks-file');
            if (!fileId) return;
            event.preventDefault();
            event.stopPropagation();
            onDropFile(fileId, folderId);
          },
        }
      : {};

  const branch = (parentId: string | null, depth: number) => (
    <ul className="space-y-0.5">
      {children(parentId).map((folder) => (
        <li key={folder.id}>
          <button
            type="button"
            className={rowClass(!trash && currentId === folder.id)}
            style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
            onClick={() => onOpen(folder.id)}
            {...dropProps(folder.id)}
          >
            <Icon name="folder" className="shrink-0 text-muted" />
            <span className="truncate">{folder.name}</span>
          </button>
          {children(folder.id).length ? branch(folder.id, depth + 1) : null}
        </li>
      ))}
    </ul>
  );

  return (
    <nav aria-label="Folders" className="space-y-1">
      <button type="button" className={rowClass(!trash && currentId === null)} onClick={() => onOpen(null)} {...dropProps(null)}>
        <Glyph name="grid" className="shrink-0 text-muted" />
        All files
      </button>
      {branch(null, 1)}
      <div className="my-2 border-t border-border" />
      <button type="button" className={rowClass(trash)} onClick={onTrash}>
        <Icon name="trash" className="shrink-0 text-muted" />
        Trash
      </button>
    </nav>
  );
}
