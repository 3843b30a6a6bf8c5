// @lambkit/batch/parser: the `parser` of a processor's config, as Powertools'
// @aws-lambda-powertools/batch/parser. Imported only by users who parse records, so @lambkit/parser
// and zlib load only for them.
import { gunzipSync } from 'node:zlib';
import { isBase64 } from '@lambkit/core';
import { DEFAULT_MAX_LENGTH, ParseError, parseJson, unmarshall } from '@lambkit/parser';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { BatchLogger } from '../base-processor.js';
import { ParsingError } from '../errors.js';
import type { EventType } from '../event-type.js';
import type { BatchProcessorConfig, PayloadTransformer } from '../processor-config.js';
import type { EventSourceDataClassTypes } from '../types.js';

/** A payload that could not be decoded: fails its record with `path: reason`. */
class DecodeFailure extends Error {}

function keyOf(segment: PropertyKey | StandardSchemaV1.PathSegment): string {
  return String(typeof segment === 'object' ? segment.key : segment);
}

function joinPath(prefix: string, issue: StandardSchemaV1.Issue): string {
  const inner = issue.path === undefined ? '' : issue.path.map(keyOf).join('.');
  if (prefix === '') return inner;
  return inner === '' ? prefix : `${prefix}.${inner}`;
}

/**
 * The message Powertools writes, `path: message; path: message`. Zod's messages name the rule and the
 * types, never the value; other libraries' may quote the value (valibot: `received "s3cr3t"`), so
 * for them only the path is kept.
 */
function issuesMessage(vendor: string, issues: readonly StandardSchemaV1.Issue[], prefix: string): string {
  return issues
    .map((issue) =>
      vendor === 'zod'
        ? `${joinPath(prefix, issue)}: ${issue.message}`
        : `${joinPath(prefix, issue)}: does not match the ${vendor} schema (its message is withheld, as it may quote the value)`,
    )
    .join('; ');
}

function fail(logger: BatchLogger, message: string, cause?: unknown): never {
  logger.debug(`Failed to parse record: ${message}`);
  throw new ParsingError(message, cause === undefined ? undefined : { cause });
}

async function validate(
  schema: StandardSchemaV1,
  value: unknown,
  prefix: string,
  logger: BatchLogger,
): Promise<unknown> {
  const result = await schema['~standard'].validate(value);
  if (result.issues === undefined) return result.value;
  const vendor = schema['~standard'].vendor;
  fail(logger, issuesMessage(vendor, result.issues, prefix), vendor === 'zod' ? result.issues : undefined);
}

function decodeJson(text: unknown): unknown {
  try {
    return parseJson(text as string);
  } catch (error) {
    if (error instanceof ParseError) {
      // ParseError never quotes the text; JSON.parse's own message (which Powertools appends) does.
      throw new DecodeFailure(`Invalid JSON - expected ${error.expected}, received ${error.received}`);
    }
    throw error;
  }
}

function decodeBase64(data: unknown): unknown {
  if (typeof data !== 'string') throw new DecodeFailure(`Invalid base64 - received ${typeof data}`);
  // Checked before decoding, so an oversized payload is never copied into a Buffer.
  if (Math.floor((data.length * 3) / 4) > DEFAULT_MAX_LENGTH) {
    throw new DecodeFailure(`Invalid base64 - more than ${DEFAULT_MAX_LENGTH} bytes`);
  }
  // Buffer.from(data, 'base64') skips characters outside the alphabet instead of failing: check first.
  if (!isBase64(data)) throw new DecodeFailure('Invalid base64 - text outside the base64 alphabet');
  let bytes = Buffer.from(data, 'base64');
  // As Powertools' Base64Encoded: gzip data (CloudWatch Logs subscriptions) is decompressed.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: DEFAULT_MAX_LENGTH });
    } catch {
      throw new DecodeFailure('Invalid gzip - the data could not be decompressed');
    }
  }
  const text = bytes.toString('utf8');
  try {
    return parseJson(text);
  } catch (error) {
    // As Powertools: data that is not JSON is the decoded text; the JSON guards (depth, length,
    // prototype keys) still fail the record.
    if (error instanceof ParseError && error.expected === 'JSON') return text;
    if (error instanceof ParseError) {
      throw new DecodeFailure(`Invalid JSON - expected ${error.expected}, received ${error.received}`);
    }
    throw error;
  }
}

function decodeImage(image: unknown): unknown {
  try {
    return unmarshall(image as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ParseError) throw new DecodeFailure('Could not unmarshall DynamoDB stream record');
    throw error;
  }
}

function decode(transformer: PayloadTransformer | undefined, value: unknown): unknown {
  if (transformer === 'json') return decodeJson(value);
  if (transformer === 'base64') return decodeBase64(value);
  if (transformer === 'unmarshall') return decodeImage(value);
  return value;
}

async function parsePayload(
  value: unknown,
  prefix: string,
  schema: StandardSchemaV1,
  transformer: PayloadTransformer | undefined,
  logger: BatchLogger,
): Promise<unknown> {
  let decoded: unknown;
  try {
    decoded = decode(transformer, value);
  } catch (error) {
    if (error instanceof DecodeFailure) fail(logger, `${prefix}: ${error.message}`);
    throw error;
  }
  return validate(schema, decoded, prefix, logger);
}

async function parseInner(
  // biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
  record: any,
  eventType: EventType,
  schema: StandardSchemaV1,
  transformer: PayloadTransformer | undefined,
  logger: BatchLogger,
): Promise<EventSourceDataClassTypes> {
  if (eventType === 'SQS') {
    return { ...record, body: await parsePayload(record.body, 'body', schema, transformer, logger) };
  }
  if (eventType === 'KinesisDataStreams') {
    const data = await parsePayload(record.kinesis?.data, 'kinesis.data', schema, transformer, logger);
    return { ...record, kinesis: { ...record.kinesis, data } };
  }
  // A KEYS_ONLY stream, an INSERT without OldImage or a REMOVE without NewImage has an image less:
  // it is left out rather than failing the record.
  const stream = record.dynamodb ?? {};
  const dynamodb = { ...stream };
  if (stream.NewImage !== undefined) {
    dynamodb.NewImage = await parsePayload(stream.NewImage, 'dynamodb.NewImage', schema, transformer, logger);
  }
  if (stream.OldImage !== undefined) {
    dynamodb.OldImage = await parsePayload(stream.OldImage, 'dynamodb.OldImage', schema, transformer, logger);
  }
  return { ...record, dynamodb };
}

/**
 * Parses one record for a processor configured with it, as Powertools' `parser`: with
 * `config.schema`, the whole record is validated; with `config.innerSchema`, the payload (the SQS
 * body, the Kinesis data, each DynamoDB image) after `config.transformer` decoded it (`json`,
 * `base64`, `unmarshall`). A record that fails rejects with ParsingError (`body.age: Invalid input:
 * expected number, received string`), written to `logger.debug` too; the processor reports it and
 * the handler never sees it. Any Standard Schema v1 works for both.
 *
 * @example
 * import { BatchProcessor, EventType } from '@lambkit/batch';
 * import { parser } from '@lambkit/batch/parser';
 * const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: orderSchema, transformer: 'json' });
 */
export async function parser(
  record: EventSourceDataClassTypes,
  eventType: EventType,
  logger: BatchLogger,
  parserConfig: BatchProcessorConfig,
): Promise<EventSourceDataClassTypes> {
  const { schema, innerSchema, transformer } = parserConfig;
  if (schema !== undefined) return (await validate(schema, record, '', logger)) as EventSourceDataClassTypes;
  if (innerSchema !== undefined) return parseInner(record, eventType, innerSchema, transformer, logger);
  logger.error('There was no schema or innerSchema provided');
  throw new ParsingError('Either schema or innerSchema is required for parsing');
}
