import { z } from 'zod';

const id = z.uuid();
const timestamp = z.iso.datetime();

/** `json`: a point, an array of points or `{ points }` per message, into one stream. `line`: InfluxDB line protocol, each measurement into its stream. */
export const MQTT_FORMATS = ['json', 'line'] as const;
export const MQTT_URL_PATTERN = /^(mqtts?|wss?):\/\/[^\s/]+/;

export const mqttLimits = {
  name: { min: 1, max: 80 },
  topic: { max: 200 },
  sourcesPerOrganization: 50,
} as const;

/**
 * An MQTT source: Fluxworks subscribes to `topic` on the broker and stores what arrives. Nodes
 * share the subscription (`$share/...`), so each message is stored once however many run.
 */
export const mqttSourceSchema = z.object({
  id,
  orgId: id,
  name: z.string(),
  brokerUrl: z.string(),
  topic: z.string(),
  format: z.enum(MQTT_FORMATS),
  streamId: id.nullable(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  enabled: z.boolean(),
  status: z.object({
    messages: z.number().int(),
    acceptedPoints: z.number().int(),
    rejectedPoints: z.number().int(),
    lastMessageAt: timestamp.nullable(),
    lastError: z.string().nullable(),
  }),
  createdAt: timestamp,
});
export type MqttSource = z.infer<typeof mqttSourceSchema>;

const topic = z
  .string()
  .min(1)
  .max(mqttLimits.topic.max)
  .refine((value) => !value.startsWith('$'), 'Topics starting with $ are the broker’s own');

export const createMqttSourceBodySchema = z
  .object({
    name: z.string().trim().min(mqttLimits.name.min).max(mqttLimits.name.max),
    brokerUrl: z.string().max(500).regex(MQTT_URL_PATTERN, 'Write a broker address like mqtt://broker.example.com:1883'),
    topic,
    format: z.enum(MQTT_FORMATS).default('json'),
    streamId: id.optional(),
    username: z.string().max(200).optional(),
    password: z.string().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .refine((body) => body.format === 'line' || body.streamId !== undefined, { message: 'A JSON source writes into one stream: give its streamId', path: ['streamId'] });
export type CreateMqttSourceBody = z.input<typeof createMqttSourceBodySchema>;

export const updateMqttSourceBodySchema = z.object({
  name: z.string().trim().min(mqttLimits.name.min).max(mqttLimits.name.max).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateMqttSourceBody = z.infer<typeof updateMqttSourceBodySchema>;
