import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { keyOf, useDynalite } from '../test/test-dynalite.js';
import { DynamoDBPersistenceLayer } from './dynamodb/index.js';
import { IdempotencyAlreadyInProgressError, makeIdempotent } from './index.js';
import { makeHandlerIdempotent } from './middleware/index.js';

const dynamo = useDynalite();
const here = dirname(fileURLToPath(import.meta.url));
const childFile = join(here, '..', 'node_modules', '.cache', 'idempotency-test', 'crash-child.mjs');

/** A promise the test resolves itself, to hold a handler mid-invocation. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const N = 10;

describe('concurrent invocations with one key', () => {
  it('runs exactly one of N concurrent invocations; the others get IdempotencyAlreadyInProgressError', async () => {
    // Prepare
    const tableName = await dynamo.table();
    const held = gate();
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => {
      await held.opened;
      return 'charged';
    });
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });
    const event = { orderId: 'c-1' };

    // Act
    const running = Array.from({ length: N }, () => handler(event, createContext({ timeoutMs: 30_000 })));
    // The gate opens once the others have all answered (refused): opened earlier, a call that a loaded
    // machine delayed past the first one's end would get its stored result instead (right, but
    // not what this test is about).
    // A second run ends the wait too: the assertions below then fail at once instead of timing out.
    let settledCount = 0;
    for (const call of running)
      call.then(
        () => settledCount++,
        () => settledCount++,
      );
    await vi.waitUntil(() => settledCount === N - 1 || charge.mock.calls.length > 1, {
      timeout: 20_000,
      interval: 20,
    });
    held.open();
    const outcomes = await Promise.allSettled(running);

    // Assess
    expect(charge).toHaveBeenCalledTimes(1);
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(fulfilled.map((outcome) => outcome.value)).toEqual(['charged']);
    expect(rejected).toHaveLength(N - 1);
    for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(IdempotencyAlreadyInProgressError);
  });

  it('leaves the running invocation its record when the middleware refuses the others', async () => {
    const tableName = await dynamo.table();
    const held = gate();
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => {
      await held.opened;
      return 'charged';
    });
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName });
    const handler = middy(charge).use(makeHandlerIdempotent({ persistenceStore }));
    const event = { orderId: 'c-2' };
    const first = handler(event, createContext({ timeoutMs: 30_000 }));
    await vi.waitUntil(() => charge.mock.calls.length === 1);

    const others = await Promise.allSettled(
      Array.from({ length: 3 }, () => handler(event, createContext({ timeoutMs: 30_000 }))),
    );
    const recordWhileRunning = await dynamo.item(tableName, { id: keyOf(event) });
    held.open();
    await first;

    for (const outcome of others) {
      expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(
        IdempotencyAlreadyInProgressError,
      );
    }
    expect(recordWhileRunning?.status).toEqual({ S: 'INPROGRESS' });
    expect(charge).toHaveBeenCalledTimes(1);
  });
});

describe('a process killed mid-invocation', () => {
  beforeAll(async () => {
    mkdirSync(dirname(childFile), { recursive: true });
    await build({
      entryPoints: [join(here, '__fixtures__', 'crash-child.ts')],
      outfile: childFile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
      tsconfig: join(here, '..', 'tsconfig.json'),
      logLevel: 'silent',
    });
  });

  it('blocks retries until the in-progress expiry, then runs the retry', async () => {
    // Prepare: a process claims the key and is killed while the handler runs.
    const tableName = await dynamo.table();
    const event = { orderId: 'crash-1' };
    // Far longer than any delay a loaded machine adds: the clock of this process is moved past it
    // instead of waiting for it.
    const inProgressMs = 600_000;
    const child = spawn(process.execPath, [childFile], {
      env: {
        ...process.env,
        TABLE_NAME: tableName,
        EVENT: JSON.stringify(event),
        IN_PROGRESS_MS: String(inProgressMs),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('started')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the child exited (${code}) before it started`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const abandoned = await dynamo.item(tableName, { id: keyOf(event) });
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    // Act
    const early = await handler(event, createContext()).catch((error: unknown) => error);
    vi.useFakeTimers({ toFake: ['Date'] });
    const retried = await (async () => {
      try {
        vi.setSystemTime(Number(abandoned?.in_progress_expiration.N) + 1000);
        return await handler(event, createContext());
      } finally {
        vi.useRealTimers();
      }
    })();

    // Assess
    expect(abandoned?.status).toEqual({ S: 'INPROGRESS' });
    expect(early).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(retried).toBe('charged');
    expect(charge).toHaveBeenCalledTimes(1);
    expect((await dynamo.item(tableName, { id: keyOf(event) }))?.status).toEqual({ S: 'COMPLETED' });
  }, 45_000);
});
