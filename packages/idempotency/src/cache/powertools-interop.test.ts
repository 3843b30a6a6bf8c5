// Records interoperate with Powertools' CachePersistenceLayer: both libraries write to one Redis,
// with the same function name, so a function switching either way honours the records already written.
import { makeIdempotent as ptMakeIdempotent } from '@aws-lambda-powertools/idempotency';
import { CachePersistenceLayer as PtCachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { createContext } from '@lambkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { useRedis } from '../../test/cache/test-redis.js';
import { keyOf } from '../../test/test-dynalite.js';
import { IdempotencyAlreadyInProgressError, makeIdempotent } from '../index.js';
import { CachePersistenceLayer } from './index.js';

const redis = useRedis();

// Keys in sorted order, so keyOf (which hashes the JSON as it is) gives the key both libraries use.
const EVENT = { amount: 42, lines: [{ qty: 1, sku: 'b' }], orderId: 'o-1', zeta: null };

function both() {
  const pt = vi.fn(async (_event?: unknown, _context?: unknown) => ({ by: 'powertools', total: 42 }));
  const lk = vi.fn(async (_event?: unknown, _context?: unknown) => ({ by: 'lambkit', total: 0 }));
  const ptHandler = ptMakeIdempotent(pt, {
    persistenceStore: new PtCachePersistenceLayer({ client: redis.client() }),
  });
  const lkHandler = makeIdempotent(lk, {
    persistenceStore: new CachePersistenceLayer({ client: redis.client() }),
  });
  return { pt, lk, ptHandler, lkHandler };
}

/** The record stored for EVENT, with its numbers replaced by their type (they hold the time). */
async function storedShape(): Promise<Record<string, unknown>> {
  const record = JSON.parse((await redis.client().get(keyOf(EVENT))) as string) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, typeof value === 'number' ? 'number' : value]),
  );
}

describe('records shared with Powertools on Redis', () => {
  it('returns the result Powertools stored, without running, for an event Powertools completed', async () => {
    const { ptHandler, lkHandler, lk } = both();
    const stored = await ptHandler(EVENT, createContext());

    const replayed = await lkHandler(EVENT, createContext());

    expect(replayed).toEqual(stored);
    expect(lk).not.toHaveBeenCalled();
  });

  it('makes Powertools return the result lambkit stored, without running', async () => {
    const { ptHandler, lkHandler, pt } = both();
    const stored = await lkHandler(EVENT, createContext());

    const replayed = await ptHandler(EVENT, createContext());

    expect(replayed).toEqual(stored);
    expect(pt).not.toHaveBeenCalled();
  });

  it('writes the COMPLETED record under the key, and in the JSON, that Powertools writes', async () => {
    const { ptHandler, lkHandler } = both();
    await ptHandler(EVENT, createContext());
    const theirs = await storedShape();
    const theirTtl = await redis.client().ttl(keyOf(EVENT));
    await redis.client().flushAll();

    await lkHandler(EVENT, createContext());

    expect(JSON.stringify(await storedShape())).toBe(
      JSON.stringify({ ...theirs, data: { by: 'lambkit', total: 0 } }),
    );
    expect(Math.abs((await redis.client().ttl(keyOf(EVENT))) - theirTtl)).toBeLessThanOrEqual(1);
  });

  it('refuses to run while Powertools holds the key', async () => {
    let release = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ptHolder = ptMakeIdempotent(
      async (_event: unknown, _context: unknown) => {
        await holding;
        return 'pt';
      },
      { persistenceStore: new PtCachePersistenceLayer({ client: redis.client() }) },
    );
    const { lkHandler, lk } = both();
    const ptRunning = ptHolder(EVENT, createContext({ timeoutMs: 30_000 }));
    await vi.waitUntil(async () => (await redis.client().exists(keyOf(EVENT))) === 1);

    const lkRefused = await lkHandler(EVENT, createContext()).catch((error: unknown) => error);
    release();
    await ptRunning;

    expect(lkRefused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(lk).not.toHaveBeenCalled();
  });

  it('makes Powertools refuse to run while lambkit holds the key', async () => {
    let release = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    const lkHolder = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        await holding;
        return 'lk';
      },
      { persistenceStore: new CachePersistenceLayer({ client: redis.client() }) },
    );
    const { ptHandler, pt } = both();
    const lkRunning = lkHolder(EVENT, createContext({ timeoutMs: 30_000 }));
    await vi.waitUntil(async () => (await redis.client().exists(keyOf(EVENT))) === 1);

    const ptRefused = await ptHandler(EVENT, createContext()).catch((error: unknown) => error);
    release();
    await lkRunning;

    expect((ptRefused as Error).name).toBe('IdempotencyAlreadyInProgressError');
    expect(pt).not.toHaveBeenCalled();
  });
});
