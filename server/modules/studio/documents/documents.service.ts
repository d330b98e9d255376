import * as Y from 'yjs';
import type { Role } from '../../../../common/organizations.ts';
import {
  documentLimits,
  type CreateDocumentBody,
  type DocumentListQuery,
  type ExportFormat,
} from '../../../../common/studio-documents.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { createOnce } from '../../../platform/idempotency/index.ts';
import { decodeCursor, pageOf } from '../../../platform/pagination/cursor.ts';
import { directory, type UserSummary } from '../../identity/directory.ts';
import type { ProjectEventDelivery } from '../comments/integrations.service.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess } from '../project-access.ts';
import type { ProjectRow } from '../projects.repository.ts';
import { docFromState, exportDocument, replaceContent, type ExportedDocument } from './content.ts';
import { documentPersistence } from './persistence.ts';
import {
  countVersions,
  deleteDocument,
  findDocument,
  findVersionState,
  insertDocument,
  insertVersion,
  listDocuments,
  listVersions,
  renameDocument,
  type DocumentRow,
  type VersionRow,
} from './repository.ts';

export interface DocumentView {
  document: DocumentRow;
  createdBy: UserSummary | null;
}

export interface DocumentDetailView extends DocumentView {
  role: Role;
  policies: Record<string, boolean>;
}

export interface VersionView {
  version: VersionRow;
  createdBy: UserSummary | null;
}

/** What the collaboration server offers the service: run code against a document's live Y.Doc. */
export interface LiveDocuments {
  /** Opens the document (loading it if no one has it open), runs `work` in one transaction when `write` is set, then lets it go. */
  use<T>(documentId: string, work: (doc: Y.Doc) => T, options?: { write?: boolean }): Promise<T>;
  /** Drops every connection to a document that no longer exists. */
  close(documentId: string): void;
}

export const documentNotFound = () => new AppError('document_not_found', 404, 'No such document');
const versionNotFound = () => new AppError('version_not_found', 404, 'No such version of this document');

/** Live documents of a project: their records, named versions, exports and who may open them. */
export function documentsService(ctx: StudioContext, access: ProjectAccess, integrations: ProjectEventDelivery) {
  const { db } = ctx;
  const persistence = documentPersistence({ db, compactAfterUpdates: 50 });
  let live: LiveDocuments | undefined;

  const withCreators = async <R extends { createdBy: string | null }>(rows: R[]) => {
    const people = await directory.userSummaries(db, rows.flatMap((row) => (row.createdBy ? [row.createdBy] : [])));
    return rows.map((row) => ({ row, createdBy: row.createdBy ? (people.get(row.createdBy) ?? null) : null }));
  };
  const documentViews = async (rows: DocumentRow[]): Promise<DocumentView[]> =>
    (await withCreators(rows)).map(({ row, createdBy }) => ({ document: row, createdBy }));

  /** Loads a document and checks the actor's right on its project; 404 for both a missing document and a hidden project. */
  async function authorizeDocument(actor: Actor, documentId: string, action: 'read' | 'contribute') {
    const document = await findDocument(db, documentId);
    if (!document) throw documentNotFound();
    try {
      const { project, role } = await access.authorize(actor, document.projectId, action);
      return { document, project, role };
    } catch (err) {
      if (err instanceof AppError && err.code === 'project_not_found') throw documentNotFound();
      throw err;
    }
  }

  /** The live state when a collaboration server runs in this process, else the stored one. */
  async function currentState(document: DocumentRow): Promise<Uint8Array> {
    if (live) return live.use(document.id, (doc) => Y.encodeStateAsUpdate(doc));
    await persistence.settled(document.id);
    return (await persistence.load(document.id)) ?? Y.encodeStateAsUpdate(new Y.Doc());
  }

  const liveDocuments = (): LiveDocuments => {
    if (!live) throw new AppError('collaboration_unavailable', 503, 'Live documents are not served by this process');
    return live;
  };

  return {
    persistence,

    /** The collaboration server registers itself here once it runs. */
    useLiveDocuments(documents: LiveDocuments): void {
      live = documents;
    },

    /** Accepts a document for a collaboration connection: read access lets the actor in, `contribute` lets them write. */
    async authorizeCollaboration(actor: Actor, documentId: string): Promise<{ document: DocumentRow; project: ProjectRow; canWrite: boolean; user: UserSummary | undefined }> {
      const { document, project } = await authorizeDocument(actor, documentId, 'read');
      const canWrite = project.status === 'active' && (await access.can(actor, project, 'contribute'));
      const user = (await directory.userSummaries(db, [actor.userId])).get(actor.userId);
      return { document, project, canWrite, user };
    },

    /** Starts a document; the same `idempotencyKey` returns the first document again. */
    async create(actor: Actor, projectId: string, input: CreateDocumentBody, idempotencyKey?: string): Promise<DocumentView> {
      const { project } = await access.authorize(actor, projectId, 'contribute');
      const row = await createOnce(ctx.cache, {
        scope: `studio:document-create:${actor.userId}`,
        key: idempotencyKey,
        create: async () => {
          const created = await insertDocument(db, { projectId, kind: input.kind ?? 'text', title: input.title, createdBy: actor.userId });
          await ctx.bus.publish('document.created', { orgId: project.orgId, projectId, actorId: actor.userId, documentId: created.id, kind: created.kind });
          await integrations.deliver(projectId, {
            type: 'document.created',
            actorId: actor.userId,
            summary: `started the ${created.kind === 'board' ? 'board' : 'document'} “${created.title}”`,
            link: `/projects/${projectId}/docs/${created.id}`,
            data: { documentId: created.id, kind: created.kind, title: created.title },
          });
          return created;
        },
        idOf: (created) => created.id,
        reload: (documentId) => findDocument(db, documentId),
      });
      const [view] = await documentViews([row]);
      return view!;
    },

    async list(actor: Actor, projectId: string, query: DocumentListQuery & { limit: number }) {
      await access.authorize(actor, projectId, 'read');
      const rows = await listDocuments(db, projectId, query.kind, decodeCursor(query.cursor), query.limit);
      const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: await documentViews(page.rows), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, documentId: string): Promise<DocumentDetailView> {
      const { document, project, role } = await authorizeDocument(actor, documentId, 'read');
      const [view] = await documentViews([document]);
      return { ...view!, role, policies: await access.policiesFor(actor, project) };
    },

    async rename(actor: Actor, documentId: string, title: string): Promise<DocumentView> {
      await authorizeDocument(actor, documentId, 'contribute');
      const renamed = await renameDocument(db, documentId, title);
      if (!renamed) throw documentNotFound();
      const [view] = await documentViews([renamed]);
      return view!;
    },

    async remove(actor: Actor, documentId: string): Promise<void> {
      const { document, project } = await authorizeDocument(actor, documentId, 'contribute');
      // Contributors delete their own documents; deleting someone else's takes a moderator.
      if (document.createdBy !== actor.userId) await access.authorize(actor, document.projectId, 'moderate');
      persistence.forget(documentId);
      await deleteDocument(db, documentId);
      live?.close(documentId);
      await ctx.bus.publish('document.deleted', { orgId: project.orgId, projectId: document.projectId, actorId: actor.userId, documentId });
    },

    async listVersions(actor: Actor, documentId: string, query: { cursor?: string; limit: number }) {
      await authorizeDocument(actor, documentId, 'read');
      const rows = await listVersions(db, documentId, decodeCursor(query.cursor), query.limit);
      const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: (await withCreators(page.rows)).map(({ row, createdBy }): VersionView => ({ version: row, createdBy })), nextCursor: page.nextCursor };
    },

    /** Keeps the document's current content under a name. */
    async saveVersion(actor: Actor, documentId: string, name: string): Promise<VersionView> {
      const { document } = await authorizeDocument(actor, documentId, 'contribute');
      if ((await countVersions(db, documentId)) >= documentLimits.versionsPerDocument) {
        throw new AppError('too_many_versions', 409, `A document keeps at most ${documentLimits.versionsPerDocument} named versions`);
      }
      const version = await insertVersion(db, { documentId, name, state: await currentState(document), createdBy: actor.userId });
      const [view] = await withCreators([version]);
      return { version, createdBy: view!.createdBy };
    },

    /**
     * Brings back a version's content as a new edit on top of the current one, so everyone
     * connected converges on it and the restore itself can be undone by restoring again.
     */
    async restoreVersion(actor: Actor, documentId: string, versionId: string): Promise<DocumentView> {
      const { document } = await authorizeDocument(actor, documentId, 'contribute');
      const version = await findVersionState(db, documentId, versionId);
      if (!version) throw versionNotFound();
      const snapshot = docFromState(version.state);
      try {
        await liveDocuments().use(documentId, (doc) => replaceContent(document.kind, doc, snapshot), { write: true });
      } finally {
        snapshot.destroy();
      }
      const [view] = await documentViews([(await findDocument(db, documentId)) ?? document]);
      return view!;
    },

    async export(actor: Actor, documentId: string, format: ExportFormat): Promise<ExportedDocument & { title: string }> {
      const { document } = await authorizeDocument(actor, documentId, 'read');
      const doc = docFromState(await currentState(document));
      try {
        return { ...exportDocument(document.kind, doc, format, document.title), title: document.title };
      } finally {
        doc.destroy();
      }
    },
  };
}

export type DocumentsService = ReturnType<typeof documentsService>;
