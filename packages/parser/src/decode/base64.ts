import { isBase64 } from '@lambkit/core';
import { describeType, ParseError, type PathSegment } from '../errors.js';

/**
 * Decodes standard, padded base64 (what Kinesis, Firehose, Kafka, CloudWatch Logs and API Gateway send)
 * and refuses anything else with a ParseError at `path`.
 *
 * @example
 * decodeBase64('eyJhIjoxfQ==', ['Records', 0, 'kinesis', 'data']).toString('utf8'); // '{"a":1}'
 */
export function decodeBase64(text: unknown, path: readonly PathSegment[], recordIndex?: number): Buffer {
  if (typeof text !== 'string') {
    throw new ParseError({ path, recordIndex, expected: 'base64 string', received: describeType(text) });
  }
  // Buffer.from(text, 'base64') skips characters outside the alphabet instead of failing: check first.
  if (!isBase64(text)) {
    throw new ParseError({
      path,
      recordIndex,
      expected: 'base64',
      received: 'string with characters or padding outside base64',
    });
  }
  return Buffer.from(text, 'base64');
}
