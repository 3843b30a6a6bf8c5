// Powertools' @aws-lambda-powertools/parser/types: the parser's types and one type per built-in Zod
// schema. Types only: importing this subpath loads nothing.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Envelope as AnyEnvelope, DynamoDBStreamImages } from '../envelopes/envelope.js';
import type { ParseOutput } from '../parse.js';
import type { ParsedResult } from '../result.js';

export type { ErrorHandler, ParserOptions, ParserOutput } from '../middleware/parser.js';
export type { ParsedResult, ParsedResultError, ParsedResultSuccess } from '../result.js';
export type * from './schema.js';

/** The output type of a Standard Schema. Example: `type Order = InferOutput<typeof orderSchema>`. */
export type InferOutput<Schema extends StandardSchemaV1> = StandardSchemaV1.InferOutput<Schema>;

/** An envelope that returns one payload per record (`SqsEnvelope`). Example: `const e: ArrayEnvelope = SqsEnvelope`. */
export type ArrayEnvelope = AnyEnvelope<'array'>;

/** An envelope that returns one payload (`EventBridgeEnvelope`). Example: `const e: ObjectEnvelope = EventBridgeEnvelope`. */
export type ObjectEnvelope = AnyEnvelope<'object'>;

/** The DynamoDB stream envelope, which returns images per record. Example: `const e: DynamoDBArrayEnvelope = DynamoDBStreamEnvelope`. */
export type DynamoDBArrayEnvelope = AnyEnvelope<'images'>;

/** The images of one DynamoDB stream record. Example: `const change: DynamoDBStreamEnvelopeResponse<Order> = { NewImage: order }`. */
export type DynamoDBStreamEnvelopeResponse<T> = DynamoDBStreamImages<T>;

/** Any envelope, or none. Example: `function run<E extends Envelope>(envelope: E) {}`. */
export type Envelope = AnyEnvelope | undefined;

/** The signature of `parse`. Example: `const parseOrders: ParseFunction = parse`. */
export type ParseFunction = {
  <T extends StandardSchemaV1, E extends AnyEnvelope | undefined = undefined>(
    data: unknown,
    envelope: E,
    schema: T,
    safeParse?: false,
  ): ParseOutput<T, E>;
  <T extends StandardSchemaV1, E extends AnyEnvelope | undefined = undefined>(
    data: unknown,
    envelope: E,
    schema: T,
    safeParse: true,
  ): ParsedResult<unknown, ParseOutput<T, E>>;
};
