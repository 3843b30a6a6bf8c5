import { describeType, isBase64, isThenable } from '@lambkit/core';
import type { ParseError, PathSegment } from '@lambkit/parser';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { EventType } from './event-type.js';

/** Parses one record before its handler: the parsed record, or a promise of it; throws ParseError. */
// biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
export type RecordParser = (record: any, index: number) => unknown;

/** What payload parsing takes from @lambkit/parser, loaded only when a processor has a schema. */
export type ParserLibrary = Pick<
  typeof import('@lambkit/parser'),
  'ParseError' | 'parseJson' | 'unmarshall' | 'DEFAULT_MAX_LENGTH'
>;

function then<T>(value: unknown, build: (output: unknown) => T): T | Promise<T> {
  return isThenable(value) ? Promise.resolve(value).then(build) : build(value);
}

function issuePath(issue: StandardSchemaV1.Issue | undefined): PathSegment[] {
  const segments: PathSegment[] = [];
  if (issue?.path === undefined) return segments;
  for (const segment of issue.path) {
    const key = typeof segment === 'object' ? segment.key : segment;
    segments.push(typeof key === 'number' ? key : String(key));
  }
  return segments;
}

/** The decoding and validation steps, bound to @lambkit/parser and one schema. */
function payloadSteps(library: ParserLibrary, schema: StandardSchemaV1) {
  const { ParseError, unmarshall, DEFAULT_MAX_LENGTH } = library;

  /**
   * @lambkit/parser's JSON decoder, so a body meets the limits and errors of its envelopes: at most
   * 6 MiB and 64 levels deep, no "__proto__" or "constructor.prototype" key however spelled, and a
   * ParseError that never quotes the text.
   */
  function parseJson(text: unknown, path: PathSegment[], index: number): unknown {
    try {
      return library.parseJson(text as string);
    } catch (error) {
      throw error instanceof ParseError ? error.withPrefix(path, index) : error;
    }
  }

  function decodeBase64Json(data: unknown, path: PathSegment[], index: number): unknown {
    if (typeof data !== 'string') {
      throw new ParseError({ path, recordIndex: index, expected: 'base64', received: describeType(data) });
    }
    // Checked before the pattern and the decoding, as the parser's Kinesis envelope does, so an
    // oversized payload is neither scanned nor copied into a Buffer.
    const bytes = Math.floor((data.length * 3) / 4);
    if (bytes > DEFAULT_MAX_LENGTH) {
      throw new ParseError({
        path,
        recordIndex: index,
        expected: `at most ${DEFAULT_MAX_LENGTH} bytes`,
        received: `${bytes} bytes`,
      });
    }
    // Buffer.from(data, 'base64') skips characters outside the alphabet instead of failing: check first.
    if (!isBase64(data)) {
      throw new ParseError({
        path,
        recordIndex: index,
        expected: 'base64',
        received: 'text outside the base64 alphabet',
      });
    }
    return parseJson(Buffer.from(data, 'base64').toString('utf8'), path, index);
  }

  function issuesError(
    issues: readonly StandardSchemaV1.Issue[],
    path: PathSegment[],
    index: number,
  ): ParseError {
    // The issue messages stay in `issues`, not in the message: some libraries quote the input there.
    return new ParseError({
      path: [...path, ...issuePath(issues[0])],
      recordIndex: index,
      expected:
        issues.length === 1
          ? 'a value the schema accepts'
          : `a value the schema accepts (${issues.length} issues)`,
      issues: issues.map((issue) => ({ message: issue.message, path: issuePath(issue) })),
    });
  }

  function outputOf(result: StandardSchemaV1.Result<unknown>, path: PathSegment[], index: number): unknown {
    if (result.issues !== undefined) throw issuesError(result.issues, path, index);
    return result.value;
  }

  /** Validates `value`; the output, or a promise of it. Issues throw (or reject with) a ParseError. */
  function validate(value: unknown, path: PathSegment[], index: number): unknown {
    const result = schema['~standard'].validate(value);
    if (isThenable(result)) return Promise.resolve(result).then((settled) => outputOf(settled, path, index));
    return outputOf(result, path, index);
  }

  function unmarshallImage(image: unknown, path: PathSegment[], index: number): unknown {
    try {
      return unmarshall(image as Record<string, unknown>);
    } catch (error) {
      throw error instanceof ParseError ? error.withPrefix(path, index) : error;
    }
  }

  return { parseJson, decodeBase64Json, validate, unmarshallImage };
}

type Steps = ReturnType<typeof payloadSteps>;

function sqsParser(steps: Steps): RecordParser {
  return function parseSqsRecord(record, index) {
    const path: PathSegment[] = ['Records', index, 'body'];
    const body = steps.validate(steps.parseJson(record.body, path, index), path, index);
    return then(body, (output) => ({ ...record, body: output }));
  };
}

function kinesisParser(steps: Steps): RecordParser {
  return function parseKinesisRecord(record, index) {
    const path: PathSegment[] = ['Records', index, 'kinesis', 'data'];
    const data = steps.validate(steps.decodeBase64Json(record.kinesis.data, path, index), path, index);
    return then(data, (output) => ({ ...record, kinesis: { ...record.kinesis, data: output } }));
  };
}

function dynamoDbParser(steps: Steps): RecordParser {
  function parseImage(image: unknown, name: 'NewImage' | 'OldImage', index: number): unknown {
    if (image === undefined) return undefined;
    const path: PathSegment[] = ['Records', index, 'dynamodb', name];
    return steps.validate(steps.unmarshallImage(image, path, index), path, index);
  }
  return function parseDynamoDbRecord(record, index) {
    const stream = record.dynamodb;
    // A KEYS_ONLY stream, or a REMOVE without old image, has nothing to parse: the record goes as it is.
    const newImage = parseImage(stream.NewImage, 'NewImage', index);
    const oldImage = parseImage(stream.OldImage, 'OldImage', index);
    const build = ([NewImage, OldImage]: unknown[]) => {
      const dynamodb = { ...stream };
      if (NewImage !== undefined) dynamodb.NewImage = NewImage;
      if (OldImage !== undefined) dynamodb.OldImage = OldImage;
      return { ...record, dynamodb };
    };
    if (isThenable(newImage) || isThenable(oldImage)) return Promise.all([newImage, oldImage]).then(build);
    return build([newImage, oldImage]);
  };
}

/**
 * A parser for the payload of each record of `eventType`: the SQS body as JSON, the Kinesis data as
 * base64 then JSON, the DynamoDB NewImage and OldImage unmarshalled to plain objects, each validated
 * by `schema` (any Standard Schema v1: zod, valibot, arktype, ...). It returns the record with the
 * payload replaced by the schema's output; a payload that fails throws a ParseError naming its path.
 *
 * @example
 * const parse = createRecordParser('SQS', z.object({ id: z.string() }), await import('@lambkit/parser'));
 * parse(record, 0).body.id;
 */
export function createRecordParser(
  eventType: EventType,
  schema: StandardSchemaV1,
  library: ParserLibrary,
): RecordParser {
  const steps = payloadSteps(library, schema);
  if (eventType === 'SQS') return sqsParser(steps);
  if (eventType === 'KinesisDataStreams') return kinesisParser(steps);
  return dynamoDbParser(steps);
}
