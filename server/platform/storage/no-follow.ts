import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../http/errors.ts';

/*
 * File operations under a root folder that never follow a symbolic link: every folder on the way
 * is checked with lstat, files are opened with O_NOFOLLOW, and writes go to a fresh temp file
 * (O_EXCL) renamed into place, so a planted link is replaced rather than written through.
 */

const refuseLink = (where: string) => new Error(`Refusing to follow a symbolic link at ${where}`);

/** Creates (or checks) each folder of `relativeDir` under `root`, refusing any that is a link. */
async function ensureDirectory(root: string, relativeDir: string): Promise<string> {
  let current = root;
  for (const segment of relativeDir.split('/').filter(Boolean)) {
    current = path.join(current, segment);
    await mkdir(current).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    });
    const stats = await lstat(current);
    if (stats.isSymbolicLink() || !stats.isDirectory()) throw refuseLink(current);
  }
  return current;
}

/** The folder holding `relativePath`, if it exists as real folders (no links on the way). */
async function existingDirectory(root: string, relativePath: string): Promise<string | undefined> {
  const dir = path.join(root, path.dirname(relativePath));
  const real = await realpath(dir).catch(() => undefined);
  return real === dir ? dir : undefined;
}

function limitBytes(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new AppError('upload_too_large', 413, `Uploads through this URL are limited to ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
}

/** Streams `body` to `root/relativePath` atomically; refuses more than `maxBytes` when given. */
export async function writeFileNoFollow(root: string, relativePath: string, body: Buffer | Readable, maxBytes?: number): Promise<void> {
  const dir = await ensureDirectory(root, path.dirname(relativePath));
  const target = path.join(dir, path.basename(relativePath));
  const temp = path.join(dir, `.upload-${randomBytes(8).toString('hex')}`);
  const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600);
  try {
    // The stream flushes to disk and closes the handle when it finishes.
    const output = handle.createWriteStream({ flush: true });
    if (Buffer.isBuffer(body)) await pipeline([body], limitBytes(maxBytes ?? Infinity), output);
    else await pipeline(body, limitBytes(maxBytes ?? Infinity), output);
    await rename(temp, target);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

/** Opens a regular file for reading, or answers undefined when there is none (or only a link). */
export async function openFileNoFollow(root: string, relativePath: string): Promise<{ handle: FileHandle; stats: Stats } | undefined> {
  const dir = await existingDirectory(root, relativePath);
  if (!dir) return undefined;
  const handle = await open(path.join(dir, path.basename(relativePath)), constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return undefined;
    throw err;
  });
  if (!handle) return undefined;
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    return undefined;
  }
  return { handle, stats };
}

/** Removes a file (or a link itself, never its target); missing files are fine. */
export async function removeFileNoFollow(root: string, relativePath: string): Promise<void> {
  const dir = await existingDirectory(root, relativePath);
  if (dir) await rm(path.join(dir, path.basename(relativePath)), { force: true });
}

/** Removes a folder and everything in it, unless the folder (or one on the way) is a link. */
export async function removeDirectoryNoFollow(root: string, relativeDir: string): Promise<void> {
  const dir = path.join(root, relativeDir);
  const real = await realpath(dir).catch(() => undefined);
  if (real === dir) await rm(dir, { recursive: true, force: true });
}
