export { type AlbEventOptions, createAlbEvent } from './alb.js';
export {
  type ApiGatewayProxyEventOptions,
  type ApiGatewayProxyEventV2Options,
  createApiGatewayProxyEvent,
  createApiGatewayProxyEventV2,
} from './api-gateway.js';
export {
  type CloudWatchLogsEventOptions,
  createCloudWatchLogsEvent,
  createCloudWatchLogsPayload,
} from './cloudwatch-logs.js';
export {
  createDynamoDBStreamEvent,
  type DynamoDBStreamEventOptions,
  type DynamoDBStreamRecordInput,
} from './dynamodb.js';
export {
  createEventBridgeEvent,
  createS3EventBridgeEvent,
  createScheduledEvent,
  type EventBridgeEventOptions,
  type S3EventBridgeEventOptions,
  type ScheduledEventOptions,
} from './eventbridge.js';
export { createFirehoseEvent, type FirehoseEventOptions } from './firehose.js';
export { createFunctionUrlEvent, type FunctionUrlEventOptions } from './function-url.js';
export { createKinesisStreamEvent, type KinesisStreamEventOptions } from './kinesis.js';
export { marshallItem, marshallValue } from './marshall.js';
export { type DeepPartial, EventFactoryError } from './merge.js';
export {
  createS3Event,
  createS3EventViaSns,
  createS3EventViaSqs,
  type EncodeS3EventKeyOptions,
  encodeS3EventKey,
  type S3EventOptions,
  type S3EventViaSnsOptions,
  type S3EventViaSqsOptions,
} from './s3.js';
export { createSnsEvent, type SnsEventOptions } from './sns.js';
export { createSqsEvent, md5OfMessageAttributes, type SqsEventOptions } from './sqs.js';
