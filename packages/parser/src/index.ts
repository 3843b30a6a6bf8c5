export { type JsonOptions, parseJson } from './decode/json.js';
export {
  ActiveMqEnvelope,
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  CloudWatchEnvelope,
  type CloudWatchLogEventRecord,
  CloudWatchLogEventsEnvelope,
  CodePipelineEnvelope,
  ConfigRuleEnvelope,
  DynamoDBStreamEnvelope,
  type DynamoDBStreamImages,
  type Envelope,
  type EnvelopeKind,
  type EnvelopeOutput,
  type EnvelopeOutputs,
  EventBridgeEnvelope,
  envelopeDiscriminator,
  KafkaEnvelope,
  type KafkaRecordEntry,
  KafkaRecordsEnvelope,
  KinesisEnvelope,
  KinesisFirehoseEnvelope,
  LambdaFunctionUrlEnvelope,
  RabbitMqEnvelope,
  SnsEnvelope,
  SnsSqsEnvelope,
  SqsEnvelope,
  VpcLatticeEnvelope,
  VpcLatticeV2Envelope,
} from './envelopes/index.js';
export {
  describeType,
  formatPath,
  ParseError,
  type ParseErrorOptions,
  type ParseIssue,
  type PathSegment,
} from './errors.js';
export {
  type ErrorHandler,
  type ParserMiddleware,
  type ParserOptions,
  type ParserOutput,
  parser,
} from './middleware/index.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  type ParseOptions,
  type PayloadFormat,
} from './options.js';
export { type ParseOutput, parse, safeParse } from './parse.js';
export type { ParsedResult, ParsedResultError, ParsedResultSuccess } from './result.js';
export {
  type AttributeValue,
  MAX_UNMARSHALL_DEPTH,
  type UnmarshallOptions,
  unmarshall,
  unmarshallValue,
} from './unmarshall.js';
export type { Schema, SchemaOutput } from './validate.js';
