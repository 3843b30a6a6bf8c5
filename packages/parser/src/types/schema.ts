// One type per built-in Zod schema: what the schema gives once it has parsed an event.
import type { z } from 'zod';
import type {
  ActiveMqEventSchema,
  AlbSchema,
  APIGatewayEventRequestContextSchema,
  APIGatewayProxyEventSchema,
  APIGatewayProxyEventV2Schema,
  APIGatewayProxyWebsocketEventSchema,
  APIGatewayRequestAuthorizerEventSchema,
  APIGatewayRequestAuthorizerEventV2Schema,
  APIGatewayTokenAuthorizerEventSchema,
  AppSyncBatchResolverSchema,
  AppSyncEventsPublishSchema,
  AppSyncEventsSubscribeSchema,
  AppSyncResolverSchema,
  CloudFormationCustomResourceCreateSchema,
  CloudFormationCustomResourceDeleteSchema,
  CloudFormationCustomResourceUpdateSchema,
  CloudWatchLogEventSchema,
  CloudWatchLogsDecodeSchema,
  CloudWatchLogsSchema,
  CodePipelineJobEventSchema,
  ConfigRuleEventSchema,
  ConnectOutboundCampaignsCustomerProfileSchema,
  ConnectOutboundCampaignsSchema,
  DynamoDBStreamRecord as DynamoDBStreamRecordSchema,
  DynamoDBStreamSchema,
  DynamoDBStreamToKinesisRecord,
  EventBridgeSchema,
  KafkaMskEventSchema,
  KafkaRecordSchema,
  KafkaSelfManagedEventSchema,
  KinesisDataStreamRecord,
  KinesisDataStreamSchema,
  KinesisDynamoDBStreamSchema,
  KinesisFirehoseRecordSchema,
  KinesisFirehoseSchema,
  KinesisFirehoseSqsRecordSchema,
  KinesisFirehoseSqsSchema,
  LambdaFunctionUrlSchema,
  RabbitMqEventSchema,
  S3EventNotificationEventBridgeSchema,
  S3ObjectLambdaEventSchema,
  S3Schema,
  S3SqsEventNotificationSchema,
  SesRecordSchema,
  SesSchema,
  SnsNotificationSchema,
  SnsRecordSchema,
  SnsSchema,
  SnsSqsNotificationSchema,
  SqsRecordSchema,
  SqsSchema,
  TransferFamilySchema,
  VpcLatticeSchema,
  VpcLatticeV2Schema,
} from '../schemas/index.js';

/** What `AlbSchema` gives. Example: `const event: ALBEvent = AlbSchema.parse(input)`. */
export type ALBEvent = z.infer<typeof AlbSchema>;
/** What `APIGatewayProxyEventSchema` gives. Example: `const event: APIGatewayProxyEvent = APIGatewayProxyEventSchema.parse(input)`. */
export type APIGatewayProxyEvent = z.infer<typeof APIGatewayProxyEventSchema>;
/** What `APIGatewayRequestAuthorizerEventSchema` gives. Example: `const event: APIGatewayRequestAuthorizerEvent = APIGatewayRequestAuthorizerEventSchema.parse(input)`. */
export type APIGatewayRequestAuthorizerEvent = z.infer<typeof APIGatewayRequestAuthorizerEventSchema>;
/** What `APIGatewayTokenAuthorizerEventSchema` gives. Example: `const event: APIGatewayTokenAuthorizerEvent = APIGatewayTokenAuthorizerEventSchema.parse(input)`. */
export type APIGatewayTokenAuthorizerEvent = z.infer<typeof APIGatewayTokenAuthorizerEventSchema>;
/** What `APIGatewayEventRequestContextSchema` gives. Example: `const event: APIGatewayEventRequestContext = APIGatewayEventRequestContextSchema.parse(input)`. */
export type APIGatewayEventRequestContext = z.infer<typeof APIGatewayEventRequestContextSchema>;
/** What `APIGatewayProxyEventV2Schema` gives. Example: `const event: APIGatewayProxyEventV2 = APIGatewayProxyEventV2Schema.parse(input)`. */
export type APIGatewayProxyEventV2 = z.infer<typeof APIGatewayProxyEventV2Schema>;
/** What `APIGatewayProxyWebsocketEventSchema` gives. Example: `const event: APIGatewayProxyWebsocketEvent = APIGatewayProxyWebsocketEventSchema.parse(input)`. */
export type APIGatewayProxyWebsocketEvent = z.infer<typeof APIGatewayProxyWebsocketEventSchema>;
/** What `APIGatewayRequestAuthorizerEventV2Schema` gives. Example: `const event: APIGatewayRequestAuthorizerEventV2 = APIGatewayRequestAuthorizerEventV2Schema.parse(input)`. */
export type APIGatewayRequestAuthorizerEventV2 = z.infer<typeof APIGatewayRequestAuthorizerEventV2Schema>;
/** What `AppSyncResolverSchema` gives. Example: `const event: AppSyncResolverEvent = AppSyncResolverSchema.parse(input)`. */
export type AppSyncResolverEvent = z.infer<typeof AppSyncResolverSchema>;
/** What `AppSyncBatchResolverSchema` gives. Example: `const event: AppSyncBatchResolverEvent = AppSyncBatchResolverSchema.parse(input)`. */
export type AppSyncBatchResolverEvent = z.infer<typeof AppSyncBatchResolverSchema>;
/** What `AppSyncEventsPublishSchema` gives. Example: `const event: AppSyncEventsPublishEvent = AppSyncEventsPublishSchema.parse(input)`. */
export type AppSyncEventsPublishEvent = z.infer<typeof AppSyncEventsPublishSchema>;
/** What `AppSyncEventsSubscribeSchema` gives. Example: `const event: AppSyncEventsSubscribeEvent = AppSyncEventsSubscribeSchema.parse(input)`. */
export type AppSyncEventsSubscribeEvent = z.infer<typeof AppSyncEventsSubscribeSchema>;
/** What `CloudWatchLogEventSchema` gives. Example: `const event: CloudWatchLogEvent = CloudWatchLogEventSchema.parse(input)`. */
export type CloudWatchLogEvent = z.infer<typeof CloudWatchLogEventSchema>;
/** What `CloudWatchLogsDecodeSchema` gives. Example: `const event: CloudWatchLogsDecode = CloudWatchLogsDecodeSchema.parse(input)`. */
export type CloudWatchLogsDecode = z.infer<typeof CloudWatchLogsDecodeSchema>;
/** What `CloudFormationCustomResourceCreateSchema` gives. Example: `const event: CloudFormationCustomResourceCreateEvent = CloudFormationCustomResourceCreateSchema.parse(input)`. */
export type CloudFormationCustomResourceCreateEvent = z.infer<
  typeof CloudFormationCustomResourceCreateSchema
>;
/** What `CloudFormationCustomResourceDeleteSchema` gives. Example: `const event: CloudFormationCustomResourceDeleteEvent = CloudFormationCustomResourceDeleteSchema.parse(input)`. */
export type CloudFormationCustomResourceDeleteEvent = z.infer<
  typeof CloudFormationCustomResourceDeleteSchema
>;
/** What `CloudFormationCustomResourceUpdateSchema` gives. Example: `const event: CloudFormationCustomResourceUpdateEvent = CloudFormationCustomResourceUpdateSchema.parse(input)`. */
export type CloudFormationCustomResourceUpdateEvent = z.infer<
  typeof CloudFormationCustomResourceUpdateSchema
>;
/** What `CloudWatchLogsSchema` gives. Example: `const event: CloudWatchLogsEvent = CloudWatchLogsSchema.parse(input)`. */
export type CloudWatchLogsEvent = z.infer<typeof CloudWatchLogsSchema>;
/** What `ConnectOutboundCampaignsCustomerProfileSchema` gives. Example: `const event: ConnectOutboundCampaignsCustomerProfile = ConnectOutboundCampaignsCustomerProfileSchema.parse(input)`. */
export type ConnectOutboundCampaignsCustomerProfile = z.infer<
  typeof ConnectOutboundCampaignsCustomerProfileSchema
>;
/** What `ConnectOutboundCampaignsSchema` gives. Example: `const event: ConnectOutboundCampaignsEvent = ConnectOutboundCampaignsSchema.parse(input)`. */
export type ConnectOutboundCampaignsEvent = z.infer<typeof ConnectOutboundCampaignsSchema>;
/** What `DynamoDBStreamSchema` gives. Example: `const event: DynamoDBStreamEvent = DynamoDBStreamSchema.parse(input)`. */
export type DynamoDBStreamEvent = z.infer<typeof DynamoDBStreamSchema>;
/** What `DynamoDBStreamRecord` gives. Example: `const event: DynamoDBStreamRecord = DynamoDBStreamRecord.parse(input)`. */
export type DynamoDBStreamRecord = z.infer<typeof DynamoDBStreamRecordSchema>;
/** What `DynamoDBStreamToKinesisRecord` gives. Example: `const event: DynamoDBStreamToKinesisRecordEvent = DynamoDBStreamToKinesisRecord.parse(input)`. */
export type DynamoDBStreamToKinesisRecordEvent = z.infer<typeof DynamoDBStreamToKinesisRecord>;
/** What `EventBridgeSchema` gives. Example: `const event: EventBridgeEvent = EventBridgeSchema.parse(input)`. */
export type EventBridgeEvent = z.infer<typeof EventBridgeSchema>;
/** What `KafkaSelfManagedEventSchema` gives. Example: `const event: KafkaSelfManagedEvent = KafkaSelfManagedEventSchema.parse(input)`. */
export type KafkaSelfManagedEvent = z.infer<typeof KafkaSelfManagedEventSchema>;
/** What `KafkaRecordSchema` gives. Example: `const event: KafkaRecord = KafkaRecordSchema.parse(input)`. */
export type KafkaRecord = z.infer<typeof KafkaRecordSchema>;
/** What `KafkaMskEventSchema` gives. Example: `const event: KafkaMskEvent = KafkaMskEventSchema.parse(input)`. */
export type KafkaMskEvent = z.infer<typeof KafkaMskEventSchema>;
/** What `KinesisDataStreamSchema` gives. Example: `const event: KinesisDataStreamEvent = KinesisDataStreamSchema.parse(input)`. */
export type KinesisDataStreamEvent = z.infer<typeof KinesisDataStreamSchema>;
/** What `KinesisDynamoDBStreamSchema` gives. Example: `const event: KinesisDynamoDBStreamEvent = KinesisDynamoDBStreamSchema.parse(input)`. */
export type KinesisDynamoDBStreamEvent = z.infer<typeof KinesisDynamoDBStreamSchema>;
/** What `KinesisDataStreamRecord` gives. Example: `const event: KinesisDataStreamRecordEvent = KinesisDataStreamRecord.parse(input)`. */
export type KinesisDataStreamRecordEvent = z.infer<typeof KinesisDataStreamRecord>;
/** What `KinesisFirehoseSchema` gives. Example: `const event: KinesisFireHoseEvent = KinesisFirehoseSchema.parse(input)`. */
export type KinesisFireHoseEvent = z.infer<typeof KinesisFirehoseSchema>;
/** What `KinesisFirehoseRecordSchema` gives. Example: `const event: KinesisFirehoseRecord = KinesisFirehoseRecordSchema.parse(input)`. */
export type KinesisFirehoseRecord = z.infer<typeof KinesisFirehoseRecordSchema>;
/** What `KinesisFirehoseSqsSchema` gives. Example: `const event: KinesisFireHoseSqsEvent = KinesisFirehoseSqsSchema.parse(input)`. */
export type KinesisFireHoseSqsEvent = z.infer<typeof KinesisFirehoseSqsSchema>;
/** What `KinesisFirehoseSqsRecordSchema` gives. Example: `const event: KinesisFirehoseSqsRecord = KinesisFirehoseSqsRecordSchema.parse(input)`. */
export type KinesisFirehoseSqsRecord = z.infer<typeof KinesisFirehoseSqsRecordSchema>;
/** What `LambdaFunctionUrlSchema` gives. Example: `const event: LambdaFunctionUrlEvent = LambdaFunctionUrlSchema.parse(input)`. */
export type LambdaFunctionUrlEvent = z.infer<typeof LambdaFunctionUrlSchema>;
/** What `S3Schema` gives. Example: `const event: S3Event = S3Schema.parse(input)`. */
export type S3Event = z.infer<typeof S3Schema>;
/** What `S3EventNotificationEventBridgeSchema` gives. Example: `const event: S3EventNotificationEventBridge = S3EventNotificationEventBridgeSchema.parse(input)`. */
export type S3EventNotificationEventBridge = z.infer<typeof S3EventNotificationEventBridgeSchema>;
/** What `S3SqsEventNotificationSchema` gives. Example: `const event: S3SqsEventNotification = S3SqsEventNotificationSchema.parse(input)`. */
export type S3SqsEventNotification = z.infer<typeof S3SqsEventNotificationSchema>;
/** What `S3ObjectLambdaEventSchema` gives. Example: `const event: S3ObjectLambdaEvent = S3ObjectLambdaEventSchema.parse(input)`. */
export type S3ObjectLambdaEvent = z.infer<typeof S3ObjectLambdaEventSchema>;
/** What `SesSchema` gives. Example: `const event: SesEvent = SesSchema.parse(input)`. */
export type SesEvent = z.infer<typeof SesSchema>;
/** What `SesRecordSchema` gives. Example: `const event: SesRecord = SesRecordSchema.parse(input)`. */
export type SesRecord = z.infer<typeof SesRecordSchema>;
/** What `SnsSchema` gives. Example: `const event: SnsEvent = SnsSchema.parse(input)`. */
export type SnsEvent = z.infer<typeof SnsSchema>;
/** What `SnsSqsNotificationSchema` gives. Example: `const event: SnsSqsNotification = SnsSqsNotificationSchema.parse(input)`. */
export type SnsSqsNotification = z.infer<typeof SnsSqsNotificationSchema>;
/** What `SnsNotificationSchema` gives. Example: `const event: SnsNotification = SnsNotificationSchema.parse(input)`. */
export type SnsNotification = z.infer<typeof SnsNotificationSchema>;
/** What `SnsRecordSchema` gives. Example: `const event: SnsRecord = SnsRecordSchema.parse(input)`. */
export type SnsRecord = z.infer<typeof SnsRecordSchema>;
/** What `SqsSchema` gives. Example: `const event: SqsEvent = SqsSchema.parse(input)`. */
export type SqsEvent = z.infer<typeof SqsSchema>;
/** What `SqsRecordSchema` gives. Example: `const event: SqsRecord = SqsRecordSchema.parse(input)`. */
export type SqsRecord = z.infer<typeof SqsRecordSchema>;
/** What `TransferFamilySchema` gives. Example: `const event: TransferFamilyEvent = TransferFamilySchema.parse(input)`. */
export type TransferFamilyEvent = z.infer<typeof TransferFamilySchema>;
/** What `VpcLatticeSchema` gives. Example: `const event: VpcLatticeEvent = VpcLatticeSchema.parse(input)`. */
export type VpcLatticeEvent = z.infer<typeof VpcLatticeSchema>;
/** What `VpcLatticeV2Schema` gives. Example: `const event: VpcLatticeEventV2 = VpcLatticeV2Schema.parse(input)`. */
export type VpcLatticeEventV2 = z.infer<typeof VpcLatticeV2Schema>;
/** What `ActiveMqEventSchema` gives. Example: `const event: ActiveMqEvent = ActiveMqEventSchema.parse(input)`. */
export type ActiveMqEvent = z.infer<typeof ActiveMqEventSchema>;
/** What `RabbitMqEventSchema` gives. Example: `const event: RabbitMqEvent = RabbitMqEventSchema.parse(input)`. */
export type RabbitMqEvent = z.infer<typeof RabbitMqEventSchema>;
/** What `ConfigRuleEventSchema` gives. Example: `const event: ConfigRuleEvent = ConfigRuleEventSchema.parse(input)`. */
export type ConfigRuleEvent = z.infer<typeof ConfigRuleEventSchema>;
/** What `CodePipelineJobEventSchema` gives. Example: `const event: CodePipelineJobEvent = CodePipelineJobEventSchema.parse(input)`. */
export type CodePipelineJobEvent = z.infer<typeof CodePipelineJobEventSchema>;
