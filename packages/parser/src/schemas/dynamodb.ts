import { z } from 'zod';
import { type AttributeValue, unmarshall } from '../internal.js';
/**
 * Zod schema for the `dynamodb` field of a stream record, attribute values as sent.
 *
 * @example
 * DynamoDBStreamChangeRecordBase.parse(event);
 */
export const DynamoDBStreamChangeRecordBase = z.object({
  ApproximateCreationDateTime: z.number().optional(),
  Keys: z.record(z.string(), z.record(z.string(), z.any())),
  NewImage: z.record(z.string(), z.any()).optional(),
  OldImage: z.record(z.string(), z.any()).optional(),
  SequenceNumber: z.string(),
  SizeBytes: z.number(),
  StreamViewType: z.enum(['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY']),
});
/**
 * Zod schema for the `dynamodb` field of a stream record forwarded to Kinesis.
 *
 * @example
 * DynamoDBStreamToKinesisChangeRecord.parse(event);
 */
export const DynamoDBStreamToKinesisChangeRecord = DynamoDBStreamChangeRecordBase.omit({
  SequenceNumber: true,
  StreamViewType: true,
});
type ChangeRecord = z.infer<typeof DynamoDBStreamChangeRecordBase>;

/** Keys, NewImage and OldImage unmarshalled to plain objects, as Powertools' schema gives them. */
function unmarshallChangeRecord<T extends Partial<ChangeRecord>>(record: T, ctx: z.RefinementCtx<T>): T {
  const result = { ...record };
  for (const name of IMAGES) {
    const image = record[name];
    if (image === undefined || (name !== 'Keys' && !image)) continue;
    try {
      (result as Record<string, unknown>)[name] = unmarshall(image as Record<string, AttributeValue>);
    } catch {
      ctx.issues.push({
        code: 'custom',
        message: `Could not unmarshall ${name} in DynamoDB stream record`,
        input: image,
        path: [name],
        fatal: true,
      } as never);
      return z.NEVER;
    }
  }
  return result;
}

const IMAGES = ['Keys', 'NewImage', 'OldImage'] as const;

/**
 * Zod schema for the `dynamodb` field of a stream record, with Keys, NewImage and OldImage unmarshalled.
 *
 * @example
 * DynamoDBStreamChangeRecord.parse(event);
 */
export const DynamoDBStreamChangeRecord = DynamoDBStreamChangeRecordBase.transform(unmarshallChangeRecord);
/**
 * Zod schema for the `userIdentity` of a record deleted by DynamoDB TTL.
 *
 * @example
 * UserIdentity.parse(event);
 */
export const UserIdentity = z.object({
  type: z.enum(['Service']),
  principalId: z.literal('dynamodb.amazonaws.com'),
});
/**
 * Zod schema for one DynamoDB stream record, images unmarshalled.
 *
 * @example
 * DynamoDBStreamRecord.parse(event);
 */
export const DynamoDBStreamRecord = z.object({
  eventID: z.string(),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  eventVersion: z.string(),
  eventSource: z.literal('aws:dynamodb'),
  awsRegion: z.string(),
  eventSourceARN: z.string(),
  dynamodb: DynamoDBStreamChangeRecord,
  userIdentity: UserIdentity.optional(),
});
/**
 * Zod schema for Amazon DynamoDB Stream event sent to an Amazon Kinesis Stream.
 *
 * @example
 * DynamoDBStreamToKinesisRecord.parse(event);
 */
export const DynamoDBStreamToKinesisRecord = DynamoDBStreamRecord.extend({
  recordFormat: z.literal('application/json'),
  tableName: z.string(),
  userIdentity: UserIdentity.nullish(),
  dynamodb: DynamoDBStreamToKinesisChangeRecord.transform(unmarshallChangeRecord),
}).omit({
  eventVersion: true,
  eventSourceARN: true,
});
/**
 * Zod schema for Amazon DynamoDB Stream event.
 *
 * @example
 * DynamoDBStreamSchema.parse(event);
 */
export const DynamoDBStreamSchema = z.object({
  Records: z.array(DynamoDBStreamRecord).nonempty(),
  window: z
    .object({
      start: z.iso.datetime(),
      end: z.iso.datetime(),
    })
    .optional(),
  state: z.record(z.string(), z.string()).optional(),
  shardId: z.string().optional(),
  eventSourceARN: z.string().optional(),
  isFinalInvokeForWindow: z.boolean().optional(),
  isWindowTerminatedEarly: z.boolean().optional(),
});
