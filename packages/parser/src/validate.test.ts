import { ParseError, parse, safeParse } from '@lambkit/parser';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';

describe('the type a schema expected', () => {
  it.each<[string, StandardSchemaV1, unknown, string]>([
    ['string', z.string(), 1, 'number'],
    ['number', z.number(), 'x', 'string'],
    ['boolean', z.boolean(), 'x', 'string'],
    ['bigint', z.bigint(), 1, 'number'],
    ['symbol', z.symbol(), 'x', 'string'],
    ['undefined', z.undefined(), null, 'null'],
    ['null', z.null(), 'x', 'string'],
    ['object', z.object({}), [], 'array'],
    ['array', z.array(z.unknown()), {}, 'object'],
    ['date', z.date(), 'x', 'string'],
    ['int', z.int(), 1.5, 'number'],
    ['function', z.function(), 'x', 'string'],
    ['map', z.map(z.string(), z.unknown()), {}, 'object'],
    ['set', z.set(z.unknown()), [], 'array'],
    ['never', z.never(), 'x', 'string'],
    ['Array', v.array(v.unknown()), {}, 'object'],
    ['Object', v.object({}), 'x', 'string'],
    ['Date', v.date(), 1, 'number'],
    ['integer', z3.number().int(), 1.5, 'number'],
  ])('is reported as the expected type: %s', (expected, schema, input, received) => {
    const error = catchParseError(() => parse(input, undefined, schema));

    expect(error.expected).toBe(expected);
    expect(error.message).toBe(`Invalid input at the event: expected ${expected}, received ${received}`);
  });

  it('is "a value" for a key Valibot found missing', () => {
    const act = () => parse({}, undefined, v.object({ total: v.number() }));

    expect(act).toThrow('Invalid input at total: expected a value, received undefined');
  });

  it('is the rule in Valibot words for a check that names no type', () => {
    const schema = v.pipe(
      v.string(),
      v.check(() => false),
    );

    const error = catchParseError(() => parse('secret', undefined, schema));

    expect(error.expected).toBeUndefined();
    expect(error.message).toBe('Invalid input at the event: failed the check check (received string)');
  });

  it('is what Valibot declares when it is a literal rather than a type', () => {
    const act = () => parse('b', undefined, v.literal('a'));

    expect(act).toThrow('Invalid input at the event: expected "a" (received string)');
  });

  it('is the rule Valibot declares when it is not a type', () => {
    const error = catchParseError(() => parse(1.5, undefined, v.pipe(v.number(), v.integer())));

    expect(error.message).toBe('Invalid input at the event: failed the integer check (received number)');
  });
});

describe('the type a value had', () => {
  it('is read inside a Map', () => {
    const schema = z.map(z.string(), z.number());

    const error = catchParseError(() => parse(new Map([['a', 'x']]), undefined, schema));

    expect(error.message).toBe('Invalid input at a: expected number, received string');
  });

  it('is undefined for a missing key named like an Object method, not the inherited method', () => {
    const act = () => parse({}, undefined, z.object({ toString: z.string() }));

    expect(act).toThrow('Invalid input at toString: expected string, received undefined');
  });

  it('is taken from a type the message names when the path leads into a value the schema made', () => {
    const schema = z
      .string()
      .transform((text) => JSON.parse(text))
      .pipe(z.object({ total: z.number() }));

    const error = catchParseError(() => parse('{"total":"s3cr3t"}', undefined, schema));

    expect(error.message).toBe('Invalid input at total: expected number, received string');
  });

  it('is taken from the message when the path leads through null in the input', () => {
    const schema = z.object({ a: z.preprocess(() => ({ b: 1 }), z.object({ b: z.string() })) });

    const error = catchParseError(() => parse({ a: null }, undefined, schema));

    expect(error.message).toBe('Invalid input at a.b: expected string, received number');
  });

  it('is left out when the message names something other than a type', () => {
    const schema = z
      .string()
      .transform((text) => JSON.parse(text))
      .pipe(z.object({ total: z.number({ error: 'received s3cr3t' }) }));

    const error = catchParseError(() => parse('{"total":"x"}', undefined, schema));

    expect(error.message).toBe('Invalid input at total: expected number');
    expect(error.issues).toEqual([{ message: 'expected number', path: ['total'] }]);
  });

  it('is left out for a Valibot message, which quotes the value', () => {
    const schema = v.pipe(v.string(), v.parseJson(), v.object({ total: v.number() }));

    const error = catchParseError(() => parse('{"total":"s3cr3t"}', undefined, schema));

    expect(error.message).toBe('Invalid input at total: expected number');
  });
});

describe('issue paths', () => {
  it('keep array indexes as numbers, for Valibot as for Zod', () => {
    const event = { items: [1, 'two'] };

    const valibot = catchParseError(() => parse(event, undefined, v.object({ items: v.array(v.number()) })));
    const zod = catchParseError(() => parse(event, undefined, z.object({ items: z.array(z.number()) })));

    expect(valibot.pathSegments).toEqual(['items', 1]);
    expect(zod.pathSegments).toEqual(['items', 1]);
    expect(valibot.path).toBe('items[1]');
  });

  it('name a symbol key by its description', () => {
    const schema: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'custom',
        validate: () => ({ issues: [{ message: 'bad', path: [Symbol('meta'), { key: 2 }] }] }),
      },
    };

    const error = catchParseError(() => parse({}, undefined, schema));

    expect(error.pathSegments).toEqual(['Symbol(meta)', 2]);
    expect(error.path).toBe('["Symbol(meta)"][2]');
  });

  it('list every issue of one value with its message and path', () => {
    const schema = z.object({ a: z.string(), b: z.number() });

    const result = safeParse({ a: 1, b: 'x' }, undefined, schema);

    expect(!result.success && result.error.issues).toEqual([
      { message: 'expected string, received number', path: ['a'] },
      { message: 'expected number, received string', path: ['b'] },
    ]);
  });
});

describe('something that is not a schema', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['object', { parse: () => 1 }],
  ])('is refused when it is %s, naming what it got', (type, schema) => {
    expect(() => parse({}, undefined, schema as never)).toThrow(
      new TypeError(`parser: schema must be a Standard Schema (Zod, Valibot, ArkType, ...), got ${type}`),
    );
  });
});

describe('a schema that breaks the Standard Schema rules', () => {
  it('is named when it reports a failure without any issue', () => {
    const schema: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'custom', validate: () => ({ issues: [] }) },
    };

    const error = catchParseError(() => parse({}, undefined, schema));

    expect(error.reason).toBe('the schema or a decoder threw');
    expect(error.cause).toEqual(new TypeError('the schema reported a failure without any issue'));
  });
});

describe('a schema that validates asynchronously', () => {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', record);
    seen.length = 0;
  });

  it('leaves no unhandled rejection behind when its promise rejects', async () => {
    process.on('unhandledRejection', record);
    const schema: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'test', validate: () => Promise.reject(new Error('late')) },
    };

    expect(() => parse('x', undefined, schema)).toThrow(/the schema returned a promise/);
    await new Promise((resolve) => setImmediate(resolve));

    expect(seen).toEqual([]);
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
