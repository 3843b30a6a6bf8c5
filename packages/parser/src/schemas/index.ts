export { AlbMultiValueHeadersSchema, AlbSchema } from './alb.js';
export {
  ActiveMqEventSchema,
  ActiveMqMessageSchema,
  RabbitMqEventSchema,
  RabbitMqMessageSchema,
} from './amazon-mq.js';
export {
  APIGatewayEventRequestContextSchema,
  APIGatewayProxyEventSchema,
  APIGatewayRequestAuthorizerEventSchema,
  APIGatewayTokenAuthorizerEventSchema,
} from './api-gateway.js';
export { APIGatewayProxyWebsocketEventSchema } from './api-gateway-websocket.js';
export {
  APIGatewayProxyEventV2Schema,
  APIGatewayRequestAuthorizerEventV2Schema,
  APIGatewayRequestAuthorizerV2Schema,
  APIGatewayRequestContextV2Schema,
} from './api-gatewayv2.js';
export { AppSyncBatchResolverSchema, AppSyncResolverSchema } from './appsync.js';
export {
  AppSyncEventsBaseSchema,
  AppSyncEventsInfoSchema,
  AppSyncEventsPublishSchema,
  AppSyncEventsRequestSchema,
  AppSyncEventsSubscribeSchema,
} from './appsync-events.js';
export {
  CloudFormationCustomResourceCreateSchema,
  CloudFormationCustomResourceDeleteSchema,
  CloudFormationCustomResourceUpdateSchema,
} from './cloudformation-custom-resource.js';
export { CloudWatchLogEventSchema, CloudWatchLogsDecodeSchema, CloudWatchLogsSchema } from './cloudwatch.js';
export { CodePipelineJobEventSchema } from './codepipeline.js';
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
export { ConfigRuleEventSchema, ConfigRuleInvokingEventSchema } from './config.js';
export {
  ConnectOutboundCampaignsCustomerProfileSchema,
  ConnectOutboundCampaignsSchema,
} from './connect-outbound-campaigns.js';
export { DynamoDBStreamRecord, DynamoDBStreamSchema, DynamoDBStreamToKinesisRecord } from './dynamodb.js';
export { EventBridgeSchema } from './eventbridge.js';
export { KafkaMskEventSchema, KafkaRecordSchema, KafkaSelfManagedEventSchema } from './kafka.js';
export { KinesisDataStreamRecord, KinesisDataStreamSchema, KinesisDynamoDBStreamSchema } from './kinesis.js';
export {
  KinesisFirehoseRecordSchema,
  KinesisFirehoseSchema,
  KinesisFirehoseSqsRecordSchema,
  KinesisFirehoseSqsSchema,
} from './kinesis-firehose.js';
export { LambdaFunctionUrlSchema } from './lambda.js';
export {
  S3EventNotificationEventBridgeSchema,
  S3ObjectLambdaEventSchema,
  S3Schema,
  S3SqsEventNotificationSchema,
} from './s3.js';
export { SesRecordSchema, SesSchema } from './ses.js';
export { SnsNotificationSchema, SnsRecordSchema, SnsSchema, SnsSqsNotificationSchema } from './sns.js';
export {
  SqsAttributesSchema,
  SqsMsgAttributeDataTypeSchema,
  SqsMsgAttributeSchema,
  SqsRecordSchema,
  SqsSchema,
} from './sqs.js';
export { TransferFamilySchema } from './transfer-family.js';
export { VpcLatticeSchema } from './vpc-lattice.js';
export { VpcLatticeV2Schema } from './vpc-latticev2.js';
