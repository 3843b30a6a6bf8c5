export { type JsonOptions, parseJson } from './decode/json.js';
export {
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  CloudWatchEnvelope,
  DynamoDBStreamEnvelope,
  type DynamoDBStreamImages,
  type Envelope,
  type EnvelopeKind,
  type EnvelopeOutput,
  EventBridgeEnvelope,
  KafkaEnvelope,
  KinesisEnvelope,
  KinesisFirehoseEnvelope,
  LambdaFunctionUrlEnvelope,
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
export { type ParserOptions, type ParserOutput, parser } from './middleware/index.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  type ParseOptions,
  type PayloadFormat,
} from './options.js';
export { type ParseOutput, parse, safeParse } from './parse.js';
export type { ParsedResult } from './result.js';
export {
  type AttributeValue,
  MAX_UNMARSHALL_DEPTH,
  type UnmarshallOptions,
  unmarshall,
  unmarshallValue,
} from './unmarshall.js';
export type { Schema, SchemaOutput } from './validate.js';
