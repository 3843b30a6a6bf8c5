import { z } from 'zod';
import { decodeBase64, parseJson } from '../internal.js';
import { SqsRecordSchema } from './sqs.js';

const KinesisRecordMetadata = z.object({
  shardId: z.string(),
  partitionKey: z.string(),
  approximateArrivalTimestamp: z.number().positive(),
  sequenceNumber: z.string(),
  subsequenceNumber: z.number(),
});
const KinesisFireHoseRecordBase = z.object({
  recordId: z.string(),
  approximateArrivalTimestamp: z.number().positive(),
  kinesisRecordMetadata: KinesisRecordMetadata.nullish(),
});
const KinesisFireHoseBaseSchema = z.object({
  invocationId: z.string(),
  deliveryStreamArn: z.string(),
  region: z.string(),
  sourceKinesisStreamArn: z.string().optional(),
});
/**
 * Zod schema for a Kinesis Firehose record from an Kinesis Firehose event.
 *
 * @example
 * KinesisFirehoseRecordSchema.parse(event);
 */
export const KinesisFirehoseRecordSchema = KinesisFireHoseRecordBase.extend({
  data: z.base64().transform(decodeBase64Text),
});
/**
 * Zod schema for a SQS record from an Kinesis Firehose event.
 *
 * @example
 * KinesisFirehoseSqsRecordSchema.parse(event);
 */
export const KinesisFirehoseSqsRecordSchema = KinesisFireHoseRecordBase.extend({
  data: z.string().transform(decodeSqsRecord),
});
/**
 * Zod schema for Kinesis Firehose events
 *
 * @example
 * KinesisFirehoseSchema.parse(event);
 */
export const KinesisFirehoseSchema = KinesisFireHoseBaseSchema.extend({
  records: z.array(KinesisFirehoseRecordSchema).nonempty(),
});
/**
 * Zod schema for Kinesis Firehose events with SQS records
 *
 * @example
 * KinesisFirehoseSqsSchema.parse(event);
 */
export const KinesisFirehoseSqsSchema = KinesisFireHoseBaseSchema.extend({
  records: z.array(KinesisFirehoseSqsRecordSchema).nonempty(),
});

function decodeBase64Text(data: string, ctx: z.RefinementCtx<string>): string {
  try {
    return decodeBase64(data, []).toString('utf8');
  } catch {
    ctx.issues.push({ code: 'custom', message: 'Invalid base64 data', input: data, fatal: true } as never);
    return z.NEVER;
  }
}

/** An SQS message forwarded by Firehose: base64, then JSON with the envelopes' limits and prototype guard. */
function decodeSqsRecord(data: string, ctx: z.RefinementCtx<string>) {
  try {
    return SqsRecordSchema.parse(parseJson(decodeBase64(data, []).toString('utf8')));
  } catch {
    ctx.issues.push({
      code: 'custom',
      message: 'Failed to parse SQS record',
      input: data,
      fatal: true,
    } as never);
    return z.NEVER;
  }
}
