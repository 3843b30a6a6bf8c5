import { redact } from '@lambkit/logger/redact';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, outsideInvocation } from '../test/test-helpers.js';
import { Logger, MAX_DEPTH } from './index.js';

/** Logs `value` under the key "value" and returns what the line holds there. */
async function logged(value: unknown, logger = new Logger()): Promise<unknown> {
  const { lines } = await captureLogs(() => logger.info('value', { value }));
  expect(lines).toHaveLength(1);
  return lines[0].value;
}

beforeEach(() => {
  outsideInvocation();
});

describe('serializing values', () => {
  it('writes BigInt as a string', async () => {
    expect(await logged({ id: 12345678901234567890n })).toEqual({ id: '12345678901234567890' });
  });

  it('writes a circular reference as "[Circular]" and keeps the rest', async () => {
    const order: Record<string, unknown> = { id: 'o-1' };
    order.self = order;
    order.items = [{ order }];

    expect(await logged(order)).toEqual({ id: 'o-1', self: '[Circular]', items: [{ order: '[Circular]' }] });
  });

  it('writes the same object twice when it is shared but not circular', async () => {
    const address = { city: 'Lyon' };

    expect(await logged({ billing: address, shipping: address, n: 1n })).toEqual({
      billing: { city: 'Lyon' },
      shipping: { city: 'Lyon' },
      n: '1',
    });
  });

  it('writes a Map as an object and a Set as an array', async () => {
    const value = {
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, new Set(['x'])],
      ]),
      set: new Set([1, 2]),
    };

    expect(await logged(value)).toEqual({ map: { a: 1, 2: ['x'] }, set: [1, 2] });
  });

  it('writes a Buffer as JSON.stringify does and a typed array as an array', async () => {
    const value = { buffer: Buffer.from([1, 2]), floats: new Float32Array([0.5, 1]) };

    expect(await logged(value)).toEqual({ buffer: { type: 'Buffer', data: [1, 2] }, floats: [0.5, 1] });
  });

  it('omits undefined members and functions, writes undefined in arrays as null', async () => {
    expect(await logged({ a: undefined, f: () => 1, list: [undefined, 1] })).toEqual({ list: [null, 1] });
  });

  it('writes symbols as their description', async () => {
    expect(await logged({ kind: Symbol('order'), key: Symbol.for('k') })).toEqual({
      kind: 'Symbol(order)',
      key: 'Symbol(k)',
    });
  });

  it('writes a getter that throws as text and keeps the other members', async () => {
    const value = {
      ok: 1,
      get broken(): never {
        throw new Error('not loaded');
      },
    };

    expect(await logged(value)).toEqual({ ok: 1, broken: '[Getter threw: Error: not loaded]' });
  });

  it('writes a toJSON that throws as text', async () => {
    const value = {
      when: {
        toJSON: (): never => {
          throw new Error('bad date');
        },
      },
      n: 1,
    };

    expect(await logged(value)).toEqual({ when: '[Unserializable: Error: bad date]', n: 1 });
  });

  it(`stops at ${MAX_DEPTH} levels, writing "[Object]" and "[Array]" below`, async () => {
    let deep: Record<string, unknown> = { leaf: true, list: [1] };
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { next: deep };

    let node = (await logged(deep)) as Record<string, unknown>;
    let depth = 1;
    while (typeof node.next === 'object') {
      node = node.next as Record<string, unknown>;
      depth++;
    }

    expect(depth).toBe(MAX_DEPTH - 1);
    expect(node.next).toBe('[Object]');
  });

  it('writes an Error with its cause chain, own properties and AggregateError errors', async () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const aggregate = new AggregateError(
      [new Error('first'), new TypeError('second', { cause })],
      'all failed',
    );

    const value = (await logged(aggregate)) as Record<string, any>;

    expect(value).toMatchObject({ name: 'AggregateError', message: 'all failed' });
    expect(value.errors.map((e: any) => e.message)).toEqual(['first', 'second']);
    expect(value.errors[1].cause).toMatchObject({
      name: 'Error',
      message: 'socket hang up',
      code: 'ECONNRESET',
    });
  });

  it('writes an Error whose cause is itself as "[Circular]"', async () => {
    const error = new Error('loop');
    error.cause = error;

    expect(await logged(error)).toMatchObject({ message: 'loop', cause: '[Circular]' });
  });

  it('writes a "__proto__" key as data, never as a prototype', async () => {
    const logger = new Logger({ redact: redact(['secret']) });

    const { lines } = await captureLogs(() => {
      logger.info('call', JSON.parse('{"__proto__": {"polluted": true}, "secret": "s"}'));
      logger.appendKeys(JSON.parse('{"__proto__": {"appended": true}}'));
      logger.info('appended');
    });

    expect(Object.getOwnPropertyDescriptor(lines[0], '__proto__')?.value).toEqual({ polluted: true });
    expect(lines[0].secret).toBe('[REDACTED]');
    expect(Object.getOwnPropertyDescriptor(lines[1], '__proto__')?.value).toEqual({ appended: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).appended).toBeUndefined();
  });

  it('passes every key through jsonReplacerFn, with JSON.stringify’s this and key', async () => {
    const seen: string[] = [];
    const logger = new Logger({
      jsonReplacerFn(key, value) {
        seen.push(key);
        return value instanceof Set ? `set of ${value.size}` : value;
      },
      persistentKeys: { tags: new Set(['a', 'b']) },
    });

    const { lines } = await captureLogs(() => logger.info('m', { ids: new Set([1]), n: 1 }));

    expect(lines[0]).toMatchObject({ tags: 'set of 2', ids: 'set of 1', n: 1 });
    expect(seen).toEqual(expect.arrayContaining(['tags', 'ids', 'n']));
  });

  it('writes the line even when jsonReplacerFn throws, marking the value it failed on', async () => {
    const logger = new Logger({
      jsonReplacerFn(key, value) {
        if (key === 'bad') throw new Error('replacer broke');
        return value;
      },
    });

    const { lines, error } = await captureLogs(() => {
      logger.appendKeys({ ok: 1, bad: 2 });
      logger.info('m', { bad: 3, fine: 4 });
    });

    expect(error).toBeUndefined();
    expect(lines[0]).toMatchObject({ ok: 1, bad: '[Unserializable: Error: replacer broke]', fine: 4 });
  });

  it('never throws and always writes one JSON line, whatever the value', async () => {
    const logger = new Logger();
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }),
        async (value) => {
          const { lines, error } = await captureLogs(() => logger.info('any', { value }, value));
          expect(error).toBeUndefined();
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatchObject({ message: 'any' });
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A BigInt beside `value` makes the line take the normalizing path instead of the native one. */
const VIA_NORMALIZE = { big: 1n };

describe('serializing values alike on the native and the normalizing path', () => {
  it('writes a Map and a Set inside an array', async () => {
    const value = [new Map([['a', 1]]), new Set([2]), [new Map([['b', 3]])]];

    expect(await logged(value)).toEqual([{ a: 1 }, [2], [{ b: 3 }]]);
  });

  it(`stops nested arrays at ${MAX_DEPTH} levels, writing "[Array]" below`, async () => {
    let deep: unknown = [1];
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];

    let node = (await logged(deep)) as unknown[];
    let depth = 1;
    while (Array.isArray(node[0])) {
      node = node[0];
      depth++;
    }

    expect(depth).toBe(MAX_DEPTH - 1);
    expect(node[0]).toBe('[Array]');
  });

  it(`writes "[Object]" for an object of plain values at level ${MAX_DEPTH}`, async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < MAX_DEPTH - 1; i++) deep = { next: deep };

    let node = (await logged(deep)) as Record<string, unknown>;
    let depth = 1;
    while (typeof node.next === 'object') {
      node = node.next as Record<string, unknown>;
      depth++;
    }

    expect(depth).toBe(MAX_DEPTH - 1);
    expect(node.next).toBe('[Object]');
  });

  it('writes what toJSON and a typed array give at the level of the value they replace', async () => {
    let deep: Record<string, unknown> = {
      json: { toJSON: () => ({ x: 1 }) },
      floats: new Float32Array([0.5]),
    };
    for (let i = 0; i < MAX_DEPTH - 3; i++) deep = { next: deep };

    let node = (await logged(deep)) as Record<string, unknown>;
    while (typeof node.next === 'object') node = node.next as Record<string, unknown>;

    expect(node).toEqual({ json: { x: 1 }, floats: [0.5] });
  });

  it('writes boxed primitives as JSON.stringify does, whatever is beside them', async () => {
    const boxed = { n: new Number(5), s: new String('ab'), b: new Boolean(false) };

    expect(await logged(boxed)).toEqual({ n: 5, s: 'ab', b: false });
    expect(await logged({ ...boxed, ...VIA_NORMALIZE })).toEqual({ n: 5, s: 'ab', b: false, big: '1' });
  });

  it('writes boxed primitives whose valueOf or toString is overridden as JSON.stringify does, whatever is beside them', async () => {
    const n = Object.assign(new Number(5), { valueOf: () => 7 });
    const s = Object.assign(new String('ab'), { toString: () => 'shown' });
    const b = Object.assign(new Boolean(false), { valueOf: () => true });
    const expected = JSON.parse(JSON.stringify({ n, s, b }));

    expect(expected).toEqual({ n: 7, s: 'shown', b: false });
    expect(await logged({ n, s, b })).toEqual(expected);
    expect(await logged({ n, s, b, ...VIA_NORMALIZE })).toEqual({ ...expected, big: '1' });
  });

  it('writes an Error with its own toJSON through it, as Powertools does, whatever is beside it', async () => {
    class PublicError extends Error {
      toJSON() {
        return { public: this.message };
      }
    }
    const error = new PublicError('card declined');

    expect(await logged({ error })).toEqual({ error: { public: 'card declined' } });
    expect(await logged({ error, ...VIA_NORMALIZE })).toEqual({
      error: { public: 'card declined' },
      big: '1',
    });
  });

  it('writes what a toJSON gives by the same rules, whatever is beside it', async () => {
    class Receipt {
      toJSON() {
        return {
          lines: new Map([['sku-1', 2]]),
          tags: new Set(['gift']),
          failure: new TypeError('declined'),
        };
      }
    }
    const plain = { toJSON: () => ({ total: 10n }) };
    const when = new Date(0);
    const expected = {
      receipt: {
        lines: { 'sku-1': 2 },
        tags: ['gift'],
        failure: expect.objectContaining({ name: 'TypeError', message: 'declined' }),
      },
      plain: { total: '10' },
      when: '1970-01-01T00:00:00.000Z',
    };

    expect(await logged({ receipt: new Receipt(), plain, when })).toEqual(expected);
    expect(await logged({ receipt: new Receipt(), plain, when, ...VIA_NORMALIZE })).toEqual({
      ...expected,
      big: '1',
    });
    expect(await logged([new Receipt()])).toEqual([expected.receipt]);
    const list = Object.assign([1], { toJSON: () => [new Set([2])] });
    expect(await logged({ list })).toEqual({ list: [[2]] });
  });

  it('omits functions on the normalizing path too, and writes them as null in arrays', async () => {
    expect(await logged({ f: () => 1, list: [() => 1], ...VIA_NORMALIZE })).toEqual({
      list: [null],
      big: '1',
    });
  });

  it('writes the keys of a call whose toJSON gives no object under "extra"', async () => {
    const logger = new Logger();

    const { lines } = await captureLogs(() => {
      logger.info('native', { toJSON: () => undefined });
      logger.info('normalized', { toJSON: () => undefined, ...VIA_NORMALIZE });
    });

    expect(lines.map((line) => [line.message, line.extra])).toEqual([
      ['native', null],
      ['normalized', null],
    ]);
  });

  it('writes the keys a call’s own toJSON gives by the same rules', async () => {
    const receipt = { toJSON: () => ({ lines: new Map([['sku-1', 2]]), tags: new Set(['gift']) }) };

    const { lines } = await captureLogs(() => new Logger().info('receipt', receipt));

    expect(lines[0]).toMatchObject({ message: 'receipt', lines: { 'sku-1': 2 }, tags: ['gift'] });
  });

  it('gives toJSON the key of an Error’s name, message and stack that are objects', async () => {
    const keyed = { toJSON: (key: string) => `key "${key}"` };
    const error = Object.assign(new Error(), { name: keyed });
    Object.defineProperty(error, 'message', { value: keyed });
    Object.defineProperty(error, 'stack', { value: keyed });

    expect(await logged({ error })).toEqual({
      error: { name: 'key "name"', location: '', message: 'key "message"', stack: 'key "stack"' },
    });
  });

  it('gives toJSON the key of its value, as JSON.stringify does', async () => {
    const keyed = { toJSON: (key: string) => `key "${key}"` };
    const logger = new Logger();

    const { lines } = await captureLogs(() => {
      logger.info('top', { toJSON: (key: string) => ({ key }), ...VIA_NORMALIZE });
      logger.info('nested', { order: keyed, ...VIA_NORMALIZE });
    });

    expect(lines[0].key).toBe('');
    expect(lines[1].order).toBe('key "order"');
  });

  it('writes a key of the call that refers to the call’s keys as "[Circular]", with redaction on', async () => {
    const keys: Record<string, unknown> = { orderId: 'o-1' };
    keys.self = keys;

    const { lines } = await captureLogs(() => new Logger({ redact: redact(['password']) }).info('m', keys));

    expect(lines[0]).toMatchObject({ orderId: 'o-1', self: '[Circular]' });
  });

  it('keeps an undefined value out of the line under redaction, in a Map too', async () => {
    const logger = new Logger({ redact: redact(['**.password']) });

    const { texts } = await captureLogs(() =>
      logger.info('m', { password: undefined, map: new Map([['password', undefined]]) }),
    );

    expect(texts[0]).not.toContain('password');
    expect(texts[0]).toContain('"map":{}');
  });

  it('writes a Map whose keys both read "__proto__" with the last value', async () => {
    const value = new Map<unknown, number>([
      ['__proto__', 1],
      [{ toString: () => '__proto__' }, 2],
    ]);

    const { texts } = await captureLogs(() => new Logger().info('m', { value }));

    expect(texts[0]).toContain('"value":{"__proto__":2}');
  });

  it('writes an Error’s own errors member whatever its type, as Powertools does', async () => {
    const error = Object.assign(new Error('validation failed'), { errors: 'name is required' });

    expect(await logged(error)).toMatchObject({ message: 'validation failed', errors: 'name is required' });
  });
});

describe('the location of an Error', () => {
  it('skips a frame whose last parentheses are not a file position, as Powertools does', async () => {
    const error = new Error('x');
    error.stack = [
      'Error: x',
      '    at eval (eval at run (/var/task/a.js:3:9), <anonymous>:1:1)',
      '    at run (/var/task/b.js:72:15)',
    ].join('\n');

    expect(await logged(error)).toMatchObject({ location: '/var/task/b.js:72' });
  });
});

describe('what a getter throws', () => {
  it('writes a thrown value that is not an Error as its text', async () => {
    const value = {
      get a(): never {
        throw 'boom';
      },
    };

    expect(await logged(value)).toEqual({ a: '[Getter threw: boom]' });
  });

  it('writes a thrown Error as its name and message, whatever its toString says', async () => {
    const thrown = Object.assign(new Error('bad'), { toString: () => 'custom text' });
    const value = {
      get a(): never {
        throw thrown;
      },
    };

    expect(await logged(value)).toEqual({ a: '[Getter threw: Error: bad]' });
  });
});

describe('jsonReplacerFn, as JSON.stringify applies a replacer', () => {
  /** What JSON.stringify writes for `{ value }` with `replacer`, parsed: the reference. */
  function stringified(value: unknown, replacer: (key: string, value: unknown) => unknown): unknown {
    return JSON.parse(JSON.stringify({ value }, replacer)).value;
  }

  it('calls toJSON first and gives the replacer its result; null and undefined members pass as they are', async () => {
    const replacer = (_key: string, value: unknown) => (value instanceof Date ? 'a Date object' : value);
    const value = { when: new Date(0), none: null, gone: undefined, list: [null, undefined] };

    expect(await logged(value, new Logger({ jsonReplacerFn: replacer }))).toEqual(
      stringified(value, replacer),
    );
    expect(stringified(value, replacer)).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      none: null,
      list: [null, null],
    });
  });

  it('writes what the replacer returns without calling its toJSON', async () => {
    const replacer = (key: string, value: unknown) => (key === 'when' ? new Date(0) : value);
    const value = { when: 1 };

    expect(await logged(value, new Logger({ jsonReplacerFn: replacer }))).toEqual(
      stringified(value, replacer),
    );
    expect(stringified(value, replacer)).toEqual({ when: {} });
  });

  it('is called once per member of an Error, a Set and an array, with their keys', async () => {
    const keys: string[] = [];
    const logger = new Logger({
      jsonReplacerFn(key, value) {
        keys.push(key);
        return value;
      },
    });
    const error = new Error();
    error.message = 'declined';
    Object.defineProperty(error, 'stack', {
      value: 'Error: declined\n    at pay (/var/task/pay.js:4:2)',
      enumerable: true,
    });
    Object.assign(error, { name: 'PaymentError', cause: 'limit', errors: ['e1'], code: 'E42' });

    const { lines } = await captureLogs(() =>
      logger.info('m', { plain: new Error('p'), tags: new Set(['a', 'b']), error }),
    );

    expect(keys).toEqual(['plain', 'tags', '0', '1', 'error', 'cause', 'errors', '0', 'code']);
    expect(lines[0].error).toMatchObject({
      name: 'PaymentError',
      location: '/var/task/pay.js:4',
      message: 'declined',
      cause: 'limit',
      errors: ['e1'],
      code: 'E42',
    });
  });
});
