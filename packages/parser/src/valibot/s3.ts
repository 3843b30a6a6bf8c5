import * as v from 'valibot';
import { EventBridgeSchema } from './eventbridge.js';
import { SqsRecordSchema } from './sqs.js';

const S3ObjectSchema = v.object({
  key: v.string(),
  size: v.optional(v.number()),
  eTag: v.optional(v.string()),
  versionId: v.optional(v.string()),
  sequencer: v.string(),
});

/**
 * One record of an S3 event notification (`S3EventRecord`). `size` and `eTag` are absent on delete
 * events, so they are optional here.
 *
 * @example
 * v.parse(S3RecordSchema, event.Records[0]);
 */
export const S3RecordSchema = v.object({
  eventVersion: v.string(),
  eventSource: v.literal('aws:s3'),
  awsRegion: v.string(),
  eventTime: v.string(),
  eventName: v.string(),
  userIdentity: v.object({ principalId: v.string() }),
  requestParameters: v.object({ sourceIPAddress: v.string() }),
  responseElements: v.object({ 'x-amz-request-id': v.string(), 'x-amz-id-2': v.string() }),
  s3: v.object({
    s3SchemaVersion: v.string(),
    configurationId: v.string(),
    bucket: v.object({
      name: v.string(),
      ownerIdentity: v.object({ principalId: v.string() }),
      arn: v.string(),
    }),
    object: S3ObjectSchema,
  }),
  glacierEventData: v.optional(
    v.object({
      restoreEventData: v.object({
        lifecycleRestorationExpiryTime: v.string(),
        lifecycleRestoreStorageClass: v.string(),
      }),
    }),
  ),
});

/**
 * An S3 event notification (`S3Event`).
 *
 * @example
 * const event = parse(input, undefined, S3Schema);
 */
export const S3Schema = v.object({ Records: v.array(S3RecordSchema) });

/**
 * S3 event notifications delivered through SQS: each `Records[i].body` parsed as an S3 event.
 *
 * @example
 * const event = parse(input, undefined, S3SqsEventNotificationSchema);
 * event.Records[0].body.Records[0].s3.object.key;
 */
export const S3SqsEventNotificationSchema = v.object({
  Records: v.array(
    v.object({ ...SqsRecordSchema.entries, body: v.pipe(v.string(), v.parseJson(), S3Schema) }),
  ),
});

/**
 * The `detail` of an S3 notification sent through EventBridge (Object Created, Object Deleted, ...).
 *
 * @example
 * v.parse(S3EventNotificationEventBridgeDetailSchema, event.detail);
 */
export const S3EventNotificationEventBridgeDetailSchema = v.object({
  version: v.string(),
  bucket: v.object({ name: v.string() }),
  object: v.object({
    key: v.string(),
    size: v.optional(v.number()),
    etag: v.optional(v.string()),
    'version-id': v.optional(v.string()),
    sequencer: v.optional(v.string()),
  }),
  'request-id': v.string(),
  requester: v.string(),
  'source-ip-address': v.optional(v.string()),
  reason: v.optional(v.string()),
  'deletion-type': v.optional(v.string()),
  'restore-expiry-time': v.optional(v.string()),
  'source-storage-class': v.optional(v.string()),
  'destination-storage-class': v.optional(v.string()),
  'destination-access-tier': v.optional(v.string()),
});

/**
 * An S3 notification delivered by EventBridge (`EventBridgeEvent<..., S3Object...Detail>`).
 *
 * @example
 * const event = parse(input, undefined, S3EventNotificationEventBridgeSchema);
 */
export const S3EventNotificationEventBridgeSchema = v.object({
  ...EventBridgeSchema.entries,
  detail: S3EventNotificationEventBridgeDetailSchema,
});

/**
 * An S3 Object Lambda event (GetObject, HeadObject or ListObjects context).
 *
 * @example
 * const event = parse(input, undefined, S3ObjectLambdaEventSchema);
 */
export const S3ObjectLambdaEventSchema = v.object({
  xAmzRequestId: v.string(),
  getObjectContext: v.optional(
    v.object({ inputS3Url: v.string(), outputRoute: v.string(), outputToken: v.string() }),
  ),
  headObjectContext: v.optional(v.object({ inputS3Url: v.string() })),
  listObjectsContext: v.optional(v.object({ inputS3Url: v.string() })),
  listObjectsV2Context: v.optional(v.object({ inputS3Url: v.string() })),
  configuration: v.object({
    accessPointArn: v.string(),
    supportingAccessPointArn: v.string(),
    payload: v.string(),
  }),
  userRequest: v.object({ url: v.string(), headers: v.record(v.string(), v.string()) }),
  userIdentity: v.object({
    type: v.string(),
    principalId: v.string(),
    arn: v.string(),
    accountId: v.string(),
    accessKeyId: v.string(),
    sessionContext: v.optional(
      v.object({
        attributes: v.object({ mfaAuthenticated: v.string(), creationDate: v.string() }),
        sessionIssuer: v.optional(
          v.object({
            type: v.string(),
            principalId: v.string(),
            arn: v.string(),
            accountId: v.string(),
            userName: v.string(),
          }),
        ),
      }),
    ),
  }),
  protocolVersion: v.string(),
});
