import { createContext } from '@lambkit/testing';
import { Decoder, GlideClient } from '@valkey/valkey-glide';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useRedis } from '../../test/cache/test-redis.js';
import { keyOf } from '../../test/test-dynalite.js';
import { IdempotencyAlreadyInProgressError, makeIdempotent } from '../index.js';
import { CachePersistenceLayer } from './index.js';

const redis = useRedis();
const glideClients: GlideClient[] = [];

afterAll(() => {
  for (const client of glideClients) client.close();
});

async function glide(decoder = Decoder.String): Promise<GlideClient> {
  const client = await GlideClient.createClient({
    addresses: [{ host: '127.0.0.1', port: redis.port() }],
    requestTimeout: 2000,
    defaultDecoder: decoder,
  });
  glideClients.push(client);
  return client;
}

/** A promise the test resolves itself, to hold a handler mid-invocation. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const N = 10;

/** N concurrent invocations of one event, the first held until all have answered or are held. */
async function runConcurrently(persistenceStore: CachePersistenceLayer, orderId: string) {
  const held = gate();
  const charge = vi.fn(async (_event?: unknown, _context?: unknown) => {
    await held.opened;
    return 'charged';
  });
  const handler = makeIdempotent(charge, { persistenceStore });
  const event = { orderId };
  const running = Array.from({ length: N }, () => handler(event, createContext({ timeoutMs: 30_000 })));
  // The gate opens once the others have all answered (refused), however long a loaded machine takes: the
  // others are then refused while the first still runs, not answered after it completed.
  // A second run ends the wait too: the assertions then fail at once instead of timing out.
  let settledWhileHeld = 0;
  for (const call of running)
    call.then(
      () => settledWhileHeld++,
      () => settledWhileHeld++,
    );
  await vi.waitUntil(() => settledWhileHeld === N - 1 || charge.mock.calls.length > 1, {
    timeout: 20_000,
    interval: 20,
  });
  held.open();
  const outcomes = await Promise.allSettled(running);
  return { charge, outcomes };
}

function assessExactlyOneRan(result: Awaited<ReturnType<typeof runConcurrently>>): void {
  const { charge, outcomes } = result;
  expect(charge).toHaveBeenCalledTimes(1);
  const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
  const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
  expect(fulfilled.map((outcome) => outcome.value)).toEqual(['charged']);
  expect(rejected).toHaveLength(N - 1);
  for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(IdempotencyAlreadyInProgressError);
}

describe('concurrent invocations with one key on Redis', () => {
  it('runs exactly one of N concurrent invocations through the redis client; the others get IdempotencyAlreadyInProgressError', async () => {
    // Prepare
    const persistenceStore = new CachePersistenceLayer({ client: redis.client() });

    // Act
    const result = await runConcurrently(persistenceStore, 'c-redis');

    // Assess
    assessExactlyOneRan(result);
  });

  it('runs exactly one of N concurrent invocations through the Valkey GLIDE client', async () => {
    // Powertools passes only { EX, NX }, which GLIDE ignores: there, all N run.
    const persistenceStore = new CachePersistenceLayer({ client: await glide() });

    const result = await runConcurrently(persistenceStore, 'c-glide');

    assessExactlyOneRan(result);
  });

  it('runs exactly one of N concurrent invocations that find an abandoned INPROGRESS record', async () => {
    const event = { orderId: 'c-orphan' };
    const abandoned = {
      status: 'INPROGRESS',
      expiration: Math.floor(Date.now() / 1000) + 3600,
      in_progress_expiration: Date.now() - 1000,
    };
    await redis.client().set(keyOf(event), JSON.stringify(abandoned), { EX: 3600 });
    const persistenceStore = new CachePersistenceLayer({ client: redis.client() });

    const result = await runConcurrently(persistenceStore, 'c-orphan');

    assessExactlyOneRan(result);
  });

  it('sets the expiry of the records the Valkey GLIDE client writes', async () => {
    const event = { orderId: 'c-glide-ttl' };
    const handler = makeIdempotent(async (_event: unknown, _context: unknown) => 'charged', {
      persistenceStore: new CachePersistenceLayer({ client: await glide() }),
    });

    await handler(event, createContext());

    expect(await redis.client().ttl(keyOf(event))).toBeGreaterThan(3500);
  });

  it('reads records through a Valkey GLIDE client that returns bytes', async () => {
    const charge = vi.fn(async (_event: unknown, _context: unknown) => ({ charged: 'ü-1' }));
    const handler = makeIdempotent(charge, {
      persistenceStore: new CachePersistenceLayer({ client: await glide(Decoder.Bytes) }),
    });
    const event = { orderId: 'c-bytes' };

    await handler(event, createContext());
    const replayed = await handler(event, createContext());

    expect(replayed).toEqual({ charged: 'ü-1' });
    expect(charge).toHaveBeenCalledTimes(1);
  });
});
