/** A folder as the tree helpers need it. */
interface TreeFolder {
  id: string;
  parentId: string | null;
}

/** The folder and every folder below it, from the project's folder list. */
export function subtreeIds(folders: TreeFolder[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const folder of folders) {
    if (folder.parentId) children.set(folder.parentId, [...(children.get(folder.parentId) ?? []), folder.id]);
  }
  const ids: string[] = [];
  const queue = [rootId];
  while (queue.length) {
    const id = queue.shift()!;
    ids.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return ids;
}

/** The folders from the root down to `folderId` (inclusive). */
export function pathTo<T extends TreeFolder>(folders: T[], folderId: string): T[] {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const path: T[] = [];
  for (let current = byId.get(folderId); current && path.length <= folders.length; current = current.parentId ? byId.get(current.parentId) : undefined) {
    path.unshift(current);
  }
  return path;
}

/** How many folders deep a folder of this subtree reaches below the subtree's root (0 for a leaf). */
export function subtreeHeight(folders: TreeFolder[], rootId: string): number {
  const depthOf = (id: string): number => {
    const kids = folders.filter((folder) => folder.parentId === id);
    return kids.length ? 1 + Math.max(...kids.map((kid) => depthOf(kid.id))) : 0;
  };
  return depthOf(rootId);
}
