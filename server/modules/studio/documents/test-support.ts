import { HocuspocusProvider } from '@hocuspocus/provider';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { collabDocumentName, COLLAB_PATH, TEXT_FIELD, type StudioDocument } from '../../../../common/studio-documents.ts';
import type { ProjectDetail } from '../../../../common/studio.ts';
import { bearer } from '../../../../test/support/factories.ts';

/** Polls until `check` holds, failing with `what` after the timeout. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function createProject(app: FastifyInstance, orgId: string, token: string, name = 'Docs project'): Promise<ProjectDetail> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/orgs/${orgId}/projects`, headers: bearer(token), payload: { name } });
  if (res.statusCode !== 201) throw new Error(`project create answered ${res.statusCode}: ${res.body}`);
  return res.json<ProjectDetail>();
}

export async function createDocument(app: FastifyInstance, projectId: string, token: string, body: { title: string; kind?: 'text' | 'board' }): Promise<StudioDocument> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/documents`, headers: bearer(token), payload: body });
  if (res.statusCode !== 201) throw new Error(`document create answered ${res.statusCode}: ${res.body}`);
  return res.json<StudioDocument>();
}

export interface TestCollaborator {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  /** The reason the server gave when it refused the connection, once it did. */
  refusal: () => string | undefined;
  synced: () => Promise<void>;
  destroy: () => void;
}

/** A Hocuspocus provider in Node (global WebSocket) connected to a listening app's /collab. */
export function connectCollaborator(baseUrl: string, token: string, documentId: string): TestCollaborator {
  const doc = new Y.Doc();
  let refused: string | undefined;
  const provider = new HocuspocusProvider({
    url: `${baseUrl.replace(/^http/, 'ws')}${COLLAB_PATH}`,
    name: collabDocumentName(documentId),
    document: doc,
    token,
    onAuthenticationFailed: ({ reason }) => {
      refused = reason;
    },
  });
  return {
    provider,
    doc,
    refusal: () => refused,
    synced: () => until(() => provider.isSynced, 'the provider to sync'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Appends a paragraph holding `text` to a text document's fragment, as the editor would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(TEXT_FIELD);
  fragment.insert(fragment.length, [paragraph]);
}

/** The plain text of each paragraph of a text document. */
export const paragraphs = (doc: Y.Doc): string[] =>
  doc
    .getXmlFragment(TEXT_FIELD)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? textOf(node) : ''));

const textOf = (element: Y.XmlElement): string =>
  (element.toArray() as unknown[]).map((child) => (child instanceof Y.XmlText ? (child.toString() as string) : '')).join('');
