import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import { renderToMarkdown } from '@tiptap/static-renderer/pm/markdown';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { textDocumentExtensions, textDocumentSchema } from '../../../../common/studio-document-content.ts';
import { BOARD_SHAPES_FIELD, boardShapeSchema, TEXT_FIELD, type BoardShape, type DocumentKind, type ExportFormat } from '../../../../common/studio-documents.ts';

let schema: ReturnType<typeof textDocumentSchema> | undefined;
const textSchema = () => (schema ??= textDocumentSchema());

/** A board's shapes, bottom first; entries that do not parse as shapes are left out. */
export function boardShapes(doc: Y.Doc): BoardShape[] {
  const shapes: BoardShape[] = [];
  for (const value of doc.getMap(BOARD_SHAPES_FIELD).values()) {
    const parsed = boardShapeSchema.safeParse(value);
    if (parsed.success) shapes.push(parsed.data);
  }
  return shapes.sort((a, b) => a.z - b.z);
}

export interface ExportedDocument {
  body: string;
  contentType: string;
  extension: string;
}

/** Markdown, HTML or JSON of a document's current content. Boards have no text form, so they export JSON. */
export function exportDocument(kind: DocumentKind, doc: Y.Doc, format: ExportFormat, title: string): ExportedDocument {
  if (kind === 'board') {
    return { body: JSON.stringify({ kind: 'board', title, shapes: boardShapes(doc) }, null, 2), contentType: 'application/json', extension: 'json' };
  }
  const node = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(TEXT_FIELD), textSchema());
  if (format === 'json') return { body: JSON.stringify({ kind: 'text', title, content: node.toJSON() as unknown }, null, 2), contentType: 'application/json', extension: 'json' };
  if (format === 'markdown') {
    return { body: renderToMarkdown({ extensions: textDocumentExtensions, content: node }), contentType: 'text/markdown; charset=utf-8', extension: 'md' };
  }
  const html = renderToHTMLString({ extensions: textDocumentExtensions, content: node });
  const page = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${html}\n</body></html>\n`;
  return { body: page, contentType: 'text/html; charset=utf-8', extension: 'html' };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Makes `live` hold what `snapshot` holds, as ordinary edits in one transaction: connected
 * clients receive them as an update and converge, and the document's history stays intact.
 */
export function replaceContent(kind: DocumentKind, live: Y.Doc, snapshot: Y.Doc): void {
  if (kind === 'text') {
    const target = live.getXmlFragment(TEXT_FIELD);
    const source = snapshot.getXmlFragment(TEXT_FIELD);
    target.delete(0, target.length);
    target.insert(
      0,
      source.toArray().flatMap((node) => (node instanceof Y.XmlHook ? [] : [node.clone()])),
    );
    return;
  }
  const target = live.getMap(BOARD_SHAPES_FIELD);
  const source = snapshot.getMap(BOARD_SHAPES_FIELD);
  for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
  for (const [key, value] of source.entries()) target.set(key, value);
}

export function docFromState(state: Uint8Array | undefined): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}
