import * as v from 'valibot';

type AttributeValueOutput =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, AttributeValueOutput> }
  | { L: AttributeValueOutput[] }
  | { NULL: boolean }
  | { BOOL: boolean };

/**
 * A DynamoDB AttributeValue as a stream record carries it (`{ S: 'x' }`, `{ N: '1' }`, `{ M: {...} }`, ...).
 * The DynamoDBStreamEnvelope, or `unmarshall`, turns images into plain objects.
 *
 * @example
 * v.parse(DynamoDBAttributeValueSchema, { N: '42' });
 */
export const DynamoDBAttributeValueSchema: v.GenericSchema<AttributeValueOutput> = v.union([
  v.object({ S: v.string() }),
  v.object({ N: v.string() }),
  v.object({ B: v.string() }),
  v.object({ SS: v.array(v.string()) }),
  v.object({ NS: v.array(v.string()) }),
  v.object({ BS: v.array(v.string()) }),
  v.object({
    M: v.record(
      v.string(),
      v.lazy(() => DynamoDBAttributeValueSchema),
    ),
  }),
  v.object({ L: v.array(v.lazy(() => DynamoDBAttributeValueSchema)) }),
  v.object({ NULL: v.boolean() }),
  v.object({ BOOL: v.boolean() }),
]);

const ImageSchema = v.record(v.string(), DynamoDBAttributeValueSchema);

/**
 * The change of one DynamoDB stream record (`StreamRecord`): keys and images as AttributeValue maps.
 *
 * @example
 * v.parse(DynamoDBStreamChangeRecordSchema, event.Records[0].dynamodb);
 */
export const DynamoDBStreamChangeRecordSchema = v.object({
  ApproximateCreationDateTime: v.optional(v.number()),
  Keys: ImageSchema,
  NewImage: v.optional(ImageSchema),
  OldImage: v.optional(ImageSchema),
  SequenceNumber: v.string(),
  SizeBytes: v.number(),
  StreamViewType: v.picklist(['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY']),
});

/**
 * One record of a DynamoDB Streams event (`DynamoDBRecord`).
 *
 * @example
 * v.parse(DynamoDBStreamRecord, event.Records[0]);
 */
export const DynamoDBStreamRecord = v.object({
  eventID: v.string(),
  eventName: v.picklist(['INSERT', 'MODIFY', 'REMOVE']),
  eventVersion: v.string(),
  eventSource: v.literal('aws:dynamodb'),
  awsRegion: v.string(),
  eventSourceARN: v.string(),
  dynamodb: DynamoDBStreamChangeRecordSchema,
  userIdentity: v.optional(
    v.object({ type: v.literal('Service'), principalId: v.literal('dynamodb.amazonaws.com') }),
  ),
});

/**
 * A DynamoDB Streams event (`DynamoDBStreamEvent`). Images stay as DynamoDB sent them; the
 * DynamoDBStreamEnvelope hands your schema unmarshalled plain objects.
 *
 * @example
 * const event = parse(input, undefined, DynamoDBStreamSchema);
 */
export const DynamoDBStreamSchema = v.object({ Records: v.array(DynamoDBStreamRecord) });
