import { z } from 'zod';

const timestamp = z.iso.datetime();

/** An hour of a stream field that stood out from the day before it. */
export const anomalySchema = z.object({ time: timestamp, value: z.number(), expected: z.number(), score: z.number() });
export type StreamAnomaly = z.infer<typeof anomalySchema>;

/** A stream field's next 24 hours with a 95% band; point times in epoch milliseconds. */
export const forecastSchema = z.object({
  computedAt: timestamp,
  points: z.array(z.object({ time: z.number(), mean: z.number(), lower: z.number(), upper: z.number() })),
});
export type StreamForecast = z.infer<typeof forecastSchema>;

/** A plain-language finding, such as "cpu.load p95 rose 38% week over week". */
export const insightSchema = z.object({ id: z.uuid(), streamId: z.uuid(), field: z.string(), text: z.string(), change: z.number(), computedAt: timestamp });
export type Insight = z.infer<typeof insightSchema>;
