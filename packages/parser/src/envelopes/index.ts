export { ActiveMqEnvelope, RabbitMqEnvelope } from './amazon-mq.js';
export { CloudWatchEnvelope, CloudWatchLogEventsEnvelope } from './cloudwatch.js';
export { CodePipelineEnvelope } from './codepipeline.js';
export { ConfigRuleEnvelope } from './config.js';
export { DynamoDBStreamEnvelope } from './dynamodb.js';
export {
  type CloudWatchLogEventRecord,
  type DynamoDBStreamImages,
  type Envelope,
  type EnvelopeKind,
  type EnvelopeOutput,
  type EnvelopeOutputs,
  envelopeDiscriminator,
  type KafkaRecordEntry,
} from './envelope.js';
export { EventBridgeEnvelope } from './eventbridge.js';
export {
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  LambdaFunctionUrlEnvelope,
  VpcLatticeEnvelope,
  VpcLatticeV2Envelope,
} from './http.js';
export { KafkaEnvelope, KafkaRecordsEnvelope } from './kafka.js';
export { KinesisEnvelope, KinesisFirehoseEnvelope } from './kinesis.js';
export { SnsEnvelope, SnsSqsEnvelope } from './sns.js';
export { SqsEnvelope } from './sqs.js';
