import * as v from 'valibot';

/**
 * The `kinesis` payload of a Kinesis record (`KinesisStreamRecordPayload`); `data` is base64.
 *
 * @example
 * v.parse(KinesisDataStreamRecordPayload, event.Records[0].kinesis);
 */
export const KinesisDataStreamRecordPayload = v.object({
  kinesisSchemaVersion: v.string(),
  partitionKey: v.string(),
  sequenceNumber: v.string(),
  approximateArrivalTimestamp: v.number(),
  data: v.string(),
});

/**
 * One record of a Kinesis Data Streams event (`KinesisStreamRecord`).
 *
 * @example
 * v.parse(KinesisDataStreamRecord, event.Records[0]);
 */
export const KinesisDataStreamRecord = v.object({
  eventSource: v.literal('aws:kinesis'),
  eventVersion: v.string(),
  eventID: v.string(),
  eventName: v.literal('aws:kinesis:record'),
  awsRegion: v.string(),
  invokeIdentityArn: v.string(),
  eventSourceARN: v.string(),
  kinesis: KinesisDataStreamRecordPayload,
});

/**
 * A Kinesis Data Streams event (`KinesisStreamEvent`). The KinesisEnvelope decodes `data` for you.
 *
 * @example
 * const event = parse(input, undefined, KinesisDataStreamSchema);
 */
export const KinesisDataStreamSchema = v.object({ Records: v.array(KinesisDataStreamRecord) });

/**
 * One record of an Amazon Data Firehose transformation event (`FirehoseTransformationEventRecord`).
 *
 * @example
 * v.parse(KinesisFirehoseRecordSchema, event.records[0]);
 */
export const KinesisFirehoseRecordSchema = v.object({
  recordId: v.string(),
  approximateArrivalTimestamp: v.number(),
  data: v.string(),
  kinesisRecordMetadata: v.optional(
    v.object({
      shardId: v.string(),
      partitionKey: v.string(),
      approximateArrivalTimestamp: v.number(),
      sequenceNumber: v.string(),
      subsequenceNumber: v.string(),
    }),
  ),
});

/**
 * An Amazon Data Firehose transformation event (`FirehoseTransformationEvent`).
 *
 * @example
 * const event = parse(input, undefined, KinesisFirehoseSchema);
 */
export const KinesisFirehoseSchema = v.object({
  invocationId: v.string(),
  deliveryStreamArn: v.string(),
  sourceKinesisStreamArn: v.optional(v.string()),
  region: v.string(),
  records: v.pipe(v.array(KinesisFirehoseRecordSchema), v.minLength(1)),
});
