export { AlbMultiValueHeadersSchema, AlbSchema } from './alb.js';
export {
  APIGatewayCert,
  APIGatewayEventIdentitySchema,
  APIGatewayEventRequestContextSchema,
  APIGatewayProxyEventSchema,
  APIGatewayRequestAuthorizerEventSchema,
  APIGatewayTokenAuthorizerEventSchema,
} from './api-gateway.js';
export {
  APIGatewayProxyEventV2Schema,
  APIGatewayRequestAuthorizerEventV2Schema,
  APIGatewayRequestContextV2Schema,
  LambdaFunctionUrlSchema,
} from './api-gatewayv2.js';
export { AppSyncBatchResolverSchema, AppSyncResolverSchema } from './appsync.js';
export {
  CloudFormationCustomResourceCreateSchema,
  CloudFormationCustomResourceDeleteSchema,
  CloudFormationCustomResourceSchema,
  CloudFormationCustomResourceUpdateSchema,
} from './cloudformation.js';
export { CloudWatchLogEventSchema, CloudWatchLogsDecodeSchema, CloudWatchLogsSchema } from './cloudwatch.js';
export {
  CreateAuthChallengeTriggerSchema,
  CustomEmailSenderTriggerSchema,
  CustomMessageTriggerSchema,
  CustomSMSSenderTriggerSchema,
  DefineAuthChallengeTriggerSchema,
  MigrateUserTriggerSchema,
  PostAuthenticationTriggerSchema,
  PostConfirmationTriggerSchema,
  PreAuthenticationTriggerSchema,
  PreSignupTriggerSchema,
  PreTokenGenerationTriggerSchemaV1,
  PreTokenGenerationTriggerSchemaV2AndV3,
  VerifyAuthChallengeTriggerSchema,
} from './cognito.js';
export {
  DynamoDBAttributeValueSchema,
  DynamoDBStreamChangeRecordSchema,
  DynamoDBStreamRecord,
  DynamoDBStreamSchema,
} from './dynamodb.js';
export { EventBridgeSchema } from './eventbridge.js';
export { KafkaMskEventSchema, KafkaRecordSchema, KafkaSelfManagedEventSchema } from './kafka.js';
export {
  KinesisDataStreamRecord,
  KinesisDataStreamRecordPayload,
  KinesisDataStreamSchema,
  KinesisFirehoseRecordSchema,
  KinesisFirehoseSchema,
} from './kinesis.js';
export {
  S3EventNotificationEventBridgeDetailSchema,
  S3EventNotificationEventBridgeSchema,
  S3ObjectLambdaEventSchema,
  S3RecordSchema,
  S3Schema,
  S3SqsEventNotificationSchema,
} from './s3.js';
export { SesRecordSchema, SesSchema } from './ses.js';
export {
  SnsMsgAttributeSchema,
  SnsNotificationSchema,
  SnsRecordSchema,
  SnsSchema,
  SnsSqsEventSchema,
  SnsSqsNotificationSchema,
} from './sns.js';
export {
  SqsAttributesSchema,
  SqsMsgAttributeDataTypeSchema,
  SqsMsgAttributeSchema,
  SqsRecordSchema,
  SqsSchema,
} from './sqs.js';
export { VpcLatticeSchema, VpcLatticeV2Schema } from './vpc-lattice.js';
