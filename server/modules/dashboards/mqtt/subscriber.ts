import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import { streamLimits, type IngestResult } from '../../../../common/dashboards-streams.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { IngestService } from '../streams/ingest.service.ts';
import { enabledMqttSources, findMqttSource, recordMqttError, recordMqttMessage, type MqttSourceRow } from './repository.ts';
import type { MqttSourcesService } from './service.ts';

const RECONNECT_MS = 5_000;
const SESSION_EXPIRY_SECONDS = 600;

/**
 * Nodes share each source's subscription (`$share/<group>/<topic>`): the broker hands every
 * message to one of them, so it is stored once however many nodes run.
 */
export const sharedTopic = (source: Pick<MqttSourceRow, 'id' | 'topic'>) => `$share/fluxworks-${source.id}/${source.topic}`;

/** The points of a JSON message: one point, an array of them, or `{ points: [...] }`. */
export function pointsOfJsonMessage(payload: Buffer): unknown[] {
  const parsed: unknown = JSON.parse(payload.toString('utf8'));
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { points?: unknown }).points)) return (parsed as { points: unknown[] }).points;
  return [parsed];
}

/**
 * Subscribes to every enabled MQTT source and stores what arrives, in processes that run job
 * workers. A QoS 1 message is acknowledged to the broker only once its points are stored (or
 * refused as bad data); when storing fails for another reason the client drops the connection
 * unacknowledged, and the broker delivers the message again after the reconnect.
 */
export function startMqttSubscriptions(app: FastifyInstance, services: { sources: MqttSourcesService; ingest: IngestService }) {
  const clients = new Map<string, { client: MqttClient; source: MqttSourceRow }>();
  let closing = false;

  async function store(source: MqttSourceRow, payload: Buffer): Promise<IngestResult> {
    if (!source.createdBy) throw new AppError('source_owner_gone', 403, 'The person who added this source has left; add it again');
    const actor: Actor = { type: 'user', userId: source.createdBy, sessionId: `mqtt:${source.id}` };
    if (source.format === 'line') return services.ingest.writeLineProtocol(actor, source.orgId, payload.toString('utf8'), 'ns');
    let points: unknown[];
    try {
      points = pointsOfJsonMessage(payload);
    } catch {
      throw new AppError('invalid_json', 400, 'The message is not JSON');
    }
    if (points.length > streamLimits.batchPoints) throw new AppError('too_many_points', 413, `A message holds at most ${String(streamLimits.batchPoints)} points`);
    return services.ingest.writeJson(actor, source.streamId!, points);
  }

  async function handle(source: MqttSourceRow, payload: Buffer): Promise<void> {
    try {
      const result = await store(source, payload);
      const error = result.rejected[0] ? `Message refused in part: ${result.rejected[0].reason}` : null;
      await recordMqttMessage(app.db, source.id, { accepted: result.accepted, rejected: result.rejected.length, error });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await recordMqttMessage(app.db, source.id, { accepted: 0, rejected: 0, error: err.message });
    }
  }

  function connect(source: MqttSourceRow): void {
    const client = mqtt.connect(source.brokerUrl, {
      clientId: `fluxworks-${source.id.slice(0, 8)}-${os.hostname()}-${String(process.pid)}`,
      username: source.username ?? undefined,
      password: services.sources.passwordOf(source),
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: 10_000,
      // A session that outlives a dropped connection, so the broker redelivers what was not acknowledged.
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_SECONDS },
    });
    client.handleMessage = (packet, done) => {
      handle(source, packet.payload as Buffer).then(
        () => done(),
        (err: unknown) => {
          app.log.error({ err, sourceId: source.id }, 'could not store an MQTT message; it stays unacknowledged');
          client.end(true);
          setTimeout(() => {
            if (!closing && clients.get(source.id)?.client === client) {
              reconnect(source.id).catch((reconnectError: unknown) => app.log.error({ err: reconnectError, sourceId: source.id }, 'could not reconnect an MQTT source'));
            }
          }, RECONNECT_MS).unref();
        },
      );
    };
    client.on('connect', () => {
      client.subscribe(sharedTopic(source), { qos: 1 }, (err) => {
        if (err) void recordMqttError(app.db, source.id, `Could not subscribe: ${err.message}`).catch(() => undefined);
      });
    });
    client.on('error', (err) => {
      void recordMqttError(app.db, source.id, `Broker: ${err.message}`).catch(() => undefined);
    });
    clients.set(source.id, { client, source });
  }

  function disconnect(sourceId: string): Promise<void> {
    const entry = clients.get(sourceId);
    clients.delete(sourceId);
    return entry ? entry.client.endAsync(true) : Promise.resolve();
  }

  async function reconnect(sourceId: string): Promise<void> {
    await disconnect(sourceId);
    const source = await findMqttSource(app.db, sourceId);
    if (source?.enabled && !closing) connect(source);
  }

  const unsubscribe = app.bus.subscribe('mqtt_source.changed', ({ sourceId }) =>
    reconnect(sourceId).catch((err: unknown) => app.log.error({ err, sourceId }, 'could not reconcile an MQTT source')),
  );

  app.addHook('onReady', async () => {
    for (const source of await enabledMqttSources(app.db)) connect(source);
  });
  app.addHook('preClose', async () => {
    closing = true;
    unsubscribe();
    await Promise.all([...clients.keys()].map(disconnect));
  });

  return {
    /** Whether the source's client is connected to its broker (for tests and the health of the feature). */
    isConnected: (sourceId: string) => clients.get(sourceId)?.client.connected ?? false,
  };
}
