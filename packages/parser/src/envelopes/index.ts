export { CloudWatchEnvelope } from './cloudwatch.js';
export { DynamoDBStreamEnvelope } from './dynamodb.js';
export type {
  DynamoDBStreamImages,
  Envelope,
  EnvelopeKind,
  EnvelopeOutput,
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
export { KafkaEnvelope } from './kafka.js';
export { KinesisEnvelope, KinesisFirehoseEnvelope } from './kinesis.js';
export { SnsEnvelope, SnsSqsEnvelope } from './sns.js';
export { SqsEnvelope } from './sqs.js';
