import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AttributeValue, fromAttributeValue, toAttributeValue } from './attribute-value.js';

// util-dynamodb refuses integers past Number.MAX_SAFE_INTEGER (it asks for NumberValue); lambkit
// stores them, as a number in JSON would be, so the comparison leaves them out.
function isSafe(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(value) || Number.isSafeInteger(value);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isSafe);
  return true;
}

// JSON values DynamoDB can hold: finite numbers, strings, booleans, null, arrays and objects.
const json = fc.jsonValue().filter(isSafe);

describe('attribute values of stored responses', () => {
  it("marshals JSON values as @aws-sdk/util-dynamodb's marshall does", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(toAttributeValue(value)).toEqual(marshall({ v: value }).v);
      }),
    );
  });

  it("unmarshals what util-dynamodb's marshall wrote back to the same value", () => {
    fc.assert(
      fc.property(json, (value) => {
        const attribute = marshall({ v: value }).v as AttributeValue;
        expect(fromAttributeValue(attribute)).toEqual(unmarshall({ v: attribute } as never).v);
      }),
    );
  });

  it('keeps a value as JSON keeps it: toJSON called, undefined dropped from objects and null in arrays', () => {
    const date = new Date('2026-01-02T03:04:05.000Z');

    const attribute = toAttributeValue({ at: date, gone: undefined, list: [undefined, 1] });

    expect(fromAttributeValue(attribute)).toEqual(
      JSON.parse(JSON.stringify({ at: date, gone: undefined, list: [undefined, 1] })),
    );
  });

  it('refuses a number DynamoDB cannot hold', () => {
    expect(() => toAttributeValue({ total: Number.POSITIVE_INFINITY })).toThrow(
      'Infinity cannot be stored in DynamoDB',
    );
  });

  it('stores a bigint as a number, and what JSON drops as NULL', () => {
    expect(toAttributeValue(12345678901234567890n)).toEqual({ N: '12345678901234567890' });
    expect(toAttributeValue(undefined)).toEqual({ NULL: true });
    expect(toAttributeValue(() => 1)).toEqual({ NULL: true });
    expect(toAttributeValue([Symbol('s')])).toEqual({ L: [{ NULL: true }] });
  });

  it('stores bytes as binary', () => {
    const bytes = new Uint8Array([1, 2]);

    expect(toAttributeValue({ raw: bytes })).toEqual({ M: { raw: { B: bytes } } });
  });

  it('reads binary and sets as util-dynamodb does', () => {
    const bytes = new Uint8Array([1, 2]);
    const item = {
      b: { B: bytes },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2.5'] },
      bs: { BS: [bytes] },
    } as const;

    const read = fromAttributeValue({ M: item as never });

    expect(read).toEqual(unmarshall(item as never));
    expect(read).toEqual({ b: bytes, ss: new Set(['a', 'b']), ns: new Set([1, 2.5]), bs: new Set([bytes]) });
  });

  it('refuses an attribute type it does not know, naming it', () => {
    expect(() => fromAttributeValue({ X: 1 } as never)).toThrow('unknown attribute type X');
    expect(() => fromAttributeValue({} as never)).toThrow('unknown attribute type (none)');
  });
});
