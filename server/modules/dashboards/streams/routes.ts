import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createStreamBodySchema,
  ingestResultSchema,
  lineProtocolQuerySchema,
  pointBatchBodySchema,
  queryResultSchema,
  streamDetailSchema,
  streamLimits,
  streamListQuerySchema,
  streamQuerySchema,
  streamSchema,
  tagValuesQuerySchema,
  tagValuesSchema,
  updateStreamBodySchema,
} from '../../../../common/dashboards-streams.ts';
import { pageSchema } from '../../../../common/organizations.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { queryCsv } from './csv.ts';
import type { IngestService } from './ingest.service.ts';
import { presentStream, presentStreamDetail } from './presenter.ts';
import type { QueryService } from './query.service.ts';
import type { StreamsService } from './streams.service.ts';

const tags = ['streams'];
const orgParams = z.object({ orgId: z.uuid() });
const streamParams = z.object({ streamId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const TAG_PARAMETER = 'tag.';
/** Query parameters `tag.<key>=<value>` filter by tag; anything else must be a known parameter. */
const queryParameters = streamQuerySchema.loose();

function tagFilterOf(query: Record<string, unknown>): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name in streamQuerySchema.shape) continue;
    if (!name.startsWith(TAG_PARAMETER) || typeof value !== 'string') {
      throw new AppError('validation_failed', 400, `Unknown query parameter "${name}"; filter by tag with tag.<key>=<value>`);
    }
    filter[name.slice(TAG_PARAMETER.length)] = value;
  }
  return filter;
}

/** Streams, writing points (JSON and InfluxDB line protocol) and range queries. */
export const streamRoutes: FastifyPluginAsyncZod<{ streams: StreamsService; ingest: IngestService; queries: QueryService }> = async (app, { streams, ingest, queries }) => {
  app.get(
    '/orgs/:orgId/streams',
    { schema: { tags, summary: 'Streams of an organisation, newest first; search by name', params: orgParams, querystring: streamListQuerySchema, response: { 200: pageSchema(streamSchema) } } },
    async (req) => {
      const page = await streams.list(req.actor, req.params.orgId, req.query);
      return { items: page.rows.map(presentStream), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/orgs/:orgId/streams',
    {
      schema: {
        tags,
        summary: 'Create a stream (members); accepts an Idempotency-Key',
        params: orgParams,
        headers: idempotencyHeaders,
        body: createStreamBodySchema,
        response: { 201: streamSchema },
      },
    },
    async (req, reply) => reply.status(201).send(presentStream(await streams.create(req.actor, req.params.orgId, req.body, req.headers['idempotency-key']))),
  );

  app.get(
    '/streams/:streamId',
    { schema: { tags, summary: 'A stream with its series count, time span and what the actor may do', params: streamParams, response: { 200: streamDetailSchema } } },
    async (req) => presentStreamDetail(await streams.get(req.actor, req.params.streamId)),
  );

  app.get(
    '/streams/:streamId/tag-values',
    {
      schema: {
        tags,
        summary: 'The values one tag key takes in the stream, sorted; q narrows them (for variable dropdowns)',
        params: streamParams,
        querystring: tagValuesQuerySchema,
        response: { 200: tagValuesSchema },
      },
    },
    async (req) => streams.tagValues(req.actor, req.params.streamId, req.query),
  );

  app.patch(
    '/streams/:streamId',
    { schema: { tags, summary: 'Rename, describe, set retention, add fields or tag keys (admins)', params: streamParams, body: updateStreamBodySchema, response: { 200: streamSchema } } },
    async (req) => presentStream(await streams.update(req.actor, req.params.streamId, req.body)),
  );

  app.delete(
    '/streams/:streamId',
    { schema: { tags, summary: 'Delete a stream with all its points (admins)', params: streamParams } },
    async (req, reply) => {
      await streams.remove(req.actor, req.params.streamId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/streams/:streamId/points',
    {
      bodyLimit: streamLimits.batchBytes,
      schema: {
        tags,
        summary: 'Write up to 10,000 points; bad points are rejected one by one with their reason, good ones kept',
        params: streamParams,
        body: pointBatchBodySchema,
        response: { 200: ingestResultSchema },
      },
    },
    async (req) => ingest.writeJson(req.actor, req.params.streamId, req.body.points),
  );

  app.post(
    '/orgs/:orgId/write',
    {
      bodyLimit: streamLimits.batchBytes,
      schema: {
        tags,
        summary: 'Write InfluxDB line protocol (text/plain): each measurement goes to the stream of that name, made on first use',
        params: orgParams,
        querystring: lineProtocolQuerySchema,
        body: z.string().max(streamLimits.batchBytes),
        response: { 200: ingestResultSchema },
      },
    },
    async (req) => ingest.writeLineProtocol(req.actor, req.params.orgId, req.body, req.query.precision),
  );

  app.get(
    '/streams/:streamId/query',
    {
      schema: {
        tags,
        summary: 'Aggregate one field over a range (avg, min, max, sum, count, last, p50, p95, p99) or read raw points downsampled with LTTB; tag.<key>=<value> filters',
        params: streamParams,
        querystring: queryParameters,
        response: { 200: queryResultSchema },
      },
    },
    async (req) => queries.query(req.actor, req.params.streamId, req.query, tagFilterOf(req.query)),
  );

  app.get(
    '/streams/:streamId/query.csv',
    { schema: { tags, summary: 'The same query as CSV (time, the groupBy tag when grouped, value); agg=raw exports every point', params: streamParams, querystring: queryParameters } },
    async (req, reply) => {
      const result = await queries.query(req.actor, req.params.streamId, req.query, tagFilterOf(req.query), { downsample: false });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.query.field}.csv"`)
        .send(queryCsv(result, req.query.groupBy));
    },
  );
};
