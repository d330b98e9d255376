import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { AllowedFileType } from '../../../../common/studio-files.ts';

/** Enough of the start of a file for every signature file-type reads, zip-based office formats included. */
const HEAD_BYTES = 64 * 1024;

/** The first bytes of a stream; the rest is not read. */
export async function readHead(stream: Readable, bytes = HEAD_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, bytes);
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    // `stream: true` tolerates a character cut in half at the end of the head.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the bytes are what the uploader said: the type their signature reveals must be one the
 * declared type allows, and formats without a signature (text, SVG) must be UTF-8 text.
 * Answers the detected type too, for the error message.
 */
export async function contentMatches(declared: AllowedFileType, head: Buffer): Promise<{ matches: boolean; detected: string }> {
  const sniffed = await fileTypeFromBuffer(head);
  if (declared.detectedAs === 'text') {
    const text = (sniffed === undefined || sniffed.mime === 'application/xml') && looksLikeText(head);
    const isSvg = declared.mimeType !== 'image/svg+xml' || /<svg[\s>]/i.test(head.toString('utf8'));
    return { matches: text && isSvg, detected: sniffed?.mime ?? (looksLikeText(head) ? 'text' : 'unknown binary') };
  }
  const detected = sniffed?.mime ?? (looksLikeText(head) ? 'text' : 'unknown binary');
  return { matches: sniffed !== undefined && declared.detectedAs.includes(sniffed.mime), detected };
}
