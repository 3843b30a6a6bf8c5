import { z } from 'zod';
/**
 * Zod schema for the data type of an SQS message attribute.
 *
 * @example
 * SqsMsgAttributeDataTypeSchema.parse(event);
 */
export const SqsMsgAttributeDataTypeSchema = z.union([
  z.literal('String'),
  z.literal('Number'),
  z.literal('Binary'),
  z.string(),
]);
/**
 * Zod schema for one SQS message attribute.
 *
 * @example
 * SqsMsgAttributeSchema.parse(event);
 */
export const SqsMsgAttributeSchema = z.object({
  stringValue: z.string().optional().nullable(),
  binaryValue: z.string().optional().nullable(),
  stringListValues: z.array(z.string()).optional(),
  binaryListValues: z.array(z.string()).optional(),
  dataType: SqsMsgAttributeDataTypeSchema,
});
/**
 * Zod schema for the system attributes of an SQS message.
 *
 * @example
 * SqsAttributesSchema.parse(event);
 */
export const SqsAttributesSchema = z.object({
  ApproximateReceiveCount: z.string(),
  ApproximateFirstReceiveTimestamp: z.string(),
  MessageDeduplicationId: z.string().optional(),
  MessageGroupId: z.string().optional(),
  SenderId: z.string(),
  SentTimestamp: z.string(),
  SequenceNumber: z.string().optional(),
  AWSTraceHeader: z.string().optional(),
  DeadLetterQueueSourceArn: z.string().optional(),
});
/**
 * Zod schema for a SQS record inside an SQS event.
 *
 * @example
 * SqsRecordSchema.parse(event);
 */
export const SqsRecordSchema = z.object({
  messageId: z.string(),
  receiptHandle: z.string(),
  body: z.string(),
  attributes: SqsAttributesSchema,
  messageAttributes: z.record(z.string(), SqsMsgAttributeSchema),
  md5OfBody: z.string(),
  md5OfMessageAttributes: z.string().optional().nullable(),
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: z.string(),
  awsRegion: z.string(),
});
/**
 * Zod schema for SQS event
 *
 * @example
 * SqsSchema.parse(event);
 */
export const SqsSchema = z.object({
  Records: z.array(SqsRecordSchema).nonempty(),
});
