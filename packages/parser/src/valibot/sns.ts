import * as v from 'valibot';
import { SqsRecordSchema } from './sqs.js';

/**
 * One SNS message attribute.
 *
 * @example
 * v.parse(SnsMsgAttributeSchema, { Type: 'String', Value: 'x' });
 */
export const SnsMsgAttributeSchema = v.object({ Type: v.string(), Value: v.string() });

/**
 * The SNS notification inside an SNS event record (`SNSMessage`).
 *
 * @example
 * v.parse(SnsNotificationSchema, event.Records[0].Sns);
 */
export const SnsNotificationSchema = v.object({
  Subject: v.optional(v.string()),
  TopicArn: v.string(),
  UnsubscribeUrl: v.string(),
  Type: v.string(),
  MessageAttributes: v.record(v.string(), SnsMsgAttributeSchema),
  Message: v.string(),
  MessageId: v.string(),
  Signature: v.string(),
  SignatureVersion: v.string(),
  SigningCertUrl: v.string(),
  Timestamp: v.string(),
  Token: v.optional(v.string()),
});

/**
 * One record of an SNS event (`SNSEventRecord`).
 *
 * @example
 * v.parse(SnsRecordSchema, event.Records[0]);
 */
export const SnsRecordSchema = v.object({
  EventSource: v.literal('aws:sns'),
  EventVersion: v.string(),
  EventSubscriptionArn: v.string(),
  Sns: SnsNotificationSchema,
});

/**
 * An SNS event (`SNSEvent`).
 *
 * @example
 * const event = parse(input, undefined, SnsSchema);
 */
export const SnsSchema = v.object({ Records: v.array(SnsRecordSchema) });

/**
 * The SNS notification as SNS writes it into an SQS message body (note the URL spellings differ from
 * the Lambda event's: `SigningCertURL`, `UnsubscribeURL`).
 *
 * @example
 * v.parse(SnsSqsNotificationSchema, JSON.parse(record.body));
 */
export const SnsSqsNotificationSchema = v.object({
  Type: v.string(),
  MessageId: v.string(),
  TopicArn: v.string(),
  Subject: v.optional(v.string()),
  Message: v.string(),
  Timestamp: v.string(),
  SignatureVersion: v.string(),
  Signature: v.string(),
  SigningCertURL: v.string(),
  UnsubscribeURL: v.string(),
  MessageAttributes: v.optional(v.record(v.string(), SnsMsgAttributeSchema)),
  Token: v.optional(v.string()),
});

/**
 * An SQS event whose bodies are SNS notifications, parsed: `Records[i].body` is the notification object.
 *
 * @example
 * const event = parse(input, undefined, SnsSqsEventSchema);
 * event.Records[0].body.Message;
 */
export const SnsSqsEventSchema = v.object({
  Records: v.array(
    v.object({
      ...SqsRecordSchema.entries,
      body: v.pipe(v.string(), v.parseJson(), SnsSqsNotificationSchema),
    }),
  ),
});
