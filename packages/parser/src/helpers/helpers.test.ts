import { gzipSync } from 'node:zlib';
import { ParseError, parse, SnsSqsEnvelope, SqsEnvelope } from '@lambkit/parser';
import { Base64Encoded, JSONStringified } from '@lambkit/parser/helpers';
import { AlbSchema, DynamoDBStreamRecord } from '@lambkit/parser/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';
import { DynamoDBMarshalled } from './dynamodb.js';

const Order = z.object({ orderId: z.string(), total: z.number() });
const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('JSONStringified', () => {
  it('parses a JSON string field of a built-in schema into the inner schema', () => {
    const event = loadFixture('alb');
    event.body = '{"orderId":"o-1","total":3}';

    const parsed = parse(event, undefined, AlbSchema.extend({ body: JSONStringified(Order) }));

    expect(parsed.body).toEqual({ orderId: 'o-1', total: 3 });
  });

  it('gets the body text from an envelope, as Powertools users write it', () => {
    const event = loadFixture('sqs');
    event.Records[0].body = '{"orderId":"o-1","total":3}';
    event.Records[1].body = '{"orderId":"o-2","total":4}';

    const orders = parse(event, SqsEnvelope, JSONStringified(Order));

    expect(orders).toEqual([
      { orderId: 'o-1', total: 3 },
      { orderId: 'o-2', total: 4 },
    ]);
  });

  it('gets the message text inside an SNS notification delivered to SQS', () => {
    expect(parse(loadFixture('sns-sqs'), SnsSqsEnvelope, JSONStringified(Order))).toEqual([
      { orderId: 'order-1', total: 42.5 },
    ]);
  });

  it('names the field of text that is not JSON, without quoting it', () => {
    const event = loadFixture('sqs');
    event.Records[0].body = '{"orderId":"o-1","total":3}';
    event.Records[1].body = 'secret-token=abc';

    const error = catchParseError(() => parse(event, SqsEnvelope, JSONStringified(Order)));

    expect(error.message).toBe(
      'Invalid input at Records[1].body: Invalid JSON - expected JSON, received string that is not valid JSON (received string) (record 1)',
    );
    expect(JSON.stringify(error.issues)).not.toContain('secret-token');
  });

  it('names the type a field inside the parsed JSON has, not what the text has there', () => {
    const event = loadFixture('sqs');
    event.Records = [{ ...event.Records[0], body: '{"orderId":"o-1","total":"3"}' }];

    const act = () => parse(event, SqsEnvelope, JSONStringified(Order));

    expect(act).toThrow(
      'Invalid input at Records[0].body.total: expected number, received string (record 0)',
    );
  });

  it('refuses a "__proto__" key however it is spelled', () => {
    const result = JSONStringified(z.unknown()).safeParse('{"\\u005f\\u005fproto__":{"admin":true}}');

    expect(result.error?.issues[0]?.message).toBe(
      'Invalid JSON - expected JSON without "__proto__" or "constructor.prototype" keys, received a "__proto__" key',
    );
  });

  it('refuses JSON nested deeper than 64 levels', () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;

    expect(JSONStringified(z.unknown()).safeParse(deep).error?.issues[0]?.message).toBe(
      'Invalid JSON - expected JSON nested at most 64 levels deep, received deeper nesting',
    );
  });
});

describe('Base64Encoded', () => {
  it('decodes base64 JSON into the inner schema', () => {
    expect(Base64Encoded(Order).parse(base64('{"orderId":"o-1","total":1}'))).toEqual({
      orderId: 'o-1',
      total: 1,
    });
  });

  it('hands the inner schema the text when it is not JSON', () => {
    expect(Base64Encoded(z.string()).parse(base64('plain text'))).toBe('plain text');
  });

  it('inflates gzip data first', () => {
    expect(Base64Encoded(Order).parse(base64(gzipSync('{"orderId":"o-9","total":9}')))).toEqual({
      orderId: 'o-9',
      total: 9,
    });
  });

  it('refuses text that is not base64 instead of decoding other bytes', () => {
    expect(Base64Encoded(z.string()).safeParse('not base64!').error?.issues[0]?.message).toBe(
      'Invalid base64 data - expected base64, received string with characters or padding outside base64',
    );
  });

  it('refuses a prototype key rather than handing the schema the text', () => {
    const result = Base64Encoded(z.unknown()).safeParse(base64('{"__proto__":{"admin":true}}'));

    expect(result.error?.issues[0]?.message).toMatch(/^Invalid JSON - expected JSON without "__proto__"/);
  });
});

describe('DynamoDBMarshalled', () => {
  it('unmarshalls an image inside a stream record schema', () => {
    const Item = z.object({ Id: z.number(), Message: z.string() });
    const Change = DynamoDBStreamRecord.extend({
      dynamodb: z.object({ NewImage: DynamoDBMarshalled(Item).optional() }),
    });
    const record = loadFixture('dynamodb-stream').Records[0];

    expect(Change.parse(record).dynamodb.NewImage).toEqual({ Id: 101, Message: 'New item!' });
  });

  it('reports an image it cannot unmarshall as one issue', () => {
    const result = DynamoDBMarshalled(z.unknown()).safeParse({ Id: { N: 'not a number' } });

    expect(result.error?.issues[0]?.message).toMatch(/^Could not unmarshall DynamoDB stream record/);
  });
});

function catchParseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}
