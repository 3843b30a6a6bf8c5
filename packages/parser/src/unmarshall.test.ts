import { marshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { ParseError, unmarshall, unmarshallValue } from '@lambkit/parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('unmarshall', () => {
  it('converts every scalar AttributeValue type to its plain JavaScript value', () => {
    const image = {
      id: { S: 'order-1' },
      total: { N: '42.5' },
      paid: { BOOL: true },
      note: { NULL: true },
    };

    const result = unmarshall(image);

    expect(result).toEqual({ id: 'order-1', total: 42.5, paid: true, note: null });
  });

  it('decodes a base64 B value from a stream record into a Uint8Array', () => {
    const image = { blob: { B: Buffer.from('hello').toString('base64') } };

    const result = unmarshall(image);

    expect(result.blob).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(result.blob as Uint8Array).toString()).toBe('hello');
  });

  it('keeps a B value that is already a Uint8Array', () => {
    const bytes = new Uint8Array([1, 2, 3]);

    const result = unmarshall({ blob: { B: bytes } });

    expect(result.blob).toBe(bytes);
  });

  it('turns SS, NS and BS into Sets', () => {
    const image = {
      tags: { SS: ['a', 'b'] },
      sizes: { NS: ['1', '2.5'] },
      blobs: { BS: [Buffer.from('x').toString('base64')] },
    };

    const result = unmarshall(image);

    expect(result.tags).toEqual(new Set(['a', 'b']));
    expect(result.sizes).toEqual(new Set([1, 2.5]));
    expect([...(result.blobs as Set<Uint8Array>)].map((b) => Buffer.from(b).toString())).toEqual(['x']);
  });

  it('converts nested lists and maps', () => {
    const image = {
      items: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }, { L: [{ S: 'x' }] }] },
    };

    const result = unmarshall(image);

    expect(result).toEqual({ items: [{ sku: 'A-1', qty: 2 }, ['x']] });
  });

  it('returns a BigInt for an integer beyond Number.MAX_SAFE_INTEGER by default', () => {
    const result = unmarshall({ big: { N: '9007199254740993' } });

    expect(result.big).toBe(9007199254740993n);
  });

  it('returns the exact digits of a large number with largeNumbers: "string"', () => {
    const result = unmarshall({ big: { N: '123456789012345678901.5' } }, { largeNumbers: 'string' });

    expect(result.big).toBe('123456789012345678901.5');
  });

  it('passes every number through wrapNumbers when given', () => {
    const result = unmarshall({ n: { N: '1.10' } }, { wrapNumbers: (text) => `#${text}` });

    expect(result.n).toBe('#1.10');
  });

  it('refuses a large decimal that no BigInt can hold, naming the attribute', () => {
    const act = () => unmarshall({ price: { N: '123456789012345678901.5' } });

    expect(act).toThrow(ParseError);
    expect(act).toThrow(/at price: expected integer beyond safe range/);
  });

  it('names the nested path of a malformed attribute', () => {
    const image = { items: { L: [{ M: { qty: { N: 'two' } } }] } };

    const error = catchError(() => unmarshall(image));

    expect(error.path).toBe('items[0].qty');
    expect(error.expected).toBe('N holding a decimal number');
    expect(error.received).toBe('non-numeric string');
  });

  it('refuses an unknown type key', () => {
    const error = catchError(() => unmarshall({ x: { Z: 'nope' } }));

    expect(error.path).toBe('x');
    expect(error.received).toBe('unknown type key');
  });

  it('refuses a value of the wrong JavaScript type and names both types', () => {
    const error = catchError(() => unmarshall({ flag: { BOOL: 'yes' } }));

    expect(error.expected).toBe('BOOL holding boolean');
    expect(error.received).toBe('string');
  });

  it('refuses invalid base64 in B', () => {
    const error = catchError(() => unmarshall({ blob: { B: 'not base64!' } }));

    expect(error.path).toBe('blob');
    expect(error.expected).toBe('base64');
  });

  it('refuses nesting deeper than the limit with a ParseError rather than a stack overflow', () => {
    let value: unknown = { S: 'leaf' };
    for (let i = 0; i < 10_000; i++) value = { L: [value] };

    const act = () => unmarshall({ deep: value as never });

    expect(act).toThrow(/nesting of at most 64 levels/);
  });

  it('keeps an attribute named __proto__ as data without changing the prototype', () => {
    const image = JSON.parse('{"__proto__": {"M": {"polluted": {"BOOL": true}}}}');

    const result = unmarshall(image);

    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an image that is not an object', () => {
    const act = () => unmarshall(null as never);

    expect(act).toThrow(/expected AttributeValue map, received null/);
  });

  it('converts a single AttributeValue with unmarshallValue', () => {
    const result = unmarshallValue({ L: [{ S: 'a' }, { BOOL: false }] });

    expect(result).toEqual(['a', false]);
  });

  it('agrees with @aws-sdk/util-dynamodb on any marshalled object', () => {
    const attribute = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.maxSafeInteger(),
        fc.double({ noNaN: true, min: -1e15, max: 1e15 }),
        fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }),
        fc.boolean(),
        fc.constant(null),
        fc.uint8Array({ minLength: 1 }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    }));
    const item = fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      attribute.value,
      { maxKeys: 6 },
    );

    fc.assert(
      fc.property(item, (value) => {
        const image = marshall(value, { convertEmptyValues: false, removeUndefinedValues: true });

        expect(unmarshall(image as never)).toEqual(sdkUnmarshall(image));
      }),
    );
  });
});

function catchError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}
