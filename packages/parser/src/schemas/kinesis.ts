import { z } from 'zod';
import { Base64Encoded } from '../helpers/index.js';
import { DynamoDBStreamToKinesisRecord } from './dynamodb.js';
/**
 * Zod schema for the `kinesis` field of a record: `data` decoded from base64 (JSON when it is JSON).
 *
 * @example
 * KinesisDataStreamRecordPayload.parse(event);
 */
export const KinesisDataStreamRecordPayload = z.object({
  kinesisSchemaVersion: z.string(),
  partitionKey: z.string(),
  sequenceNumber: z.string(),
  approximateArrivalTimestamp: z.number(),
  data: Base64Encoded(z.any()),
});
/**
 * Zod schema for one Kinesis Data Streams record.
 *
 * @example
 * KinesisDataStreamRecord.parse(event);
 */
export const KinesisDataStreamRecord = z.object({
  eventSource: z.literal('aws:kinesis'),
  eventVersion: z.string(),
  eventID: z.string(),
  eventName: z.literal('aws:kinesis:record'),
  awsRegion: z.string(),
  invokeIdentityArn: z.string(),
  eventSourceARN: z.string(),
  kinesis: KinesisDataStreamRecordPayload,
});
/**
 * Zod schema for a Kinesis event carrying DynamoDB stream records.
 *
 * @example
 * KinesisDynamoDBStreamSchema.parse(event);
 */
export const KinesisDynamoDBStreamSchema = z.object({
  Records: z.array(
    KinesisDataStreamRecord.extend({
      kinesis: KinesisDataStreamRecordPayload.extend({
        data: Base64Encoded(z.any()).pipe(DynamoDBStreamToKinesisRecord),
      }),
    }),
  ),
});
/**
 * Zod schema for Kinesis Data Stream event
 *
 * @example
 * KinesisDataStreamSchema.parse(event);
 */
export const KinesisDataStreamSchema = z.object({
  Records: z.array(KinesisDataStreamRecord).min(1),
  window: z
    .object({
      start: z.iso.datetime(),
      end: z.iso.datetime(),
    })
    .optional(),
  state: z.record(z.string(), z.unknown()).optional(),
  shardId: z.string().optional(),
  eventSourceARN: z.string().optional(),
  isFinalInvokeForWindow: z.boolean().optional(),
  isWindowTerminatedEarly: z.boolean().optional(),
});
