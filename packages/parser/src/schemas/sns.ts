import { z } from 'zod';

const SnsMsgAttribute = z.object({
  Type: z.string(),
  Value: z.string(),
});
/**
 * Zod schema for a SNS event notification record.
 *
 * @example
 * SnsNotificationSchema.parse(event);
 */
export const SnsNotificationSchema = z.object({
  Subject: z.string().nullish(),
  TopicArn: z.string(),
  UnsubscribeUrl: z.url(),
  UnsubscribeURL: z.url().optional(),
  SigningCertUrl: z.url().optional(),
  SigningCertURL: z.url().optional(),
  Type: z.literal('Notification'),
  MessageAttributes: z.record(z.string(), SnsMsgAttribute).optional(),
  Message: z.string(),
  MessageId: z.string(),
  Signature: z.string().optional(),
  SignatureVersion: z.string().optional(),
  Timestamp: z.iso.datetime(),
});
/**
 * Zod schema for SQS -> SNS event
 *
 * @example
 * SnsSqsNotificationSchema.parse(event);
 */
export const SnsSqsNotificationSchema = SnsNotificationSchema.extend({
  UnsubscribeURL: z.string().optional(),
  SigningCertURL: z.url().optional(),
}).omit({
  UnsubscribeUrl: true,
  SigningCertUrl: true,
});
/**
 * Zod schema for a SNS record inside of an SNS event.
 *
 * @example
 * SnsRecordSchema.parse(event);
 */
export const SnsRecordSchema = z.object({
  EventSource: z.literal('aws:sns'),
  EventVersion: z.string(),
  EventSubscriptionArn: z.string(),
  Sns: SnsNotificationSchema,
});
/**
 * Zod schema for SNS event
 *
 * @example
 * SnsSchema.parse(event);
 */
export const SnsSchema = z.object({
  Records: z.array(SnsRecordSchema).nonempty(),
});
