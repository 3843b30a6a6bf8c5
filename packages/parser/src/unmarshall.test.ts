import { marshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { MAX_UNMARSHALL_DEPTH, ParseError, unmarshall, unmarshallValue } from '@lambkit/parser';
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
    expect(act).toThrow(
      'Invalid input at price: expected integer beyond safe range convertible to BigInt (or largeNumbers: "string"), received large decimal number',
    );
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
    expect(error.expected).toBe('AttributeValue type S, N, B, SS, NS, BS, M, L, NULL or BOOL');
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

  it.each([
    ['lists', (inner: unknown) => ({ L: [inner] })],
    ['maps', (inner: unknown) => ({ M: { next: inner } })],
  ])('accepts %s nested to the depth limit and refuses one level more', (_kind, wrap) => {
    const nest = (levels: number) => {
      let value: unknown = { S: 'leaf' };
      for (let i = 0; i < levels; i++) value = wrap(value);
      return value;
    };

    // The image's own attributes are level 1, so MAX_UNMARSHALL_DEPTH - 1 wrappers reach the limit.
    expect(() => unmarshall({ deep: nest(MAX_UNMARSHALL_DEPTH - 1) as never })).not.toThrow();
    expect(() => unmarshall({ deep: nest(MAX_UNMARSHALL_DEPTH) as never })).toThrow(
      'expected nesting of at most 64 levels, received deeper nesting',
    );
    expect(() => unmarshallValue(nest(MAX_UNMARSHALL_DEPTH))).not.toThrow();
    expect(() => unmarshallValue(nest(MAX_UNMARSHALL_DEPTH + 1))).toThrow('deeper nesting');
  });

  it('names the value itself when unmarshallValue is given a malformed one', () => {
    expect(() => unmarshallValue({ N: 'two' })).toThrow(
      'Invalid input at the event: expected N holding a decimal number, received non-numeric string',
    );
  });

  it('skips type keys whose value is undefined, as objects built in code may have them', () => {
    expect(unmarshall({ total: { S: undefined, N: '5' } as never })).toEqual({ total: 5 });
  });

  it('refuses an AttributeValue without a type key', () => {
    const error = catchError(() => unmarshall({ total: {} as never }));

    expect(error.message).toBe(
      'Invalid input at total: expected AttributeValue with one type key, received empty object',
    );
  });

  it.each([
    ['S', { S: 1 }, 'S holding string, received number'],
    ['N', { N: 1 }, 'N holding string, received number'],
    ['L', { L: {} }, 'L holding array, received object'],
    ['M', { M: [] }, 'M holding object, received array'],
    ['M', { M: null }, 'M holding object, received null'],
    ['SS', { SS: 'a' }, 'SS holding array, received string'],
    ['NS', { NS: 'a' }, 'NS holding array, received string'],
    ['BS', { BS: 'a' }, 'BS holding array, received string'],
    ['B', { B: 1 }, 'base64 string, received number'],
  ])('refuses %s holding the wrong type, naming both', (_type, value, problem) => {
    expect(() => unmarshall({ x: value as never })).toThrow(`Invalid input at x: expected ${problem}`);
  });

  it.each([
    ['a Set of strings', { SS: ['a', 1] }, 'x[1]: expected SS holding string, received number'],
    ['a Set of numbers', { NS: ['1', 2] }, 'x[1]: expected NS holding string, received number'],
    ['a Set of numbers', { NS: ['1', 'two'] }, 'x[1]: expected N holding a decimal number'],
    ['a Set of binaries', { BS: ['eA==', '*'] }, 'x[1]: expected base64'],
    ['a list', { L: [{ S: 'a' }, { N: 'two' }] }, 'x[1]: expected N holding a decimal number'],
  ])('names the item of %s that is malformed', (_what, value, problem) => {
    expect(() => unmarshall({ x: value as never })).toThrow(`Invalid input at ${problem}`);
  });

  it('names an attribute that follows a nested one by its own path', () => {
    const image = { a: { M: { b: { L: [{ S: 'x' }] } } }, c: { N: 'bad' } };

    expect(catchError(() => unmarshall(image as never)).path).toBe('c');
  });

  it('gives null for NULL whatever it holds', () => {
    expect(unmarshall({ gone: { NULL: false } as never })).toEqual({ gone: null });
  });

  it('ignores attributes an image inherits rather than owns', () => {
    const image = Object.assign(Object.create({ inherited: { S: 'no' } }), { own: { S: 'yes' } });

    expect(unmarshall(image)).toEqual({ own: 'yes' });
  });

  it.each([
    ['', 'an empty string'],
    ['  ', 'blank text'],
  ])('refuses N holding %j (%s), which Number() would read as 0', (text) => {
    expect(() => unmarshall({ n: { N: text } })).toThrow('expected N holding a decimal number');
  });

  it('keeps the safe integers at both ends as numbers and goes to BigInt one past them', () => {
    const image = {
      max: { N: '9007199254740991' },
      min: { N: '-9007199254740991' },
      above: { N: '9007199254740992' },
      below: { N: '-9007199254740992' },
    };

    expect(unmarshall(image)).toEqual({
      max: Number.MAX_SAFE_INTEGER,
      min: Number.MIN_SAFE_INTEGER,
      above: 9007199254740992n,
      below: -9007199254740992n,
    });
  });

  it('gives Infinity for a number beyond a double, as @aws-sdk/util-dynamodb does', () => {
    const image = { big: { N: '1e400' }, small: { N: '-1e400' } };

    expect(unmarshall(image)).toEqual(sdkUnmarshall(image));
    expect(unmarshall(image)).toEqual({ big: Infinity, small: -Infinity });
  });

  it('keeps an attribute named __proto__ as an ordinary property', () => {
    const result = unmarshall(JSON.parse('{"__proto__": {"S": "x"}}'));

    expect(Object.getOwnPropertyDescriptor(result, '__proto__')).toEqual({
      value: 'x',
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it("gives B as a Uint8Array of its own, not a slice of Node's shared Buffer pool", () => {
    const result = unmarshall({ blob: { B: 'aGVsbG8=' } });
    const blob = result.blob as Uint8Array;

    expect(Buffer.isBuffer(blob)).toBe(false);
    expect(blob.byteOffset).toBe(0);
    expect(blob.buffer.byteLength).toBe(5);
  });

  it.each([
    ['an array', [], 'array'],
    ['bytes', new Uint8Array([1]), 'Uint8Array'],
  ])('refuses an image that is %s', (_what, image, type) => {
    expect(() => unmarshall(image as never)).toThrow(`expected AttributeValue map, received ${type}`);
  });

  it('refuses an attribute that is a plain string rather than an AttributeValue', () => {
    expect(() => unmarshall({ x: 'abc' as never })).toThrow(
      'Invalid input at x: expected AttributeValue, received string',
    );
    expect(() => unmarshall('abc' as never)).toThrow('expected AttributeValue map, received string');
  });

  it('refuses an attribute that is bytes rather than an AttributeValue', () => {
    expect(() => unmarshall({ x: new Uint8Array([1]) as never })).toThrow(
      'Invalid input at x: expected AttributeValue, received Uint8Array',
    );
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
