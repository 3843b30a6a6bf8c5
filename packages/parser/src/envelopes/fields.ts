import { decodeBase64 } from '../decode/base64.js';
import { checkLength, decodeJson } from '../decode/json.js';
import { describeType, ParseError, type PathSegment } from '../errors.js';
import type { ResolvedParseOptions } from '../options.js';
import { relocate } from './envelope.js';

const ROOT: readonly PathSegment[] = [];

/**
 * Returns `value` as an object, or throws a ParseError at `path` naming what it was instead.
 *
 * @example
 * const record = expectObject(event.Records[0], ['Records', 0]);
 */
export function expectObject(value: unknown, path: readonly PathSegment[] = ROOT): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParseError({ path, expected: 'object', received: describeType(value) });
  }
  return value as Record<string, unknown>;
}

/**
 * Returns `event[key]` as an array (the event's records), or throws a ParseError at `key`.
 *
 * @example
 * const records = recordsOf(event, 'Records');
 */
export function recordsOf(event: unknown, key: string): readonly unknown[] {
  const records = expectObject(event)[key];
  if (!Array.isArray(records)) {
    throw new ParseError({ path: [key], expected: 'array', received: describeType(records) });
  }
  return records;
}

/**
 * Returns `object[key]` as a string, or throws a ParseError at `key` (relative to `object`).
 *
 * @example
 * const body = stringField(record, 'body');
 */
export function stringField(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  if (typeof value !== 'string') {
    throw new ParseError({ path: [key], expected: 'string', received: describeType(value) });
  }
  return value;
}

/**
 * Decodes a text payload as `options.payload` asks: parsed JSON, the text, or its UTF-8 bytes.
 * Errors carry no path; the caller places them.
 *
 * @example
 * decodeText(record.body, DEFAULT_OPTIONS); // the parsed body
 */
export function decodeText(text: string, options: ResolvedParseOptions): unknown {
  if (options.payload === 'json') return decodeJson(text, ROOT, undefined, options);
  checkLength(text.length, ROOT, undefined, options.maxLength, 'characters');
  return options.payload === 'text' ? text : new Uint8Array(Buffer.from(text, 'utf8'));
}

/**
 * {@link decodeText} for a field of a record: errors are placed under `path` (relative to the record).
 *
 * @example
 * decodeTextAt(stringField(record, 'body'), options, BODY_PATH);
 */
export function decodeTextAt(
  text: string,
  options: ResolvedParseOptions,
  path: readonly PathSegment[],
): unknown {
  try {
    return decodeText(text, options);
  } catch (error) {
    throw relocate(error, path);
  }
}

/**
 * Decodes a base64 payload (Kinesis data, Kafka value, a base64 HTTP body) as `options.payload` asks:
 * parsed JSON, UTF-8 text, or the bytes.
 *
 * @example
 * decodeBase64Text(record.kinesis.data, DEFAULT_OPTIONS);
 */
export function decodeBase64Text(text: unknown, options: ResolvedParseOptions): unknown {
  const bytes = decodeBase64Limited(text, options);
  if (options.payload === 'bytes') return new Uint8Array(bytes);
  const decoded = bytes.toString('utf8');
  return options.payload === 'text' ? decoded : decodeJson(decoded, ROOT, undefined, options);
}

/**
 * Decodes base64 after checking that its output cannot exceed `maxLength` bytes.
 *
 * @example
 * decodeBase64Limited(event.awslogs.data, DEFAULT_OPTIONS);
 */
export function decodeBase64Limited(text: unknown, options: ResolvedParseOptions): Buffer {
  if (typeof text === 'string') {
    checkLength(base64ByteLength(text), ROOT, undefined, options.maxLength, 'bytes');
  }
  return decodeBase64(text, ROOT);
}

/** How many bytes padded base64 decodes to, known before decoding: 3 per 4 characters, less the `=`. */
function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/**
 * Decodes an HTTP body (API Gateway, ALB, Function URL, VPC Lattice): base64 first when
 * `isBase64Encoded`, then as `options.payload` asks. A missing, null or (for JSON) empty body is
 * `undefined`, which the schema may accept or refuse.
 *
 * @example
 * decodeHttpBody(event, DEFAULT_OPTIONS);
 */
export function decodeHttpBody(
  event: unknown,
  options: ResolvedParseOptions,
  base64Flag: 'isBase64Encoded' | 'is_base64_encoded' = 'isBase64Encoded',
): unknown {
  const request = expectObject(event);
  const body = request.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'string') {
    throw new ParseError({ path: ['body'], expected: 'string or null', received: describeType(body) });
  }
  if (body === '' && options.payload === 'json') return undefined;
  try {
    if (request[base64Flag] === true) return decodeBase64Text(body, options);
    return decodeText(body, options);
  } catch (error) {
    throw relocate(error, ['body']);
  }
}
