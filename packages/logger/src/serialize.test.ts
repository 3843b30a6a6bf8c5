import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { Logger, MAX_DEPTH } from './index.js';
import { captureLogs, outsideInvocation } from './test-helpers.js';

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
    const logger = new Logger({ redact: ['secret'] });

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
