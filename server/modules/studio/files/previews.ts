import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { allowedFileType, filesLimits } from '../../../../common/studio-files.ts';

/** A tool run longer than this is stuck on a hostile or broken file. */
const TOOL_TIMEOUT_MS = 60_000;
/** Decoding bombs: refuse images above this many pixels. */
const MAX_INPUT_PIXELS = 100_000_000;

export interface RenderedPreview {
  thumbnail: Buffer;
  preview: Buffer;
}

/** Runs a command with no shell; answers its stdout, or fails with its stderr. Killed after the timeout. */
function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: TOOL_TIMEOUT_MS, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${command} exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(-500)}`));
    });
  });
}

/** Thumbnail and preview (webp, never enlarged) of anything sharp can read; animated images give their first frame. */
async function fromImage(input: Buffer | string): Promise<RenderedPreview> {
  const resize = (pixels: number) =>
    sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(pixels, pixels, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
  return { thumbnail: await resize(filesLimits.thumbnailPixels), preview: await resize(filesLimits.previewPixels) };
}

/** The first page of a PDF, rendered by pdftoppm (poppler-utils). */
async function fromPdf(file: string, dir: string): Promise<RenderedPreview> {
  const base = path.join(dir, 'page');
  await run('pdftoppm', ['-f', '1', '-l', '1', '-singlefile', '-png', '-scale-to', String(filesLimits.previewPixels), file, base]);
  return fromImage(await readFile(`${base}.png`));
}

/** The first frame of a video (a second in, when it is that long, to skip black openings). */
async function fromVideo(file: string): Promise<RenderedPreview> {
  const frame = (seek: string) =>
    run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-ss', seek, '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1']);
  let png = await frame('1');
  if (png.length === 0) png = await frame('0');
  if (png.length === 0) throw new Error('ffmpeg found no video frame');
  return fromImage(png);
}

/** Whether a preview can be made for this type at all; the others are marked unsupported and shown as an icon. */
export function canPreview(mimeType: string): boolean {
  const category = allowedFileType(mimeType)?.category;
  return category === 'image' || category === 'pdf' || category === 'video';
}

/**
 * Renders the thumbnail and preview of a stored file. PDFs and videos go through a temporary
 * file because pdftoppm and ffmpeg need to seek.
 */
export async function renderPreview(mimeType: string, body: Readable): Promise<RenderedPreview> {
  const category = allowedFileType(mimeType)?.category;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fw-preview-'));
  try {
    const file = path.join(dir, 'source');
    await pipeline(body, createWriteStream(file));
    if (category === 'image') return await fromImage(file);
    if (category === 'pdf') return await fromPdf(file, dir);
    if (category === 'video') return await fromVideo(file);
    throw new Error(`No preview for ${mimeType}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
