import { z } from 'zod';
import { JSONStringified } from '../helpers/index.js';
import { EventBridgeSchema } from './eventbridge.js';
import { SqsRecordSchema } from './sqs.js';

const S3Identity = z.object({
  principalId: z.string(),
});
const S3RequestParameters = z.object({
  sourceIPAddress: z.union([z.ipv4(), z.literal('s3.amazonaws.com')]),
});
const S3ResponseElements = z.object({
  'x-amz-request-id': z.string(),
  'x-amz-id-2': z.string(),
});
const S3Message = z.object({
  s3SchemaVersion: z.string(),
  configurationId: z.string(),
  object: z.object({
    key: z.string(),
    size: z.number().optional(),
    urlDecodedKey: z.string().optional(),
    eTag: z.string().optional(),
    sequencer: z.string().optional(), // Only present in PUT and DELETE events
    versionId: z.optional(z.string()),
  }),
  bucket: z.object({
    name: z.string(),
    ownerIdentity: S3Identity,
    arn: z.string(),
  }),
});
const S3EventRecordGlacierEventData = z.object({
  restoreEventData: z.object({
    lifecycleRestorationExpiryTime: z.string(),
    lifecycleRestoreStorageClass: z.string(),
  }),
});
const S3RecordSchema = z.object({
  eventVersion: z.string(),
  eventSource: z.literal('aws:s3'),
  awsRegion: z.string(),
  eventTime: z.iso.datetime(),
  eventName: z.string(),
  userIdentity: S3Identity,
  requestParameters: S3RequestParameters,
  responseElements: S3ResponseElements,
  s3: S3Message,
  glacierEventData: z.optional(S3EventRecordGlacierEventData),
});
const S3EventNotificationEventBridgeDetailSchema = z.object({
  version: z.string(),
  bucket: z.object({
    name: z.string(),
  }),
  object: z.object({
    key: z.string(),
    size: z.number().nonnegative().optional(), // not present in DeleteObject events
    etag: z.string().optional(), // not present in DeleteObject events
    'version-id': z.string().optional(),
    sequencer: z.string().optional(),
  }),
  'request-id': z.string(),
  requester: z.string(),
  'source-ip-address': z.ipv4().optional(),
  reason: z.string().optional(),
  'deletion-type': z.string().optional(),
  'restore-expiry-time': z.string().optional(),
  'source-storage-class': z.string().optional(),
  'destination-storage-class': z.string().optional(),
  'destination-access-tier': z.string().optional(),
});
/**
 * Zod schema for S3 -> EventBridge -> Lambda event notification.
 *
 * @example
 * S3EventNotificationEventBridgeSchema.parse(event);
 */
export const S3EventNotificationEventBridgeSchema = EventBridgeSchema.extend({
  detail: S3EventNotificationEventBridgeDetailSchema,
});
/**
 * Zod schema for S3 event
 *
 * @example
 * S3Schema.parse(event);
 */
export const S3Schema = z.object({
  Records: z.array(S3RecordSchema).min(1),
});
const S3SqsEventNotificationRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(S3Schema),
});
/**
 * Zod schema for S3 -> SQS -> Lambda event notification.
 *
 * @example
 * S3SqsEventNotificationSchema.parse(event);
 */
export const S3SqsEventNotificationSchema = z.object({
  Records: z.array(S3SqsEventNotificationRecordSchema).nonempty(),
});
const S3ObjectContext = z.object({
  inputS3Url: z.string(),
  outputRoute: z.string(),
  outputToken: z.string(),
});
const S3ObjectConfiguration = z.object({
  accessPointArn: z.string(),
  supportingAccessPointArn: z.string(),
  payload: z.union([z.string(), z.object({})]),
});
const S3ObjectUserRequest = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
});
const S3ObjectSessionContext = z.object({
  sessionIssuer: z.object({
    type: z.string(),
    userName: z.string().optional(),
    principalId: z.string(),
    arn: z.string(),
    accountId: z.string(),
  }),
  attributes: z.object({
    creationDate: z.string(),
    mfaAuthenticated: z
      .union([z.boolean(), z.literal('true'), z.literal('false')])
      .transform((value) => value === true || value === 'true'),
  }),
});
const S3ObjectUserIdentity = z.object({
  type: z.string(),
  accountId: z.string(),
  accessKeyId: z.string(),
  userName: z.string().optional(),
  principalId: z.string(),
  arn: z.string(),
  sessionContext: S3ObjectSessionContext.optional(),
});
/**
 * Zod schema for S3 IAM Access Point Lambda event notification.
 *
 * @example
 * S3ObjectLambdaEventSchema.parse(event);
 */
export const S3ObjectLambdaEventSchema = z.object({
  xAmzRequestId: z.string(),
  getObjectContext: S3ObjectContext,
  configuration: S3ObjectConfiguration,
  userRequest: S3ObjectUserRequest,
  userIdentity: S3ObjectUserIdentity,
  protocolVersion: z.string(),
});
