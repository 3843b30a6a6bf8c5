import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describeProblem, ParseError, type PathSegment } from '../errors.js';
import { type ParseOptions, type ResolvedParseOptions, resolveOptions } from '../options.js';
import type { ParsedResult } from '../result.js';
import { assertSchema, type SchemaOutput } from '../validate.js';

/** The old and new images of one DynamoDB stream record, each parsed by the user's schema. */
export interface DynamoDBStreamImages<T> {
  NewImage?: T;
  OldImage?: T;
}

/** One CloudWatch Logs log event with its parsed message and the subscription's metadata. */
export interface CloudWatchLogEventRecord<T> {
  /** The log event's id. */
  id: string;
  /** When the event was logged, in milliseconds since the epoch. */
  timestamp: number;
  /** The message, parsed by your schema. */
  message: T;
  /** The log group the event came from. */
  logGroup: string;
  /** The log stream the event came from. */
  logStream: string;
  /** The AWS account id that owns the log group. */
  owner: string;
}

/** One Kafka record with its value parsed by your schema, and its key and headers decoded to text. */
export interface KafkaRecordEntry<T> {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: string;
  /** The record key as UTF-8 text, or undefined when the record has none. */
  key: string | undefined;
  /** The value, parsed by your schema (undefined for a tombstone). */
  value: T;
  /** The headers, each value decoded from its bytes as UTF-8 text. */
  headers: Record<string, string>[];
}

/** What each kind of envelope returns for payloads that parse to `T`. */
export interface EnvelopeOutputs<T> {
  /** One payload: API Gateway body, EventBridge detail, ... */
  object: T;
  /** One payload per record: SQS, SNS, Kinesis, ... */
  array: T[];
  /** The images of each DynamoDB stream record. */
  images: DynamoDBStreamImages<T>[];
  /** Each CloudWatch Logs event with its metadata. */
  logEvents: CloudWatchLogEventRecord<T>[];
  /** Each Kafka record with its key and headers. */
  kafkaRecords: KafkaRecordEntry<T>[];
}

/** What an envelope returns: one payload (`object`), one per record (`array`), images per record, ... */
export type EnvelopeKind = keyof EnvelopeOutputs<unknown>;

/** The output type of an envelope of kind `K` whose payloads parse to `T`. */
export type EnvelopeOutput<K extends EnvelopeKind, T> = EnvelopeOutputs<T>[K];

/**
 * The key under which an envelope says whether it returns one payload (`'object'`) or a list
 * (`'array'`), Powertools' registered symbol, so code written against Powertools' envelope types reads it.
 *
 * @example
 * SqsEnvelope[envelopeDiscriminator]; // 'array'
 */
export const envelopeDiscriminator: unique symbol = Symbol.for('returnType') as never;

/**
 * An envelope: it finds the payload(s) inside an event, decodes them (JSON, base64, gzip, DynamoDB
 * attribute values) and hands each to the user's schema.
 *
 * @example
 * const orders = SqsEnvelope.parse(event, orderSchema); // Order[]
 */
export interface Envelope<K extends EnvelopeKind = EnvelopeKind> {
  /** The envelope's name, as exported (`SqsEnvelope`). */
  readonly name: string;
  /** Whether it returns one payload, an array of them, or DynamoDB images. */
  readonly kind: K;
  /** `'object'` or `'array'`, as Powertools' envelopes say it. */
  readonly [envelopeDiscriminator]: K extends 'object' ? 'object' : 'array';
  /** Parses and validates, throwing a ParseError at the first bad record. */
  parse<S extends StandardSchemaV1>(
    event: unknown,
    schema: S,
    options?: ParseOptions,
  ): EnvelopeOutput<K, SchemaOutput<S>>;
  /** Parses and validates every record, returning the data or a ParseError with every record's issues. */
  safeParse<S extends StandardSchemaV1>(
    event: unknown,
    schema: S,
    options?: ParseOptions,
  ): ParsedResult<unknown, EnvelopeOutput<K, SchemaOutput<S>>>;
  /**
   * @internal The work behind parse and safeParse, with options resolved once by the caller.
   * `collectAll` goes on past a bad record and reports them all.
   */
  run(event: unknown, schema: StandardSchemaV1, options: ResolvedParseOptions, collectAll: boolean): unknown;
}

/**
 * Places an error thrown while reading one part of an event under that part's path. A ParseError keeps
 * its own details; anything else (a bug, a schema that threw) becomes a ParseError with it as the cause,
 * so a caller only ever meets ParseError.
 *
 * @example
 * relocate(error, ['Records', 3, 'body'], 3);
 */
export function relocate(error: unknown, prefix: readonly PathSegment[], recordIndex?: number): ParseError {
  if (error instanceof ParseError) return error.withPrefix(prefix, recordIndex);
  return new ParseError({
    path: prefix,
    recordIndex,
    reason: 'the schema or a decoder threw',
    received: undefined,
    cause: error,
  });
}

/**
 * One ParseError for several bad records: the first one's details, with the issues of all of them.
 *
 * @example
 * mergeFailures([errorAt3, errorAt7]).issues.length; // issues of records 3 and 7
 */
export function mergeFailures(failures: readonly [ParseError, ...ParseError[]]): ParseError {
  const first = failures[0];
  if (failures.length === 1) return first;
  return new ParseError({
    path: first.pathSegments,
    recordIndex: first.recordIndex,
    expected: first.expected,
    received: first.received,
    reason: first.reason,
    cause: first.cause,
    issues: failures.flatMap((failure) =>
      failure.issues.length > 0
        ? failure.issues
        : [{ message: describeProblem(failure) ?? failure.message, path: failure.pathSegments }],
    ),
  });
}

/**
 * Builds the public parse / safeParse pair around an envelope's `run`, so every envelope resolves
 * options and reports failures the same way.
 *
 * @example
 * const SqsEnvelope = defineEnvelope('SqsEnvelope', 'array', runSqs);
 */
export function defineEnvelope<K extends EnvelopeKind>(
  name: string,
  kind: K,
  run: Envelope<K>['run'],
): Envelope<K> {
  return {
    name,
    kind,
    [envelopeDiscriminator]: (kind === 'object' ? 'object' : 'array') as never,
    run,
    parse(event, schema, options) {
      assertSchema(schema, 'schema');
      return run(event, schema, resolveOptions(options), false) as never;
    },
    safeParse(event, schema, options) {
      assertSchema(schema, 'schema');
      return safeRun(run, event, schema, resolveOptions(options)) as never;
    },
  };
}

/**
 * Runs an envelope for safeParse: a ParseError becomes `{ success: false }`.
 *
 * @example
 * safeRun(SqsEnvelope.run, event, schema, DEFAULT_OPTIONS);
 */
export function safeRun(
  run: Envelope['run'],
  event: unknown,
  schema: StandardSchemaV1,
  options: ResolvedParseOptions,
): ParsedResult<unknown> {
  try {
    return { success: true, data: run(event, schema, options, true) };
  } catch (error) {
    return { success: false, error: relocate(error, []), originalEvent: event };
  }
}
