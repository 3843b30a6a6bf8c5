import { createHash } from 'node:crypto';
import { captureOutput, createContext } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MapStore } from '../../test/persistence/test-map-store.js';
import { keyOf } from '../../test/test-dynalite.js';
import {
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyKeyError,
  IdempotencyRecordStatus,
  IdempotencyValidationError,
  makeIdempotent,
} from '../index.js';
import { IdempotencyRecord } from './index.js';

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'payments');
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

function charging() {
  return vi.fn(async (event: { orderId?: unknown; [field: string]: unknown }, _context?: unknown) => ({
    charged: event.orderId,
  }));
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('base64');
}

describe('idempotency keys', () => {
  it('hashes the payload with its keys sorted case-insensitively, in nested objects and arrays too', async () => {
    // Prepare
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    // Act
    await handler({ orderId: 'k-1', B: 2, a: [{ y: 1, X: 2 }] } as never, createContext());

    // Assess
    expect([...store.items.keys()]).toEqual(
      [md5('{"a":[{"X":2,"y":1}],"B":2,"orderId":"k-1"}')].map((hash) => `payments#${hash}`),
    );
  });

  it('uses the hash function of the config', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ hashFunction: 'sha256' }),
    });

    await handler({ orderId: 'k-2' }, createContext());

    const sha256 = createHash('sha256').update('{"orderId":"k-2"}').digest('base64');
    expect([...store.items.keys()]).toEqual([`payments#${sha256}`]);
  });

  it('puts the trimmed keyPrefix in front of the hash instead of the function name', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store, keyPrefix: '  orders  ' });

    await handler({ orderId: 'k-3' }, createContext());

    expect([...store.items.keys()]).toEqual([`orders#${md5('{"orderId":"k-3"}')}`]);
  });

  it('keeps the function name for a keyPrefix of blanks', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store, keyPrefix: '   ' });

    await handler({ orderId: 'k-4' }, createContext());

    expect([...store.items.keys()]).toEqual([keyOf({ orderId: 'k-4' })]);
  });

  it('appends the trimmed functionName of configure to the function name', async () => {
    const store = new MapStore();
    const config = new IdempotencyConfig({});
    store.configure({ config, functionName: ' charge ' });
    const handler = makeIdempotent(charging(), { persistenceStore: store, config });

    await handler({ orderId: 'k-5' }, createContext());

    expect([...store.items.keys()]).toEqual([`payments.charge#${md5('{"orderId":"k-5"}')}`]);
  });

  it('keeps the function name for a functionName of blanks', () => {
    const store = new MapStore();

    store.configure({ config: new IdempotencyConfig({}), functionName: '  ' });

    expect(store.idempotencyKeyPrefix).toBe('payments');
  });

  it('hashes only the part under eventKeyJmesPath', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId' }),
    });

    await handler({ orderId: 'k-6', at: 1 }, createContext());
    await handler({ orderId: 'k-6', at: 2 }, createContext());

    expect([...store.items.keys()]).toEqual([keyOf('k-6')]);
  });

  it.each([
    ['an empty string', 'emptyStringKey', ''],
    ['zero', 'zeroKey', 0],
    ['false', 'falseKey', false],
    ['an empty object', 'emptyObjectKey', {}],
    ['an object of falsy values', 'falsyObjectKey', { a: 0, b: '' }],
    ['an empty array', 'emptyArrayKey', []],
  ])('treats %s under eventKeyJmesPath as no key and says so once', async (_name, expression, value) => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ eventKeyJmesPath: expression }),
    });

    const output = await captureOutput(async () => {
      await handler({ [expression]: value, n: 1 } as never, createContext());
    });

    expect([...store.items.keys()]).toEqual([keyOf(value)]);
    const warnings = output.stderrLines.filter((line) =>
      line.text.includes('No value found for idempotency_key'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toContain(`jmespath: ${expression}.`);
  });

  it.each([
    ['a string', 'o-1'],
    ['a number', 7],
    ['true', true],
    ['an object with one truthy value', { a: 0, b: 'x' }],
  ])('treats %s under eventKeyJmesPath as a key, without a warning', async (_name, value) => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ eventKeyJmesPath: 'present' }),
    });

    const output = await captureOutput(async () => {
      await handler({ present: value } as never, createContext());
    });

    expect([...store.items.keys()]).toEqual([keyOf(value)]);
    expect(output.stderrLines.filter((line) => line.text.includes('idempotency_key'))).toEqual([]);
  });

  it('refuses a falsy key with throwOnNoIdempotencyKey, naming the expression, without writing', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: store,
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', throwOnNoIdempotencyKey: true }),
    });

    const error = await handler({ orderId: '' }, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect((error as Error).message).toBe(
      'No data found to create a hashed idempotency_key at eventKeyJmesPath "orderId"',
    );
    expect(store.calls.put).toBe(0);
    expect(charge).not.toHaveBeenCalled();
  });

  it('refuses a key it cannot evaluate with throwOnNoIdempotencyKey, with the cause', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({
        eventKeyJmesPath: 'powertools_json(body).orderId',
        throwOnNoIdempotencyKey: true,
      }),
    });

    const error = (await handler({ body: 5 } as never, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect(error.message).toMatch(
      /^Could not evaluate eventKeyJmesPath "powertools_json\(body\)\.orderId" on the payload: ./,
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('gives two payloads in a row their own keys and payload hashes', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ payloadValidationJmesPath: 'amount' }),
    });

    await handler({ orderId: 'k-7', amount: 1 }, createContext());
    await handler({ orderId: 'k-8', amount: 2 }, createContext());

    expect(store.items.get(keyOf({ amount: 1, orderId: 'k-7' }))?.payloadHash).toBe(md5('1'));
    expect(store.items.get(keyOf({ amount: 2, orderId: 'k-8' }))?.payloadHash).toBe(md5('2'));
  });

  it('keys one payload object under the prefix of each function that shares the store', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store, keyPrefix: 'first' });
    const other = makeIdempotent(charging(), { persistenceStore: store, keyPrefix: 'second' });
    const event = { orderId: 'k-9' };

    await handler(event, createContext());
    await other(event, createContext());

    expect([...store.items.keys()]).toEqual([
      `first#${md5('{"orderId":"k-9"}')}`,
      `second#${md5('{"orderId":"k-9"}')}`,
    ]);
  });

  it('keys an argument changed in place since the last call by what it holds now', async () => {
    const store = new MapStore();
    const send = vi.fn(async (message: { to: string }) => `sent to ${message.to}`);
    const sendOnce = makeIdempotent(send, { persistenceStore: store });
    const message = { to: 'ana@example.com' };

    await sendOnce(message);
    message.to = 'bo@example.com';
    const second = await sendOnce(message);

    expect(second).toBe('sent to bo@example.com');
    expect(send).toHaveBeenCalledTimes(2);
    expect([...store.items.keys()]).toEqual([
      keyOf({ to: 'ana@example.com' }),
      keyOf({ to: 'bo@example.com' }),
    ]);
  });

  it('completes the record it claimed when the function changes its payload', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(
      async (event: { orderId: string; seen?: boolean }) => {
        event.seen = true;
        return 'done';
      },
      { persistenceStore: store },
    );

    await handler({ orderId: 'k-10' });

    expect([...store.items.keys()]).toEqual([keyOf({ orderId: 'k-10' })]);
    expect(store.items.get(keyOf({ orderId: 'k-10' }))?.getStatus()).toBe('COMPLETED');
  });

  it('releases the key it claimed when the function changes its payload and throws', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(
      async (event: { orderId: string; seen?: boolean }) => {
        event.seen = true;
        throw new Error('declined');
      },
      { persistenceStore: store },
    );

    await handler({ orderId: 'k-11' }).catch(() => undefined);

    expect(store.items.size).toBe(0);
    expect(store.calls.delete).toBe(1);
  });

  it('puts nothing before the # without AWS_LAMBDA_FUNCTION_NAME', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    await handler({ orderId: 'k-12' }, createContext());

    expect([...store.items.keys()]).toEqual([`#${md5('{"orderId":"k-12"}')}`]);
  });

  it('reads a payload under the keyPrefix configured last, not the one it was completed under', async () => {
    const store = new MapStore();
    const config = new IdempotencyConfig({});
    const data = { orderId: 'k-13' };
    store.configure({ config, keyPrefix: 'first' });
    await store.saveSuccess(data, 'done');

    store.configure({ config, keyPrefix: 'second' });
    const read = await store.getRecord(data).catch((e: unknown) => (e as Error).message);

    expect(read).toBe(`No record for second#${md5('{"orderId":"k-13"}')}`);
  });

  it('completes each of two interleaved calls sharing the store under its own key', async () => {
    const store = new MapStore();
    const gates = new Map<string, () => void>();
    const started: string[] = [];
    const handler = makeIdempotent(
      async (event: { orderId: string }, _context: unknown) => {
        started.push(event.orderId);
        await new Promise<void>((resolve) => gates.set(event.orderId, resolve));
        return { charged: event.orderId };
      },
      { persistenceStore: store },
    );

    const first = handler({ orderId: 'k-14' }, createContext());
    await vi.waitUntil(() => gates.has('k-14'));
    const second = handler({ orderId: 'k-15' }, createContext());
    await vi.waitUntil(() => gates.has('k-15'));
    gates.get('k-14')?.();
    await first;
    gates.get('k-15')?.();
    await second;

    expect(started).toEqual(['k-14', 'k-15']);
    expect(store.items.get(keyOf({ orderId: 'k-14' }))?.getResponse()).toEqual({ charged: 'k-14' });
    expect(store.items.get(keyOf({ orderId: 'k-15' }))?.getResponse()).toEqual({ charged: 'k-15' });
    expect([...store.items.values()].map((record) => record.getStatus())).toEqual(['COMPLETED', 'COMPLETED']);
  });
});

describe('records written', () => {
  it('writes INPROGRESS with the expiry and the in-progress expiry, then COMPLETED with the result', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_400);
    const store = new MapStore();
    let whileRunning: IdempotencyRecord | undefined;
    const event = { amount: 5, orderId: 'w-1' };
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        whileRunning = store.items.get(keyOf(event));
        vi.setSystemTime(1_800_000_010_600);
        return { ok: true };
      },
      {
        persistenceStore: store,
        config: new IdempotencyConfig({ payloadValidationJmesPath: 'amount', expiresAfterSeconds: 60 }),
      },
    );

    await handler(event, { getRemainingTimeInMillis: () => 5000 } as never);

    expect(whileRunning?.getStatus()).toBe(IdempotencyRecordStatus.INPROGRESS);
    expect(whileRunning?.expiryTimestamp).toBe(1_800_000_060);
    expect(whileRunning?.inProgressExpiryTimestamp).toBe(1_800_000_005_400);
    expect(whileRunning?.payloadHash).toBe(md5('5'));
    const completed = store.items.get(keyOf(event));
    expect(completed?.getStatus()).toBe(IdempotencyRecordStatus.COMPLETED);
    expect(completed?.expiryTimestamp).toBe(1_800_000_071);
    expect(completed?.getResponse()).toEqual({ ok: true });
    expect(completed?.payloadHash).toBe(md5('5'));
  });

  it('writes no payload hash without payloadValidationJmesPath', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    await handler({ orderId: 'w-2' }, createContext());

    expect(store.items.get(keyOf({ orderId: 'w-2' }))?.payloadHash).toBe('');
    expect(store.isPayloadValidationEnabled()).toBe(false);
  });

  it('takes the expiry of the config, and reports it', () => {
    const store = new MapStore();

    store.configure({ config: new IdempotencyConfig({ expiresAfterSeconds: 90 }) });

    expect(store.getExpiresAfterSeconds()).toBe(90);
  });

  it('keeps a one-hour expiry until it is configured', () => {
    expect(new MapStore().getExpiresAfterSeconds()).toBe(3600);
  });
});

describe('a store shared by two configs', () => {
  it('keeps the first config and warns once, naming the settings that differ', async () => {
    const store = new MapStore();
    const first = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ expiresAfterSeconds: 60 }),
    });

    const output = await captureOutput(async () => {
      const second = makeIdempotent(charging(), {
        persistenceStore: store,
        config: new IdempotencyConfig({ expiresAfterSeconds: 120, hashFunction: 'sha256' }),
      });
      makeIdempotent(charging(), {
        persistenceStore: store,
        config: new IdempotencyConfig({ useLocalCache: true }),
      });
      await first({ orderId: 's-1' }, createContext());
      await second({ orderId: 's-2' }, createContext());
    });

    const warnings = output.stderrLines.filter((line) => line.text.includes('already configured'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toContain('ignored (expiresAfterSeconds, hashFunction)');
    expect(store.getExpiresAfterSeconds()).toBe(60);
    expect([...store.items.keys()]).toEqual([keyOf({ orderId: 's-1' }), keyOf({ orderId: 's-2' })]);
  });

  it.each([
    ['eventKeyJmesPath', { eventKeyJmesPath: 'orderId' }],
    ['payloadValidationJmesPath', { payloadValidationJmesPath: 'amount' }],
    ['throwOnNoIdempotencyKey', { throwOnNoIdempotencyKey: true }],
    ['expiresAfterSeconds', { expiresAfterSeconds: 5 }],
    ['useLocalCache', { useLocalCache: true }],
    ['maxLocalCacheSize', { maxLocalCacheSize: 5 }],
    ['hashFunction', { hashFunction: 'sha1' }],
  ])('names %s when only it differs', async (name, options) => {
    const store = new MapStore();
    makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig({}) });

    const output = await captureOutput(() => {
      makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig(options) });
    });

    const warnings = output.stderrLines.filter((line) => line.text.includes('already configured'));
    expect(warnings.map((line) => /ignored \(([^)]*)\)/.exec(line.text)?.[1])).toEqual([name]);
  });

  it('warns for each store given a second config', async () => {
    const stores = [new MapStore(), new MapStore()];
    for (const store of stores) {
      makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig({}) });
    }

    const output = await captureOutput(() => {
      makeIdempotent(charging(), {
        persistenceStore: stores[0] as MapStore,
        config: new IdempotencyConfig({ payloadValidationJmesPath: 'a', useLocalCache: true }),
      });
      makeIdempotent(charging(), {
        persistenceStore: stores[1] as MapStore,
        config: new IdempotencyConfig({ throwOnNoIdempotencyKey: true, hashFunction: 'sha512' }),
      });
    });

    expect(output.stderrLines.filter((line) => line.text.includes('already configured'))).toHaveLength(2);
  });

  it('does not warn for a second config with the same settings', async () => {
    const store = new MapStore();
    makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ eventKeyJmesPath: 'a' }),
    });

    const output = await captureOutput(() => {
      makeIdempotent(charging(), {
        persistenceStore: store,
        config: new IdempotencyConfig({ eventKeyJmesPath: 'a' }),
      });
    });

    expect(output.stderrLines.filter((line) => line.text.includes('already configured'))).toEqual([]);
  });

  it('names jmesPathOptions when the second config brings other JMESPath functions', async () => {
    const store = new MapStore();
    class OtherFunctions {
      methods = new Set<string>();
      introspectMethods() {
        return this.methods;
      }
    }
    makeIdempotent(charging(), { persistenceStore: store, config: new IdempotencyConfig({}) });

    const output = await captureOutput(() => {
      makeIdempotent(charging(), {
        persistenceStore: store,
        config: new IdempotencyConfig({ jmesPathOptions: new OtherFunctions() }),
      });
    });

    const warnings = output.stderrLines.filter((line) => line.text.includes('already configured'));
    expect(warnings.map((line) => /ignored \(([^)]*)\)/.exec(line.text)?.[1])).toEqual(['jmesPathOptions']);
  });
});

describe('the local cache', () => {
  it('serves a completed record from memory, without reading the store', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: store,
      config: new IdempotencyConfig({ useLocalCache: true }),
    });
    await handler({ orderId: 'l-1' }, createContext());
    store.items.clear();

    const second = await handler({ orderId: 'l-1' }, createContext());

    expect(second).toEqual({ charged: 'l-1' });
    expect(charge).toHaveBeenCalledTimes(1);
    expect(store.calls.put).toBe(1);
  });

  it('keeps in memory a completed record it read from the store', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: store,
      config: new IdempotencyConfig({ useLocalCache: true }),
    });
    const event = { orderId: 'l-11' };
    store.items.set(
      keyOf(event),
      new IdempotencyRecord({
        idempotencyKey: keyOf(event),
        status: IdempotencyRecordStatus.COMPLETED,
        expiryTimestamp: Date.now() / 1000 + 60,
        responseData: 'completed elsewhere',
      }),
    );
    const first = await handler(event, createContext());
    store.items.clear();

    const second = await handler(event, createContext());

    expect([first, second]).toEqual(['completed elsewhere', 'completed elsewhere']);
    expect(store.calls.put).toBe(1);
    expect(charge).not.toHaveBeenCalled();
  });

  it('keeps maxLocalCacheSize records, dropping the least recently used', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: store,
      config: new IdempotencyConfig({ useLocalCache: true, maxLocalCacheSize: 2 }),
    });
    await handler({ orderId: 'l-2' }, createContext());
    await handler({ orderId: 'l-3' }, createContext());
    await handler({ orderId: 'l-2' }, createContext()); // read: l-2 becomes the most recent
    await handler({ orderId: 'l-4' }, createContext()); // drops l-3
    const putsBefore = store.calls.put;

    await handler({ orderId: 'l-2' }, createContext());
    await handler({ orderId: 'l-4' }, createContext());
    const fromMemory = store.calls.put - putsBefore;
    await handler({ orderId: 'l-3' }, createContext());

    expect(fromMemory).toBe(0);
    expect(store.calls.put - putsBefore).toBe(1);
    expect(charge).toHaveBeenCalledTimes(3);
  });

  it('drops an expired record from memory and runs the function again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: store,
      config: new IdempotencyConfig({ useLocalCache: true, expiresAfterSeconds: 60 }),
    });
    await handler({ orderId: 'l-5' }, createContext());
    vi.setSystemTime(Date.now() + 61_000);

    await handler({ orderId: 'l-5' }, createContext());
    await handler({ orderId: 'l-5' }, createContext());

    expect(charge).toHaveBeenCalledTimes(2);
    expect(store.calls.put).toBe(2);
  });

  it('frees the room of an expired record it finds in memory', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MapStore();
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ useLocalCache: true, maxLocalCacheSize: 2 }),
    });
    const [a, b, c] = [{ orderId: 'l-12' }, { orderId: 'l-13' }, { orderId: 'l-14' }];
    await handler(a, createContext());
    vi.setSystemTime(Date.now() + 1_800_000);
    await handler(b, createContext());
    vi.setSystemTime(Date.now() + 1_860_000); // a has expired, b has not
    store.items.set(
      keyOf(a),
      new IdempotencyRecord({
        idempotencyKey: keyOf(a),
        status: IdempotencyRecordStatus.INPROGRESS,
        expiryTimestamp: Date.now() / 1000 + 3600,
      }),
    );
    const refused = await handler(a, createContext()).catch((e: unknown) => (e as Error).name);
    await handler(c, createContext());
    const putsBefore = store.calls.put;

    await handler(b, createContext());

    expect(refused).toBe('IdempotencyAlreadyInProgressError');
    expect(store.calls.put).toBe(putsBefore);
  });

  it('does not keep an INPROGRESS record in memory: the store is asked again', async () => {
    const store = new MapStore();
    const config = new IdempotencyConfig({ useLocalCache: true });
    const handler = makeIdempotent(charging(), { persistenceStore: store, config });
    const event = { orderId: 'l-6' };
    store.items.set(
      keyOf(event),
      new IdempotencyRecord({
        idempotencyKey: keyOf(event),
        status: IdempotencyRecordStatus.INPROGRESS,
        expiryTimestamp: Date.now() / 1000 + 60,
      }),
    );

    const first = await handler(event, createContext()).catch((e: unknown) => (e as Error).name);
    store.items.delete(keyOf(event));
    const second = await handler(event, createContext());

    expect(first).toBe('IdempotencyAlreadyInProgressError');
    expect(second).toEqual({ charged: 'l-6' });
  });

  it('refuses to claim a key it holds in memory, giving the cached record', async () => {
    const store = new MapStore();
    store.configure({ config: new IdempotencyConfig({ useLocalCache: true }) });
    await store.saveSuccess({ orderId: 'l-7' }, 'done');

    const error = (await store.saveInProgress({ orderId: 'l-7' }, 1000).catch((e: unknown) => e)) as
      | IdempotencyItemAlreadyExistsError
      | undefined;

    expect(error).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect(error?.message).toBe(
      `Failed to put record for already existing idempotency key: ${keyOf({ orderId: 'l-7' })}`,
    );
    expect(error?.existingRecord?.getResponse()).toBe('done');
    expect(store.calls.put).toBe(0);
  });

  it('forgets a deleted record', async () => {
    const store = new MapStore();
    store.configure({ config: new IdempotencyConfig({ useLocalCache: true }) });
    await store.saveSuccess({ orderId: 'l-8' }, 'done');

    await store.deleteRecord({ orderId: 'l-8' });
    const read = await store.getRecord({ orderId: 'l-8' }).catch((e: unknown) => (e as Error).name);

    expect(read).toBe('IdempotencyItemNotFoundError');
    expect(store.calls.get).toBe(1);
  });

  it('validates a cached record against the payload', async () => {
    const store = new MapStore();
    store.configure({
      config: new IdempotencyConfig({
        useLocalCache: true,
        eventKeyJmesPath: 'orderId',
        payloadValidationJmesPath: 'amount',
      }),
    });
    await store.saveSuccess({ orderId: 'l-9', amount: 1 }, 'done');

    const same = await store.getRecord({ orderId: 'l-9', amount: 1 });
    const other = await store.getRecord({ orderId: 'l-9', amount: 2 }).catch((e: unknown) => e);

    expect(same.getResponse()).toBe('done');
    expect(other).toBeInstanceOf(IdempotencyValidationError);
    expect(store.calls.get).toBe(0);
  });

  it('keeps nothing in memory without useLocalCache', async () => {
    const store = new MapStore();
    store.configure({ config: new IdempotencyConfig({}) });
    await store.saveSuccess({ orderId: 'l-10' }, 'done');
    store.items.clear();

    const read = await store.getRecord({ orderId: 'l-10' }).catch((e: unknown) => (e as Error).name);

    expect(read).toBe('IdempotencyItemNotFoundError');
  });
});

describe('payload validation of a stored record', () => {
  it('accepts a record whose hash matches the hash of a record given in place of a payload', () => {
    const store = new MapStore();
    store.configure({ config: new IdempotencyConfig({ payloadValidationJmesPath: 'amount' }) });
    const stored = new IdempotencyRecord({ idempotencyKey: 'k', status: 'COMPLETED', payloadHash: 'h1' });
    const same = new IdempotencyRecord({ idempotencyKey: 'k', status: 'COMPLETED', payloadHash: 'h1' });
    const other = new IdempotencyRecord({ idempotencyKey: 'k', status: 'COMPLETED', payloadHash: 'h2' });

    expect(store.processExistingRecord(stored, same)).toBe(stored);
    expect(() => store.processExistingRecord(stored, other)).toThrow(
      'Payload does not match stored record for this event key',
    );
  });

  it('accepts any record without payloadValidationJmesPath', () => {
    const store = new MapStore();
    store.configure({ config: new IdempotencyConfig({}) });
    const stored = new IdempotencyRecord({ idempotencyKey: 'k', status: 'COMPLETED', payloadHash: 'h1' });

    expect(store.processExistingRecord(stored, { amount: 1 })).toBe(stored);
  });
});
