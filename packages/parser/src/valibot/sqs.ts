import * as v from 'valibot';
import { NullableOptionalStringSchema } from './shared.js';

/**
 * Data type of an SQS message attribute: `String`, `Number`, `Binary`, or a custom `String.x` type.
 *
 * @example
 * v.parse(SqsMsgAttributeDataTypeSchema, 'Number');
 */
export const SqsMsgAttributeDataTypeSchema = v.string();

/**
 * One SQS message attribute.
 *
 * @example
 * v.parse(SqsMsgAttributeSchema, { stringValue: '100', dataType: 'Number' });
 */
export const SqsMsgAttributeSchema = v.object({
  stringValue: v.optional(v.string()),
  binaryValue: v.optional(v.string()),
  stringListValues: v.optional(v.array(v.string())),
  binaryListValues: v.optional(v.array(v.string())),
  dataType: SqsMsgAttributeDataTypeSchema,
});

/**
 * The system attributes of an SQS message (receive count, timestamps, FIFO ids, X-Ray header).
 *
 * @example
 * v.parse(SqsAttributesSchema, event.Records[0].attributes);
 */
export const SqsAttributesSchema = v.object({
  ApproximateReceiveCount: v.string(),
  ApproximateFirstReceiveTimestamp: v.string(),
  MessageDeduplicationId: v.optional(v.string()),
  MessageGroupId: v.optional(v.string()),
  SenderId: v.string(),
  SentTimestamp: v.string(),
  SequenceNumber: v.optional(v.string()),
  AWSTraceHeader: v.optional(v.string()),
  DeadLetterQueueSourceArn: v.optional(v.string()),
});

/**
 * One record of an SQS event (`SQSRecord` in @types/aws-lambda). Extend it to type the body:
 *
 * @example
 * const OrderRecord = v.object({ ...SqsRecordSchema.entries, body: v.pipe(v.string(), v.parseJson(), Order) });
 */
export const SqsRecordSchema = v.object({
  messageId: v.string(),
  receiptHandle: v.string(),
  body: v.string(),
  attributes: SqsAttributesSchema,
  messageAttributes: v.record(v.string(), SqsMsgAttributeSchema),
  md5OfBody: v.string(),
  md5OfMessageAttributes: NullableOptionalStringSchema,
  eventSource: v.literal('aws:sqs'),
  eventSourceARN: v.string(),
  awsRegion: v.string(),
});

/**
 * An SQS event (`SQSEvent`).
 *
 * @example
 * const event = parse(input, undefined, SqsSchema);
 */
export const SqsSchema = v.object({ Records: v.array(SqsRecordSchema) });
