import { z } from 'zod';
import { decodeBase64 } from '../internal.js';

/** Keys and values arrive base64-encoded; a string that is not base64 is an issue, not other bytes. */
function decodeBase64Text(data: string, ctx: z.RefinementCtx<string>): string {
  try {
    return decodeBase64(data, []).toString('utf8');
  } catch {
    ctx.issues.push({ code: 'custom', message: 'Invalid base64 data', input: data, fatal: true } as never);
    return z.NEVER;
  }
}

/**
 * Header values arrive as byte arrays; they are read as UTF-8 (Powertools reads each byte as a code
 * point, which garbles anything beyond ASCII and spreads the array onto the call stack).
 */
function decodeHeaderBytes(bytes: number[]): string {
  return Buffer.from(bytes).toString('utf8');
}
/**
 * Zod schema for a Kafka record from an Kafka event.
 *
 * @example
 * KafkaRecordSchema.parse(event);
 */
export const KafkaRecordSchema = z.object({
  topic: z.string(),
  partition: z.number(),
  offset: z.number(),
  timestamp: z.number(),
  timestampType: z.string(),
  key: z.string().transform(decodeBase64Text).optional(),
  value: z.string().transform(decodeBase64Text),
  headers: z.array(z.record(z.string(), z.array(z.number()).transform(decodeHeaderBytes))),
});
const KafkaBaseEventSchema = z.object({
  bootstrapServers: z
    .string()
    .transform((bootstrapServers) => bootstrapServers.split(','))
    .nullish(),
  records: z.record(z.string(), z.array(KafkaRecordSchema).nonempty()),
});
/**
 * Zod schema for a self-managed Apache Kafka event: keys, values and headers decoded.
 *
 * @example
 * KafkaSelfManagedEventSchema.parse(event);
 */
export const KafkaSelfManagedEventSchema = KafkaBaseEventSchema.extend({
  eventSource: z.literal('SelfManagedKafka'),
});
/**
 * Zod schema for Kafka event from MSK
 *
 * @example
 * KafkaMskEventSchema.parse(event);
 */
export const KafkaMskEventSchema = KafkaBaseEventSchema.extend({
  eventSource: z.literal('aws:kafka'),
  eventSourceArn: z.string(),
});
