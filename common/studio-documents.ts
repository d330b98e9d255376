import { z } from 'zod';
import { roleSchema, userSummarySchema } from './organizations.ts';
import { pageQuerySchema, projectPoliciesSchema } from './studio.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

/** Limits of live documents, shared by the forms and the server. */
export const documentLimits = {
  title: { min: 1, max: 160 },
  versionName: { min: 1, max: 120 },
  /** Largest Yjs update a client may send in one message; a whole pasted book fits. */
  maxMessageBytes: 8 * 1024 * 1024,
  /** Named versions kept per document. */
  versionsPerDocument: 200,
} as const;

/** `text`: rich text (headings, lists, quotes, code, links). `board`: a design canvas of shapes, text and images. */
export const DOCUMENT_KINDS = ['text', 'board'] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** The Hocuspocus document name of a document: the client connects to `/collab` with this name. */
export const collabDocumentName = (documentId: string) => `doc:${documentId}`;
export const COLLAB_PATH = '/collab';

export const documentSchema = z.object({
  id,
  projectId: id,
  kind: documentKindSchema,
  title: z.string(),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type StudioDocument = z.infer<typeof documentSchema>;

export const documentDetailSchema = z.object({ document: documentSchema, role: roleSchema, policies: projectPoliciesSchema });
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

const title = z.string().trim().min(documentLimits.title.min).max(documentLimits.title.max);

export const createDocumentBodySchema = z.object({ title, kind: documentKindSchema.default('text') });
export type CreateDocumentBody = z.input<typeof createDocumentBodySchema>;

export const renameDocumentBodySchema = z.object({ title });
export type RenameDocumentBody = z.infer<typeof renameDocumentBodySchema>;

export const documentListQuerySchema = pageQuerySchema.extend({ kind: documentKindSchema.optional() });
export type DocumentListQuery = z.input<typeof documentListQuerySchema>;

export const documentVersionSchema = z.object({
  id,
  documentId: id,
  name: z.string(),
  sizeBytes: z.number().int(),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
});
export type DocumentVersion = z.infer<typeof documentVersionSchema>;

export const createVersionBodySchema = z.object({ name: z.string().trim().min(documentLimits.versionName.min).max(documentLimits.versionName.max) });
export type CreateVersionBody = z.infer<typeof createVersionBodySchema>;

export const EXPORT_FORMATS = ['markdown', 'html', 'json'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
export const exportQuerySchema = z.object({ format: exportFormatSchema });

/** The Y.Doc layout of both kinds: a text document's XML fragment, and a board's map of shapes by id. */
export const TEXT_FIELD = 'content';
export const BOARD_SHAPES_FIELD = 'shapes';

export const SHAPE_KINDS = ['rect', 'ellipse', 'text', 'image'] as const;
export const boardShapeSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(SHAPE_KINDS),
  x: z.number(),
  y: z.number(),
  width: z.number().min(1),
  height: z.number().min(1),
  fill: z.string().max(32),
  stroke: z.string().max(32),
  /** Stacking order: higher is drawn on top. */
  z: z.number(),
  text: z.string().max(10_000).optional(),
  /** Image shapes: the URL or project file the image comes from. */
  src: z.string().max(2_000).optional(),
});
export type BoardShape = z.infer<typeof boardShapeSchema>;

/** What a board exports as JSON: its shapes, bottom first. */
export const boardExportSchema = z.object({ kind: z.literal('board'), shapes: z.array(boardShapeSchema) });

/** The awareness entry each collaborator publishes; the server fills it in from the authenticated user. */
export interface CollaboratorPresence {
  id: string;
  name: string;
  color: string;
}

const PRESENCE_COLORS = ['#e5484d', '#f76b15', '#ffc53d', '#46a758', '#12a594', '#0090ff', '#3e63dd', '#8e4ec6', '#d6409f', '#ad7f58'] as const;

/** A stable colour per person, so everyone sees the same colour for the same collaborator. */
export function presenceColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}
