// How CachePersistenceLayer claims, takes over and reads records in a real Redis.
import { createContext } from '@lambkit/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useRedis } from '../../test/cache/test-redis.js';
import { keyOf } from '../../test/test-dynalite.js';
import {
  IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyItemNotFoundError,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '../index.js';
import { CachePersistenceLayer } from './index.js';

const redis = useRedis();

afterEach(() => {
  vi.useRealTimers();
});

function charging() {
  return vi.fn(async (event: { orderId: string }, _context?: unknown) => ({ charged: event.orderId }));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function stored(key: string): Promise<Record<string, unknown>> {
  return JSON.parse((await redis.client().get(key)) as string);
}

describe('CachePersistenceLayer takeovers', () => {
  it('runs again for a COMPLETED record past its expiry that the cache has not evicted yet', async () => {
    const event = { orderId: 't-1' };
    const old = { status: 'COMPLETED', expiration: nowSeconds() - 10, data: 'old result' };
    await redis.client().set(keyOf(event), JSON.stringify(old), { EX: 3600 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const result = await handler(event, createContext());

    expect(result).toEqual({ charged: 't-1' });
    expect(charge).toHaveBeenCalledTimes(1);
    expect(await stored(keyOf(event))).toMatchObject({ status: 'COMPLETED', data: { charged: 't-1' } });
  });

  it('leaves an orphan to the invocation that holds its lock, and gives up after two retries', async () => {
    const event = { orderId: 't-2' };
    const orphan = {
      status: 'INPROGRESS',
      expiration: nowSeconds() + 3600,
      in_progress_expiration: Date.now() - 1,
    };
    await redis.client().set(keyOf(event), JSON.stringify(orphan), { EX: 3600 });
    await redis.client().set(`${keyOf(event)}:lock`, 'true', { EX: 10 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const error = await handler(event, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyInconsistentStateError);
    expect(charge).not.toHaveBeenCalled();
    expect(await stored(keyOf(event))).toEqual(orphan);
  });

  it('takes an orphan over with an expiry of less than 10 seconds, under a lock of whole seconds', async () => {
    const event = { orderId: 't-3' };
    const orphan = {
      status: 'INPROGRESS',
      expiration: nowSeconds() + 60,
      in_progress_expiration: Date.now() - 1,
    };
    await redis.client().set(keyOf(event), JSON.stringify(orphan), { EX: 60 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
      config: new IdempotencyConfig({ expiresAfterSeconds: 2.5 }),
    });

    const result = await handler(event, createContext());

    expect(result).toEqual({ charged: 't-3' });
    expect(await redis.client().ttl(`${keyOf(event)}:lock`)).toBeGreaterThan(0);
    expect(await redis.client().ttl(`${keyOf(event)}:lock`)).toBeLessThanOrEqual(3);
  });

  it('claims again when the record is deleted between the refused SET and the read', async () => {
    const event = { orderId: 't-4' };
    const running = { status: 'INPROGRESS', expiration: nowSeconds() + 3600 };
    await redis.client().set(keyOf(event), JSON.stringify(running), { EX: 3600 });
    const client = redis.client();
    // The invocation that held the key throws, and deletes its record, just before this one reads it.
    const deletedOnFirstRead = {
      get: vi.fn(async (key: string) => {
        if (deletedOnFirstRead.get.mock.calls.length === 1) await client.del(key);
        return client.get(key);
      }),
      set: client.set.bind(client),
      del: client.del.bind(client),
    };
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: deletedOnFirstRead as never }),
    });

    const result = await handler(event, createContext());

    expect(result).toEqual({ charged: 't-4' });
    expect(charge).toHaveBeenCalledTimes(1);
  });
});

describe('CachePersistenceLayer expiries', () => {
  it('keeps a record that expires this second for one more second', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const event = { orderId: 'x-1' };
    const handler = makeIdempotent(charging(), {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
      config: new IdempotencyConfig({ expiresAfterSeconds: 0.2 }),
    });

    await handler(event, createContext());

    expect(await stored(keyOf(event))).toMatchObject({ status: 'COMPLETED', expiration: 1_800_000_000 });
    expect(await redis.client().ttl(keyOf(event))).toBe(1);
  });

  it('sets the TTL of the INPROGRESS record from its expiry', async () => {
    const event = { orderId: 'x-2' };
    let ttlWhileRunning = 0;
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        ttlWhileRunning = await redis.client().ttl(keyOf(event));
        return 'ok';
      },
      {
        persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
        config: new IdempotencyConfig({ expiresAfterSeconds: 300 }),
      },
    );

    await handler(event, createContext());

    expect(ttlWhileRunning).toBeGreaterThan(295);
    expect(ttlWhileRunning).toBeLessThanOrEqual(301);
  });
});

describe('CachePersistenceLayer records', () => {
  it('writes the in-progress expiry and payload hash under the names it is given', async () => {
    const event = { amount: 4, orderId: 'n-1' };
    let whileRunning: Record<string, unknown> = {};
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        whileRunning = await stored(keyOf(event));
        return 'ok';
      },
      {
        persistenceStore: new CachePersistenceLayer({
          client: redis.client(),
          inProgressExpiryAttr: 'ip',
          validationKeyAttr: 'v',
        }),
        config: new IdempotencyConfig({ payloadValidationJmesPath: 'amount' }),
      },
    );

    await handler(event, createContext());
    const replayed = await handler(event, createContext());

    expect(Object.keys(whileRunning)).toEqual(['status', 'expiration', 'ip', 'v']);
    const completed = await stored(keyOf(event));
    expect(Object.keys(completed)).toEqual(['status', 'expiration', 'data', 'v']);
    expect(completed.v).toBe(whileRunning.v);
    expect(replayed).toBe('ok');
  });

  it('reads a record with a null in-progress expiry as one without', async () => {
    const event = { orderId: 'n-2' };
    const record = {
      status: 'COMPLETED',
      expiration: nowSeconds() + 60,
      in_progress_expiration: null,
      data: 'kept',
    };
    await redis.client().set(keyOf(event), JSON.stringify(record), { EX: 60 });
    const handler = makeIdempotent(charging(), {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    expect(await handler(event, createContext())).toBe('kept');
  });

  it('reads a missing record as not found', async () => {
    const store = new CachePersistenceLayer({ client: redis.client() });
    store.configure({ config: new IdempotencyConfig({}) });

    const error = await store.getRecord({ orderId: 'n-3' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyItemNotFoundError);
    expect((error as Error).message).toBe(`No idempotency record for key: ${keyOf({ orderId: 'n-3' })}`);
  });

  it.each([
    ['JSON that is not an object', '[1]', 'is not a JSON object'],
    ['JSON null', 'null', 'is not a JSON object'],
    ['a JSON number', '5', 'is not a JSON object'],
    ['text that is not JSON', '{"status":', 'is not JSON'],
    ['a status that is not a string', JSON.stringify({ status: 1 }), 'has no string "status"'],
    [
      'a payload hash that is not a string',
      JSON.stringify({ status: 'COMPLETED', validation: 1 }),
      'has a "validation" that is not a string',
    ],
    [
      'an in-progress expiry that is not a number',
      JSON.stringify({ status: 'INPROGRESS', in_progress_expiration: '1' }),
      'has a "in_progress_expiration" that is not a number',
    ],
  ])('refuses a stored value with %s instead of running again', async (_name, value, rule) => {
    const event = { orderId: `n-${rule}` };
    await redis.client().set(keyOf(event), value, { EX: 60 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect((error.cause as Error).message).toBe(
      `The idempotency record ${keyOf(event)} in the cache cannot be read: its value ${rule}. Delete the key to let the request run again.`,
    );
    expect(charge).not.toHaveBeenCalled();
  });

  it.each([
    ['statusAttr', 5, '5'],
    ['expiryAttr', '', '""'],
    ['inProgressExpiryAttr', '', '""'],
    ['dataAttr', '', '""'],
    ['validationKeyAttr', '', '""'],
  ])('refuses a %s of %s, naming it', (field, value, shown) => {
    expect(() => new CachePersistenceLayer({ client: redis.client(), [field]: value })).toThrow(
      `CachePersistenceLayer: ${field} must be a non-empty string, got ${shown}`,
    );
  });

  it('refuses options that are null', () => {
    expect(() => new CachePersistenceLayer(null as never)).toThrow(
      'CachePersistenceLayer: options must be an object with a client, got null',
    );
  });

  it('refuses a client that is null', () => {
    expect(() => new CachePersistenceLayer({ client: null as never })).toThrow(
      /^CachePersistenceLayer: client must be a connected Redis or Valkey client .*, got null$/,
    );
  });

  it.each(['get', 'set', 'del'])('refuses a client without %s', (method) => {
    const client = { get: async () => null, set: async () => 'OK', del: async () => 1, [method]: undefined };

    expect(() => new CachePersistenceLayer({ client: client as never })).toThrow(
      /client must be a connected/,
    );
  });
});
