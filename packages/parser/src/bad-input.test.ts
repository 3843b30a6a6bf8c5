import { gzipSync } from 'node:zlib';
import {
  CloudWatchEnvelope,
  DEFAULT_MAX_DEPTH,
  KinesisEnvelope,
  ParseError,
  parse,
  SqsEnvelope,
  safeParse,
} from '@lambkit/parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from './__fixtures__/load.js';

function sqsEvent(body: string) {
  const event = loadFixture('sqs');
  event.Records = [{ ...event.Records[0], body }];
  return event;
}

function kinesisEvent(data: string) {
  const event = loadFixture('kinesis');
  event.Records = [{ ...event.Records[0], kinesis: { ...event.Records[0].kinesis, data } }];
  return event;
}

function cloudWatchEvent(data: string) {
  return { awslogs: { data } };
}

describe('bodies that are not what they should be', () => {
  it('refuses a body that is not JSON, with the SyntaxError as cause', () => {
    const error = catchParseError(() => parse(sqsEvent('{"orderId": '), SqsEnvelope, z.unknown()));

    expect(error.path).toBe('Records[0].body');
    expect(error.expected).toBe('JSON');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('keeps the text of a bad body out of the cause V8 builds', () => {
    const error = catchParseError(() => parse(sqsEvent('password=hunter2'), SqsEnvelope, z.unknown()));

    expect(String((error.cause as Error).message)).not.toContain('hunter2');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a body that is not a string', () => {
    const event = sqsEvent('{}');
    event.Records[0].body = { orderId: 1 };

    const error = catchParseError(() => parse(event, SqsEnvelope, z.unknown()));

    expect(error.message).toBe(
      'Invalid input at Records[0].body: expected string, received object (record 0)',
    );
  });

  it('refuses an event whose Records is not an array', () => {
    const act = () => parse({ Records: null }, SqsEnvelope, z.unknown());

    expect(act).toThrow('Invalid input at Records: expected array, received null');
  });

  it('refuses an event that is not an object', () => {
    const act = () => parse('hello', SqsEnvelope, z.unknown());

    expect(act).toThrow('Invalid input at the event: expected object, received string');
  });
});

describe('base64 and gzip', () => {
  it('refuses invalid base64 instead of decoding it to other bytes', () => {
    const error = catchParseError(() => parse(kinesisEvent('not*base64!'), KinesisEnvelope, z.unknown()));

    expect(error.path).toBe('Records[0].kinesis.data');
    expect(error.expected).toBe('base64');
  });

  it('refuses base64 with bad padding', () => {
    const act = () => parse(kinesisEvent('SGVsbG8='.slice(0, 7)), KinesisEnvelope, z.unknown());

    expect(act).toThrow(ParseError);
  });

  it('refuses a corrupt gzip payload with the zlib error as cause', () => {
    const data = Buffer.from('this is not gzip').toString('base64');

    const error = catchParseError(() => parse(cloudWatchEvent(data), CloudWatchEnvelope, z.unknown()));

    expect(error.path).toBe('awslogs.data');
    expect(error.expected).toBe('gzip data');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('refuses a truncated gzip payload', () => {
    const gz = gzipSync(JSON.stringify(loadFixture('cloudwatch-logs-decoded')));
    const data = gz.subarray(0, gz.length - 8).toString('base64');

    const act = () => parse(cloudWatchEvent(data), CloudWatchEnvelope, z.unknown());

    expect(act).toThrow(/expected gzip data/);
  });

  it('stops inflating a gzip payload at maxLength (a gzip bomb)', () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20)).toString('base64');

    const error = catchParseError(() =>
      parse(cloudWatchEvent(bomb), CloudWatchEnvelope, z.unknown(), { maxLength: 1024 * 1024 }),
    );

    expect(error.expected).toBe('gzip data inflating to at most 1048576 bytes');
  });
});

describe('limits', () => {
  it('refuses a body longer than maxLength', () => {
    const act = () =>
      parse(sqsEvent(JSON.stringify('x'.repeat(100))), SqsEnvelope, z.unknown(), { maxLength: 50 });

    expect(act).toThrow(
      'Invalid input at Records[0].body: expected at most 50 characters, received 102 characters',
    );
  });

  it('refuses JSON nested deeper than the default depth limit with a ParseError, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

    const error = catchParseError(() => parse(sqsEvent(deep), SqsEnvelope, z.unknown()));

    expect(error.expected).toBe(`JSON nested at most ${DEFAULT_MAX_DEPTH} levels deep`);
  });

  it('accepts JSON exactly as deep as maxDepth', () => {
    const body = `${'['.repeat(8)}${']'.repeat(8)}`;

    const [value] = parse(sqsEvent(body), SqsEnvelope, z.unknown(), { maxDepth: 8 });

    expect(JSON.stringify(value)).toBe(body);
  });

  it('does not count brackets inside strings as nesting', () => {
    const body = JSON.stringify({ text: '['.repeat(200) });

    expect(parse(sqsEvent(body), SqsEnvelope, z.object({ text: z.string() }))).toHaveLength(1);
  });

  it('refuses a maxDepth that is not a positive integer when called', () => {
    const act = () => parse(sqsEvent('{}'), SqsEnvelope, z.unknown(), { maxDepth: 0 });

    expect(act).toThrow(TypeError);
  });
});

describe('prototype pollution', () => {
  it('refuses a "__proto__" key by default', () => {
    const error = catchParseError(() =>
      parse(sqsEvent('{"a":{"__proto__":{"polluted":true}}}'), SqsEnvelope, z.unknown()),
    );

    expect(error.received).toBe('a "__proto__" key');
  });

  it('removes "__proto__" keys with protoAction: "remove" and keeps the rest', () => {
    const [value] = parse(sqsEvent('{"a":1,"__proto__":{"polluted":true}}'), SqsEnvelope, z.unknown(), {
      protoAction: 'remove',
    });

    expect(value).toEqual({ a: 1 });
    expect(Object.hasOwn(value as object, '__proto__')).toBe(false);
  });

  it('refuses a "constructor" key holding a "prototype"', () => {
    const act = () =>
      parse(sqsEvent('[{"constructor":{"prototype":{"polluted":true}}}]'), SqsEnvelope, z.unknown());

    expect(act).toThrow(/"constructor" key/);
  });

  it('accepts a "constructor" key that is plain data', () => {
    const [value] = parse(
      sqsEvent('{"constructor":"Bob"}'),
      SqsEnvelope,
      z.object({ constructor: z.string() }),
    );

    expect(value).toEqual({ constructor: 'Bob' });
  });

  it('never changes Object.prototype, whatever a passthrough schema does with the value', () => {
    const schema = z.looseObject({});

    safeParse(sqsEvent('{"__proto__":{"polluted":true}}'), SqsEnvelope, schema, { protoAction: 'remove' });

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
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
