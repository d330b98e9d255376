import { filesLimits } from '../../../../common/studio-files.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isUniqueViolation } from '../../identity/users.repository.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess } from '../project-access.ts';
import type { FileEvents } from './file-events.ts';
import { countFolders, findFile, findFolder, insertFolder, listFolders, trashFoldersAndFiles, updateFolder, type FolderRow } from './files.repository.ts';
import { pathTo, subtreeHeight, subtreeIds } from './folder-tree.ts';
import { folderNotFound } from './uploads.service.ts';

const nameTaken = () => new AppError('folder_name_taken', 409, 'A folder with that name is already there');

/** Folders of a project's files: a tree, renamed and moved freely; deleting one sends its files to the trash. */
export function foldersService(ctx: StudioContext, access: ProjectAccess, events: FileEvents) {
  const { db } = ctx;

  const authorizedFolder = async (actor: Actor, folderId: string, action: 'read' | 'contribute') => {
    const folder = await findFolder(db, folderId);
    if (!folder) throw folderNotFound();
    await access.authorize(actor, folder.projectId, action);
    return folder;
  };

  /** Checks `parentId` is a folder of the project where a subtree `height` deep still fits. */
  const checkParent = async (projectId: string, parentId: string | null, height: number): Promise<FolderRow[]> => {
    const folders = await listFolders(db, projectId);
    if (!parentId) return folders;
    if (!folders.some((folder) => folder.id === parentId)) throw folderNotFound();
    if (pathTo(folders, parentId).length + 1 + height > filesLimits.folderDepth) {
      throw new AppError('folder_too_deep', 422, `Folders nest at most ${filesLimits.folderDepth} levels deep`);
    }
    return folders;
  };

  const saving = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
  };

  return {
    /** Every folder of the project (the tree is small enough to send whole). */
    async list(actor: Actor, projectId: string): Promise<FolderRow[]> {
      await access.authorize(actor, projectId, 'read');
      return listFolders(db, projectId);
    },

    async create(actor: Actor, projectId: string, input: { name: string; parentId?: string | null }): Promise<FolderRow> {
      await access.authorize(actor, projectId, 'contribute');
      await checkParent(projectId, input.parentId ?? null, 0);
      if ((await countFolders(db, projectId)) >= filesLimits.foldersPerProject) {
        throw new AppError('too_many_folders', 422, `A project holds at most ${filesLimits.foldersPerProject} folders`);
      }
      return saving(() => insertFolder(db, { projectId, parentId: input.parentId ?? null, name: input.name, createdBy: actor.userId }));
    },

    /** Renames a folder or moves it under another one (null: the root), never into itself or below. */
    async update(actor: Actor, folderId: string, changes: { name?: string; parentId?: string | null }): Promise<FolderRow> {
      const folder = await authorizedFolder(actor, folderId, 'contribute');
      if (changes.parentId !== undefined) {
        const folders = await listFolders(db, folder.projectId);
        if (changes.parentId && subtreeIds(folders, folderId).includes(changes.parentId)) {
          throw new AppError('folder_cycle', 422, 'A folder cannot move into itself or one of its subfolders');
        }
        await checkParent(folder.projectId, changes.parentId, subtreeHeight(folders, folderId));
      }
      return saving(async () => (await updateFolder(db, folderId, changes))!);
    },

    /** Deletes a folder and its subfolders; their files go to the trash (and come back at the root if restored). */
    async remove(actor: Actor, folderId: string): Promise<{ trashedFileIds: string[] }> {
      const folder = await authorizedFolder(actor, folderId, 'contribute');
      const ids = subtreeIds(await listFolders(db, folder.projectId), folderId);
      const trashedFileIds = await db.transaction((tx) => trashFoldersAndFiles(tx, ids, actor.userId, new Date()));
      for (const fileId of trashedFileIds) {
        const row = await findFile(db, fileId);
        if (row) await events.deleted(actor, row.file);
      }
      return { trashedFileIds };
    },

    /** The folders from the root down to this one, for breadcrumbs. */
    async path(actor: Actor, folderId: string): Promise<FolderRow[]> {
      const folder = await authorizedFolder(actor, folderId, 'read');
      return pathTo(await listFolders(db, folder.projectId), folderId);
    },
  };
}

export type FoldersService = ReturnType<typeof foldersService>;
