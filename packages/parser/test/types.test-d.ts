// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import {
  type ParsedResult,
  type ParseError,
  parse,
  parser,
  type SchemaOutput,
  SqsEnvelope,
  safeParse,
} from '@lambkit/parser';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const order = z.object({ id: z.string(), quantity: z.number() });
type Order = z.infer<typeof order>;

describe('parse', () => {
  it('infers the schema output without an envelope', () => {
    expectTypeOf(parse({}, undefined, order)).toEqualTypeOf<Order>();
  });

  it('infers an array of outputs through an array envelope', () => {
    expectTypeOf(parse({}, SqsEnvelope, order)).toEqualTypeOf<Order[]>();
  });

  it('returns a discriminated result when asked to parse safely', () => {
    const result = parse({}, undefined, order, true);
    expectTypeOf(result).toEqualTypeOf<ParsedResult<unknown, Order>>();
    if (result.success) expectTypeOf(result.data).toEqualTypeOf<Order>();
    else expectTypeOf(result.error).toEqualTypeOf<ParseError>();
  });
});

describe('safeParse', () => {
  it('never throws a type at the caller: success or error', () => {
    expectTypeOf(safeParse({}, SqsEnvelope, order)).toEqualTypeOf<ParsedResult<unknown, Order[]>>();
  });
});

describe('SchemaOutput', () => {
  it('is the Standard Schema output type', () => {
    expectTypeOf<SchemaOutput<typeof order>>().toEqualTypeOf<Order>();
  });
});

describe('parser middleware', () => {
  it('takes only a schema and its options', () => {
    expectTypeOf(parser).parameter(0).toHaveProperty('schema');
    // @ts-expect-error the schema is required
    parser({});
  });
});
