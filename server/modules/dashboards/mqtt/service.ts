import { createMqttSourceBodySchema, mqttLimits, type CreateMqttSourceBody, type MqttSource, type UpdateMqttSourceBody } from '../../../../common/dashboards-mqtt.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { createSecretBox } from '../../../platform/auth/secret-box.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { DashboardsContext } from '../context.ts';
import { streamCollectionResource } from '../policy.ts';
import type { StreamsService } from '../streams/streams.service.ts';
import { countMqttSources, deleteMqttSource, findMqttSource, insertMqttSource, listMqttSources, updateMqttSource, type MqttSourceRow } from './repository.ts';

const sourceNotFound = () => new AppError('mqtt_source_not_found', 404, 'No such MQTT source');

export function presentMqttSource(row: MqttSourceRow): MqttSource {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    brokerUrl: row.brokerUrl,
    topic: row.topic,
    format: row.format,
    streamId: row.streamId,
    username: row.username,
    hasPassword: row.passwordSealed !== null,
    enabled: row.enabled,
    status: {
      messages: row.messages,
      acceptedPoints: row.acceptedPoints,
      rejectedPoints: row.rejectedPoints,
      lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
      lastError: row.lastError,
    },
    createdAt: row.createdAt.toISOString(),
  };
}

/** MQTT sources of an organisation: organisation admins add, pause and remove them. */
export function mqttSourcesService(ctx: DashboardsContext, streams: StreamsService) {
  const { db, policies, bus } = ctx;
  const passwords = createSecretBox(ctx.config.secrets.dataEncryption, 'dashboards-mqtt');

  async function authorizeSource(actor: Actor, sourceId: string): Promise<MqttSourceRow> {
    const source = await findMqttSource(db, sourceId);
    if (!source) throw sourceNotFound();
    try {
      await policies.authorize(actor, 'manageSources', streamCollectionResource(source.orgId));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw sourceNotFound();
      throw err;
    }
    return source;
  }

  const changed = (source: MqttSourceRow) => bus.publish('mqtt_source.changed', { orgId: source.orgId, sourceId: source.id });

  return {
    /** The broker password in clear, for the subscriber only. */
    passwordOf: (source: MqttSourceRow) => (source.passwordSealed ? passwords.open(source.passwordSealed) : undefined),

    async list(actor: Actor, orgId: string): Promise<MqttSourceRow[]> {
      await policies.authorize(actor, 'manageSources', streamCollectionResource(orgId));
      return listMqttSources(db, orgId);
    },

    async create(actor: Actor, orgId: string, body: CreateMqttSourceBody): Promise<MqttSourceRow> {
      await policies.authorize(actor, 'manageSources', streamCollectionResource(orgId));
      const values = createMqttSourceBodySchema.parse(body);
      if (values.streamId) {
        const stream = await streams.authorizeStream(actor, values.streamId, 'write');
        if (stream.orgId !== orgId) throw new AppError('stream_not_found', 404, 'No such stream');
      }
      if ((await countMqttSources(db, orgId)) >= mqttLimits.sourcesPerOrganization) {
        throw new AppError('too_many_mqtt_sources', 422, `An organisation has at most ${String(mqttLimits.sourcesPerOrganization)} MQTT sources`);
      }
      const source = await insertMqttSource(db, {
        orgId,
        name: values.name,
        brokerUrl: values.brokerUrl,
        topic: values.topic,
        format: values.format,
        streamId: values.format === 'json' ? values.streamId : null,
        username: values.username ?? null,
        passwordSealed: values.password ? passwords.seal(values.password) : null,
        enabled: values.enabled,
        createdBy: actor.userId,
      });
      await changed(source);
      return source;
    },

    async update(actor: Actor, sourceId: string, changes: UpdateMqttSourceBody): Promise<MqttSourceRow> {
      await authorizeSource(actor, sourceId);
      const source = await updateMqttSource(db, sourceId, changes);
      if (!source) throw sourceNotFound();
      await changed(source);
      return source;
    },

    async remove(actor: Actor, sourceId: string): Promise<void> {
      const source = await authorizeSource(actor, sourceId);
      await deleteMqttSource(db, sourceId);
      await changed(source);
    },
  };
}

export type MqttSourcesService = ReturnType<typeof mqttSourcesService>;
