import {
  DynamoDBStreamEnvelope,
  EventBridgeEnvelope,
  ParseError,
  parse,
  SqsEnvelope,
  safeParse,
} from '@lambkit/parser';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from './__fixtures__/load.js';

const order = z.object({ orderId: z.string(), total: z.number() });

function sqsEvent(bodies: string[]) {
  const event = loadFixture('sqs');
  const template = event.Records[0];
  event.Records = bodies.map((body, i) => ({ ...template, messageId: `m-${i}`, body }));
  return event;
}

describe('parse', () => {
  it('validates the whole event with the schema when no envelope is given', () => {
    const schema = z.object({ Records: z.array(z.object({ messageId: z.string() })) });

    const event = parse(loadFixture('sqs'), undefined, schema);

    expect(event.Records.map((record) => record.messageId)).toEqual([
      '059f36b4-87a3-44ab-83d2-661975830a7d',
      '2e1424d4-f796-459a-8184-9c92662be6da',
    ]);
  });

  it('returns what the schema outputs, transforms included', () => {
    const schema = order.transform((o) => o.total * 2);

    expect(parse(sqsEvent(['{"orderId":"a","total":2}']), SqsEnvelope, schema)).toEqual([4]);
  });

  it('names the path, record, expected and received types of the first bad field', () => {
    const event = sqsEvent(['{"orderId":"a","total":1}', '{"orderId":"b","total":"12"}']);

    const error = catchParseError(() => parse(event, SqsEnvelope, order));

    expect(error.message).toBe(
      'Invalid input at Records[1].body.total: expected number, received string (record 1)',
    );
    expect(error.path).toBe('Records[1].body.total');
    expect(error.recordIndex).toBe(1);
    expect(error.expected).toBe('number');
    expect(error.received).toBe('string');
  });

  it('never puts the event or the bad value in the error', () => {
    const event = sqsEvent(['{"orderId":"a","total":"s3cr3t-value"}']);

    const error = catchParseError(() => parse(event, SqsEnvelope, order));

    const serialized = JSON.stringify({ ...error, message: error.message, issues: error.issues });
    expect(serialized).not.toContain('s3cr3t-value');
    expect(serialized).not.toContain('receiptHandle');
  });

  it('keeps Valibot issue messages, which quote the value, out of the error', () => {
    const event = sqsEvent(['{"orderId":"a","total":"s3cr3t-value"}']);
    const schema = v.object({ orderId: v.string(), total: v.number() });

    const error = catchParseError(() => parse(event, SqsEnvelope, schema));

    expect(error.message).toBe(
      'Invalid input at Records[0].body.total: expected number, received string (record 0)',
    );
    expect(JSON.stringify(error.issues)).not.toContain('s3cr3t-value');
  });

  it('describes a failed rule in the schema own words when it is not a type mismatch', () => {
    const event = sqsEvent(['{"orderId":"a","total":-1}']);

    const error = catchParseError(() =>
      parse(event, SqsEnvelope, order.extend({ total: z.number().min(0) })),
    );

    expect(error.message).toBe(
      'Invalid input at Records[0].body.total: Too small: expected number to be >=0 (received number) (record 0)',
    );
  });

  it('turns a schema that validates asynchronously into a ParseError saying so', () => {
    const schema = z.string().refine(async () => true);

    const act = () => parse('x', undefined, schema);

    expect(act).toThrow(/the schema returned a promise/);
  });

  it('turns an exception thrown by a schema transform into a ParseError with it as the cause', () => {
    const boom = new Error('boom');
    const schema = v.pipe(
      v.string(),
      v.transform(() => {
        throw boom;
      }),
    );

    const error = catchParseError(() => parse(sqsEvent(['"x"']), SqsEnvelope, schema));

    expect(error.path).toBe('Records[0].body');
    expect(error.cause).toBe(boom);
  });

  it('returns the safeParse result when the fourth argument is true, as Powertools does', () => {
    const result = parse(sqsEvent(['{"orderId":"a","total":1}']), SqsEnvelope, order, true);

    expect(result).toEqual({ success: true, data: [{ orderId: 'a', total: 1 }] });
  });

  it.each([
    ['payload', { payload: 'xml' }, "parser: payload must be 'json', 'text' or 'bytes', got xml"],
    ['protoAction', { protoAction: 'ignore' }, "parser: protoAction must be 'error' or 'remove', got ignore"],
    ['maxLength', { maxLength: 1.5 }, 'parser: maxLength must be a non-negative integer, got 1.5'],
  ])(
    'refuses a %s option it does not know, naming the field, the value and the rule',
    (_name, options, message) => {
      const act = () => parse(sqsEvent(['{}']), SqsEnvelope, z.unknown(), options as never);

      expect(act).toThrow(new TypeError(message));
    },
  );

  it('refuses something that is not a Standard Schema when called', () => {
    const act = () => parse({}, undefined, { parse: () => 1 } as never);

    expect(act).toThrow(TypeError);
  });
});

describe('parse types', () => {
  type Order = { orderId: string; total: number };

  it('types the output from the schema and the envelope kind', () => {
    const event: unknown = {};

    const typed = () => ({
      records: parse(event, SqsEnvelope, order),
      detail: parse(event, EventBridgeEnvelope, order),
      whole: parse(event, undefined, order),
      images: parse(event, DynamoDBStreamEnvelope, order),
      safe: safeParse(event, SqsEnvelope, order),
    });

    expectTypeOf(typed).returns.toEqualTypeOf<{
      records: Order[];
      detail: Order;
      whole: Order;
      images: { NewImage?: Order; OldImage?: Order }[];
      safe: { success: true; data: Order[] } | { success: false; error: ParseError; originalEvent?: unknown };
    }>();
  });
});

describe('safeParse', () => {
  it('returns the data on success', () => {
    const result = safeParse(sqsEvent(['{"orderId":"a","total":1}']), SqsEnvelope, order);

    expect(result).toEqual({ success: true, data: [{ orderId: 'a', total: 1 }] });
  });

  it('checks every record and lists the issues of all bad ones', () => {
    const event = sqsEvent(['{"orderId":1,"total":1}', '{"orderId":"b","total":2}', 'not json']);

    const result = safeParse(event, SqsEnvelope, order);

    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.recordIndex).toBe(0);
    expect(result.error.issues.map((issue) => issue.path)).toEqual([
      ['Records', 0, 'body', 'orderId'],
      ['Records', 2, 'body'],
    ]);
    expect(result.originalEvent).toBe(event);
  });

  it('reports a bad envelope as a failure rather than throwing', () => {
    const result = safeParse({ Records: 'nope' }, SqsEnvelope, order);

    expect(result).toMatchObject({
      success: false,
      error: { path: 'Records', expected: 'array', received: 'string' },
    });
  });

  it('validates the whole event when no envelope is given', () => {
    const result = safeParse({ a: 1 }, undefined, z.object({ a: z.string() }));

    expect(result).toMatchObject({
      success: false,
      error: { path: 'a', expected: 'string', received: 'number' },
    });
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
