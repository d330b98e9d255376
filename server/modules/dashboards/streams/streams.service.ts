import type { CreateStreamBody, StreamListQuery, TagValues, TagValuesQuery, UpdateStreamBody } from '../../../../common/dashboards-streams.ts';
import { createStreamBodySchema, streamLimits } from '../../../../common/dashboards-streams.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { createOnce } from '../../../platform/idempotency/index.ts';
import { decodeCursor, pageOf } from '../../../platform/pagination/cursor.ts';
import type { DashboardsContext } from '../context.ts';
import { streamCollectionResource, streamResource } from '../policy.ts';
import { appendSchema, deleteStream, findStream, findStreamByName, insertStream, listStreams, tagValues, updateStream, type StreamRow } from './repository.ts';
import { streamStats, type StreamStats } from './points.repository.ts';

export const streamNotFound = () => new AppError('stream_not_found', 404, 'No such stream');
const nameTaken = (name: string) => new AppError('stream_name_taken', 409, `The organisation already has a stream named "${name}"`);
const tooManyFields = () => new AppError('too_many_fields', 422, `A stream holds at most ${String(streamLimits.fields)} fields`);
const tooManyTagKeys = () => new AppError('too_many_tag_keys', 422, `A stream holds at most ${String(streamLimits.tagKeys)} tag keys`);

export interface StreamDetailView {
  stream: StreamRow;
  stats: StreamStats;
  policies: Record<string, boolean>;
}

/** Streams of an organisation: their records, schema (fields and tag keys) and who may touch them. */
export function streamsService(ctx: DashboardsContext) {
  const { db, policies, bus } = ctx;

  /** Loads a stream and checks the actor's right on it; 404 both for a missing stream and another organisation's. */
  async function authorizeStream(actor: Actor, streamId: string, action: 'read' | 'write' | 'manage'): Promise<StreamRow> {
    const stream = await findStream(db, streamId);
    if (!stream) throw streamNotFound();
    await policies.authorize(actor, action, streamResource(stream));
    return stream;
  }

  async function create(actor: Actor, orgId: string, body: CreateStreamBody): Promise<StreamRow> {
    await policies.authorize(actor, 'create', streamCollectionResource(orgId));
    const values = createStreamBodySchema.parse(body);
    const row = await insertStream(db, {
      orgId,
      ...values,
      fields: [...new Set(values.fields)],
      tagKeys: [...new Set(values.tagKeys)],
      createdBy: actor.userId,
    });
    if (!row) throw nameTaken(values.name);
    await bus.publish('stream.created', { orgId, streamId: row.id, actorId: actor.userId, name: row.name });
    return row;
  }

  return {
    authorizeStream,

    create: (actor: Actor, orgId: string, body: CreateStreamBody, idempotencyKey?: string) =>
      createOnce(ctx.cache, {
        scope: `dashboards:stream-create:${actor.userId}:${orgId}`,
        key: idempotencyKey,
        create: () => create(actor, orgId, body),
        idOf: (row) => row.id,
        reload: (id) => findStream(db, id),
      }),

    /**
     * The stream a line-protocol measurement names, made on first use like an InfluxDB
     * measurement (which needs the right to create streams).
     */
    async byNameForWriting(actor: Actor, orgId: string, name: string): Promise<StreamRow> {
      const existing = await findStreamByName(db, orgId, name);
      if (existing) {
        await policies.authorize(actor, 'write', streamResource(existing));
        return existing;
      }
      try {
        return await create(actor, orgId, { name });
      } catch (err) {
        // Another request made it in between.
        if (err instanceof AppError && err.code === 'stream_name_taken') return (await findStreamByName(db, orgId, name))!;
        throw err;
      }
    },

    async list(actor: Actor, orgId: string, query: StreamListQuery) {
      await policies.authorize(actor, 'list', streamCollectionResource(orgId));
      const rows = await listStreams(db, orgId, query.q, decodeCursor(query.cursor), query.limit);
      return pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    },

    async get(actor: Actor, streamId: string): Promise<StreamDetailView> {
      const stream = await authorizeStream(actor, streamId, 'read');
      const [stats, actions] = await Promise.all([streamStats(db, stream.id), policies.policiesFor(actor, streamResource(stream))]);
      return { stream, stats, policies: actions };
    },

    async tagValues(actor: Actor, streamId: string, query: TagValuesQuery): Promise<TagValues> {
      const stream = await authorizeStream(actor, streamId, 'read');
      if (!stream.tagKeys.includes(query.key)) throw new AppError('unknown_tag_key', 422, `The stream has no tag key "${query.key}"`);
      return { key: query.key, values: await tagValues(db, stream.id, query.key, query.q, query.limit) };
    },

    async update(actor: Actor, streamId: string, changes: UpdateStreamBody): Promise<StreamRow> {
      const stream = await authorizeStream(actor, streamId, 'manage');
      if (changes.name && changes.name !== stream.name && (await findStreamByName(db, stream.orgId, changes.name))) throw nameTaken(changes.name);
      let row = stream;
      if (changes.addFields?.length || changes.addTagKeys?.length) row = await this.extendSchema(row, changes.addFields ?? [], changes.addTagKeys ?? []);
      const { name, description, retentionDays } = changes;
      if (name !== undefined || description !== undefined || retentionDays !== undefined) row = (await updateStream(db, streamId, { name, description, retentionDays })) ?? row;
      return row;
    },

    /** Appends fields and tag keys the stream lacks; refuses to pass the limits. Callers have checked the right to write. */
    async extendSchema(stream: StreamRow, fields: string[], tagKeys: string[]): Promise<StreamRow> {
      const newFields = fields.filter((f) => !stream.fields.includes(f));
      const newTagKeys = tagKeys.filter((k) => !stream.tagKeys.includes(k));
      if (newFields.length === 0 && newTagKeys.length === 0) return stream;
      if (new Set([...stream.fields, ...newFields]).size > streamLimits.fields) throw tooManyFields();
      if (new Set([...stream.tagKeys, ...newTagKeys]).size > streamLimits.tagKeys) throw tooManyTagKeys();
      const row = await appendSchema(db, stream.id, newFields, newTagKeys);
      if (!row) throw streamNotFound();
      if (row.fields.length > streamLimits.fields) throw tooManyFields();
      return row;
    },

    async remove(actor: Actor, streamId: string): Promise<void> {
      const stream = await authorizeStream(actor, streamId, 'manage');
      await deleteStream(db, stream.id);
      await bus.publish('stream.deleted', { orgId: stream.orgId, streamId: stream.id, actorId: actor.userId });
    },
  };
}

export type StreamsService = ReturnType<typeof streamsService>;
