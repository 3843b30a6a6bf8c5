import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { useRedis } from '../../test/cache/test-redis.js';
import { keyOf } from '../../test/test-dynalite.js';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyConfigError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
  makeIdempotent,
} from '../index.js';
import { makeHandlerIdempotent } from '../middleware/index.js';
import { CachePersistenceLayer } from './index.js';

const redis = useRedis();

function charging() {
  return vi.fn(async (event: { orderId: string }, _context?: unknown) => ({ charged: event.orderId }));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe('CachePersistenceLayer on Redis', () => {
  it('returns the stored result for a repeated event without running the function again', async () => {
    // Prepare
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });
    const event = { orderId: 'r-1' };

    // Act
    const first = await handler(event, createContext());
    const second = await handler(event, createContext());

    // Assess
    expect(second).toEqual(first);
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('stores the COMPLETED record as Powertools does: its key, its JSON, and a TTL of expiresAfterSeconds', async () => {
    const handler = makeIdempotent(charging(), {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
      config: new IdempotencyConfig({ expiresAfterSeconds: 600 }),
    });
    const event = { orderId: 'r-2' };

    await handler(event, createContext());

    const stored = await redis.client().get(keyOf(event));
    const ttl = await redis.client().ttl(keyOf(event));
    const record = JSON.parse(stored as string);
    expect(Object.keys(record)).toEqual(['status', 'expiration', 'data']);
    expect(record).toMatchObject({ status: 'COMPLETED', data: { charged: 'r-2' } });
    expect(Math.abs(record.expiration - (nowSeconds() + 600))).toBeLessThanOrEqual(1);
    expect(ttl).toBeGreaterThan(595);
    expect(ttl).toBeLessThanOrEqual(601);
  });

  it('holds an INPROGRESS record with the in-progress expiry of the remaining time while the function runs', async () => {
    let seenWhileRunning: string | null = null;
    const event = { orderId: 'r-3' };
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        seenWhileRunning = await redis.client().get(keyOf(event));
        return 'done';
      },
      { persistenceStore: new CachePersistenceLayer({ client: redis.client() }) },
    );
    const before = Date.now();

    await handler(event, createContext({ timeoutMs: 20_000 }));

    const record = JSON.parse(seenWhileRunning as unknown as string);
    expect(Object.keys(record)).toEqual(['status', 'expiration', 'in_progress_expiration']);
    expect(record.status).toBe('INPROGRESS');
    expect(record.in_progress_expiration).toBeGreaterThanOrEqual(before + 19_000);
    expect(record.in_progress_expiration).toBeLessThanOrEqual(Date.now() + 20_000);
  });

  it('deletes the record when the function throws, so a retry runs again', async () => {
    const event = { orderId: 'r-4' };
    const charge = vi
      .fn(async (_event: unknown, _context?: unknown) => 'charged')
      .mockRejectedValueOnce(new Error('card declined'));
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const failed = await handler(event, createContext()).catch((error: Error) => error);
    const keptAfterFailure = await redis.client().exists(keyOf(event));
    const retried = await handler(event, createContext());

    expect((failed as Error).message).toBe('card declined');
    expect(keptAfterFailure).toBe(0);
    expect(retried).toBe('charged');
    expect(charge).toHaveBeenCalledTimes(2);
  });

  it('takes over an INPROGRESS record whose in-progress expiry has passed, under a lock of 10 seconds', async () => {
    const event = { orderId: 'r-5' };
    const orphan = {
      status: 'INPROGRESS',
      expiration: nowSeconds() + 3600,
      in_progress_expiration: Date.now() - 1,
    };
    await redis.client().set(keyOf(event), JSON.stringify(orphan), { EX: 3600 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const result = await handler(event, createContext());

    expect(result).toEqual({ charged: 'r-5' });
    expect(charge).toHaveBeenCalledTimes(1);
    expect(JSON.parse((await redis.client().get(keyOf(event))) as string).status).toBe('COMPLETED');
    expect(await redis.client().get(`${keyOf(event)}:lock`)).toBe('true');
    expect(await redis.client().ttl(`${keyOf(event)}:lock`)).toBeGreaterThan(0);
    expect(await redis.client().ttl(`${keyOf(event)}:lock`)).toBeLessThanOrEqual(10);
  });

  it('keeps an INPROGRESS record written without an in-progress expiry until it expires', async () => {
    // Powertools takes such a record over at once: two calls of a function with no Lambda context both run.
    const event = { orderId: 'r-6' };
    const running = { status: 'INPROGRESS', expiration: nowSeconds() + 3600 };
    await redis.client().set(keyOf(event), JSON.stringify(running), { EX: 3600 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const refused = await handler(event, createContext()).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(charge).not.toHaveBeenCalled();
  });

  it('returns the stored result for a repeat whose validated part matches, and refuses one whose part differs', async () => {
    const charge = vi.fn(async (event: { orderId: string; amount: number }) => ({ charged: event.amount }));
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', payloadValidationJmesPath: 'amount' }),
    });

    const first = await handler({ orderId: 'r-7', amount: 10 });
    const repeat = await handler({ orderId: 'r-7', amount: 10 });
    const tampered = await handler({ orderId: 'r-7', amount: 99 }).catch((error: unknown) => error);

    expect(repeat).toEqual(first);
    expect(tampered).toBeInstanceOf(IdempotencyValidationError);
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('writes the attribute names it is given', async () => {
    const event = { orderId: 'r-8' };
    const handler = makeIdempotent(charging(), {
      persistenceStore: new CachePersistenceLayer({
        client: redis.client(),
        statusAttr: 's',
        expiryAttr: 'e',
        dataAttr: 'd',
      }),
    });

    await handler(event, createContext());

    const stored = JSON.parse((await redis.client().get(keyOf(event))) as string);
    expect(Object.keys(stored)).toEqual(['s', 'e', 'd']);
    expect(stored.s).toBe('COMPLETED');
  });

  it('makes a middy handler idempotent', async () => {
    const charge = charging();
    const handler = middy(charge).use(
      makeHandlerIdempotent({ persistenceStore: new CachePersistenceLayer({ client: redis.client() }) }),
    );
    const event = { orderId: 'r-9' };

    await handler(event, createContext());
    const second = await handler(event, createContext());

    expect(second).toEqual({ charged: 'r-9' });
    expect(charge).toHaveBeenCalledTimes(1);
  });
});

describe('CachePersistenceLayer bad input', () => {
  it('refuses a stored value that is not JSON instead of running the function again, without quoting it', async () => {
    const event = { orderId: 'bad-1' };
    await redis.client().set(keyOf(event), 'card=4111111111111111', { EX: 3600 });
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect((error.cause as Error).message).toContain(`${keyOf(event)} in the cache cannot be read`);
    expect(JSON.stringify({ m: error.message, c: (error.cause as Error).message })).not.toContain('4111');
    expect(charge).not.toHaveBeenCalled();
  });

  it('refuses a stored record whose expiry is not a number', async () => {
    const event = { orderId: 'bad-2' };
    await redis.client().set(keyOf(event), JSON.stringify({ status: 'COMPLETED', expiration: 'soon' }));
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect((error.cause as Error).message).toContain('"expiration" that is not a number');
    expect(charge).not.toHaveBeenCalled();
  });

  it('refuses a stored record without a status', async () => {
    const event = { orderId: 'bad-4' };
    await redis.client().set(keyOf(event), JSON.stringify({ expiration: nowSeconds() + 60 }));
    const charge = charging();
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
    });

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect((error.cause as Error).message).toContain('has no string "status"');
    expect(charge).not.toHaveBeenCalled();
  });

  it('fails with IdempotencyPersistenceLayerError, without running, when the client is closed', async () => {
    const client = await redis.newClient();
    await client.quit();
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: new CachePersistenceLayer({ client }) });

    const error = await handler({ orderId: 'bad-3' }, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(charge).not.toHaveBeenCalled();
  });

  it('throws at construction when the client has no get, set and del', () => {
    const create = () => new CachePersistenceLayer({ client: { get: async () => null } as never });

    expect(create).toThrow(IdempotencyConfigError);
    expect(create).toThrow(/CachePersistenceLayer: client must be a connected Redis or Valkey client/);
  });

  it('throws at construction when the options are not an object', () => {
    const create = () => new CachePersistenceLayer(undefined as never);

    expect(create).toThrow('CachePersistenceLayer: options must be an object with a client, got undefined');
  });

  it('throws at construction for an empty attribute name, naming it', () => {
    const create = () => new CachePersistenceLayer({ client: redis.client(), statusAttr: '' });

    expect(create).toThrow('CachePersistenceLayer: statusAttr must be a non-empty string, got ""');
  });
});
