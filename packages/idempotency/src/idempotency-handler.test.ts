import { createContext } from '@lambkit/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MapStore } from '../test/persistence/test-map-store.js';
import { keyOf } from '../test/test-dynalite.js';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  IdempotencyRecordStatus,
  IdempotencyUnknownError,
  IdempotencyValidationError,
  makeIdempotent,
} from './index.js';
import { IdempotencyRecord } from './persistence/index.js';

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'payments');
  return () => vi.unstubAllEnvs();
});

function charging() {
  return vi.fn(async (event: { orderId: string }, _context?: unknown) => ({ charged: event.orderId }));
}

function nowSeconds(): number {
  return Date.now() / 1000;
}

/** A record for `event` in the store, as another invocation left it. */
function storeRecord(
  store: MapStore,
  event: unknown,
  fields: Partial<ConstructorParameters<typeof IdempotencyRecord>[0]>,
) {
  store.items.set(
    keyOf(event),
    new IdempotencyRecord({
      idempotencyKey: keyOf(event),
      status: IdempotencyRecordStatus.COMPLETED,
      expiryTimestamp: nowSeconds() + 3600,
      ...fields,
    }),
  );
}

describe('a key held by another record', () => {
  it('returns the stored response of a COMPLETED record without running', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'h-1' };
    storeRecord(store, event, { responseData: 'stored' });

    const result = await handler(event, createContext());

    expect(result).toBe('stored');
    expect(charge).not.toHaveBeenCalled();
    expect(store.calls.get).toBe(0); // the refusal carried the record: no second read
  });

  it('refuses with IdempotencyAlreadyInProgressError naming the key while the holder runs', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'h-2' };
    storeRecord(store, event, {
      status: IdempotencyRecordStatus.INPROGRESS,
      inProgressExpiryTimestamp: Date.now() + 60_000,
    });

    const error = (await handler(event, createContext()).catch(
      (e: unknown) => e,
    )) as IdempotencyAlreadyInProgressError;

    expect(error).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(error.message).toBe(
      `There is already an execution in progress with idempotency key: ${keyOf(event)}`,
    );
    expect(error.existingRecord?.idempotencyKey).toBe(keyOf(event));
    expect(charge).not.toHaveBeenCalled();
  });

  it('names the sort key of a record kept under a composite key', async () => {
    const store = new MapStore();
    const handler = makeIdempotent(charging(), { persistenceStore: store });
    const event = { orderId: 'h-3' };
    storeRecord(store, event, { status: IdempotencyRecordStatus.INPROGRESS, sortKey: 'sk-1' });

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error.message).toBe(
      `There is already an execution in progress with idempotency key: ${keyOf(event)} and sort key: sk-1`,
    );
  });

  it('gives up after two retries on a record that the store holds but that has expired', async () => {
    // A store that refuses the claim for a record it still holds, though that record has expired.
    const store = new MapStore();
    store.refuseNextPuts = Number.POSITIVE_INFINITY;
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'h-4' };
    storeRecord(store, event, { expiryTimestamp: nowSeconds() - 10 });

    const error = await handler(event, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyInconsistentStateError);
    expect((error as Error).message).toBe('Item has expired during processing and may not longer be valid.');
    expect(store.calls.put).toBe(3);
    expect(charge).not.toHaveBeenCalled();
  });

  it('retries a claim refused for an INPROGRESS record whose in-progress expiry has passed, and runs', async () => {
    const store = new MapStore();
    store.refuseNextPuts = 2;
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'h-5' };
    storeRecord(store, event, {
      status: IdempotencyRecordStatus.INPROGRESS,
      inProgressExpiryTimestamp: Date.now() - 1,
    });

    const result = await handler(event, createContext());

    expect(result).toEqual({ charged: 'h-5' });
    expect(store.calls.put).toBe(3);
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('still refuses a key whose in-progress expiry is this very millisecond', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const store = new MapStore();
      const handler = makeIdempotent(charging(), { persistenceStore: store });
      const event = { orderId: 'h-12' };
      storeRecord(store, event, {
        status: IdempotencyRecordStatus.INPROGRESS,
        inProgressExpiryTimestamp: Date.now(),
      });

      const error = await handler(event, createContext()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(IdempotencyAlreadyInProgressError);
      expect(store.calls.put).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says which state was inconsistent for an abandoned INPROGRESS record', async () => {
    const store = new MapStore();
    store.refuseNextPuts = Number.POSITIVE_INFINITY;
    const handler = makeIdempotent(charging(), { persistenceStore: store });
    const event = { orderId: 'h-6' };
    storeRecord(store, event, {
      status: IdempotencyRecordStatus.INPROGRESS,
      inProgressExpiryTimestamp: Date.now() - 1,
    });

    const error = await handler(event, createContext()).catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      'Item is in progress but the in progress expiry timestamp has expired.',
    );
  });

  it('reads the record from the store when the refusal did not carry it', async () => {
    const store = new MapStore();
    store.withoutExistingRecord = true;
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'h-7' };
    storeRecord(store, event, { responseData: 'stored' });

    const result = await handler(event, createContext());

    expect(result).toBe('stored');
    expect(store.calls.get).toBe(1);
    expect(charge).not.toHaveBeenCalled();
  });

  it('claims again when the record was deleted between the refused claim and the read', async () => {
    const store = new MapStore();
    store.withoutExistingRecord = true;
    store.refuseNextPuts = 1;
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });

    const result = await handler({ orderId: 'h-8' }, createContext());

    expect(result).toEqual({ charged: 'h-8' });
    expect(store.calls).toMatchObject({ put: 2, get: 1 });
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('gives IdempotencyInconsistentStateError, with the cause, when the record keeps disappearing', async () => {
    const store = new MapStore();
    store.withoutExistingRecord = true;
    store.refuseNextPuts = Number.POSITIVE_INFINITY;
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    const error = (await handler({ orderId: 'h-9' }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyInconsistentStateError);
    expect(error.message).toBe('Item was deleted between the put and the read.');
    expect((error.cause as Error).name).toBe('IdempotencyItemNotFoundError');
    expect(store.calls.put).toBe(3);
  });

  it('fails with IdempotencyPersistenceLayerError, without running, when the read after a refused claim fails', async () => {
    const store = new MapStore();
    store.withoutExistingRecord = true;
    store.failGet = new Error('throttled');
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'h-10' };
    storeRecord(store, event, {});

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.message).toBe('Failed to get record from idempotency store');
    expect((error.cause as Error).message).toBe('throttled');
    expect(charge).not.toHaveBeenCalled();
  });

  it('passes an idempotency error of the read through as it is', async () => {
    const store = new MapStore();
    store.withoutExistingRecord = true;
    const handler = makeIdempotent(charging(), {
      persistenceStore: store,
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', payloadValidationJmesPath: 'amount' }),
    });
    storeRecord(store, 'h-11', { payloadHash: 'another payload' });

    const error = await handler({ orderId: 'h-11', amount: 1 } as never, createContext()).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(IdempotencyValidationError);
  });
});

describe('a store that fails', () => {
  it('wraps a failed claim in IdempotencyPersistenceLayerError, with the cause, without running', async () => {
    const store = new MapStore();
    store.failNextPut = new Error('unreachable');
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });

    const error = (await handler({ orderId: 'f-1' }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.message).toBe('Failed to save in progress record to idempotency store');
    expect((error.cause as Error).message).toBe('unreachable');
    expect(charge).not.toHaveBeenCalled();
  });

  it('wraps a value thrown by the claim that is not an Error in IdempotencyUnknownError', async () => {
    const store = new MapStore();
    store.failNextPut = 'a string';
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    const error = (await handler({ orderId: 'f-2' }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error.constructor).toBe(IdempotencyUnknownError);
    expect(error.message).toBe('An unknown error occurred while processing the request.');
    expect(error.cause).toBe('a string');
  });

  it('passes an IdempotencyKeyError of the claim through as it is', async () => {
    const store = new MapStore();
    const keyError = new IdempotencyKeyError('no key');
    store.failNextPut = keyError;
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    const error = await handler({ orderId: 'f-3' }, createContext()).catch((e: unknown) => e);

    expect(error).toBe(keyError);
  });

  it('keeps the function error and says the key stays locked when the record cannot be deleted', async () => {
    const store = new MapStore();
    store.failDelete = new Error('access denied');
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        throw new Error('card declined');
      },
      { persistenceStore: store },
    );

    const error = (await handler({ orderId: 'f-4' }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.message).toBe(
      'Failed to delete record from idempotency store after the function threw: card declined; the key stays locked until its in-progress expiry',
    );
    expect((error.cause as Error).message).toBe('access denied');
  });

  it('says the key stays locked when the record cannot be deleted after a throw that is not an Error', async () => {
    const store = new MapStore();
    store.failDelete = new Error('access denied');
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        throw 'declined';
      },
      { persistenceStore: store },
    );

    const error = (await handler({ orderId: 'f-5' }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error.message).toBe(
      'Failed to delete record from idempotency store after the function threw; the key stays locked until its in-progress expiry',
    );
  });

  it('wraps a failed save of the result in IdempotencyPersistenceLayerError, with the cause', async () => {
    const store = new MapStore();
    store.failUpdate = new Error('item too large');
    const handler = makeIdempotent(charging(), { persistenceStore: store });

    const error = (await handler({ orderId: 'f-7' }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.message).toBe('Failed to update success record to idempotency store');
    expect((error.cause as Error).message).toBe('item too large');
  });

  it('wraps a null thrown by the read after a refused claim in IdempotencyPersistenceLayerError', async () => {
    const store = new MapStore();
    store.withoutExistingRecord = true;
    store.failGet = null;
    const handler = makeIdempotent(charging(), { persistenceStore: store });
    const event = { orderId: 'f-8' };
    storeRecord(store, event, {});

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.cause).toBeNull();
  });

  it('rethrows what the function threw after deleting its record', async () => {
    const store = new MapStore();
    const thrown = { code: 'DECLINED' };
    const handler = makeIdempotent(
      async (_event: unknown, _context: unknown) => {
        throw thrown;
      },
      { persistenceStore: store },
    );

    const error = await handler({ orderId: 'f-6' }, createContext()).catch((e: unknown) => e);

    expect(error).toBe(thrown);
    expect(store.items.size).toBe(0);
  });
});

describe('durable executions', () => {
  it('runs a replayed step whose own earlier attempt holds the key', async () => {
    const store = new MapStore();
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: store });
    const event = { orderId: 'd-1' };
    storeRecord(store, event, { status: IdempotencyRecordStatus.INPROGRESS });
    const durable = {
      durableExecutionMode: 'ReplayMode',
      step: () => undefined,
      lambdaContext: createContext(),
    };

    const result = await handler(event, durable as never);

    expect(result).toEqual({ charged: 'd-1' });
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('refuses a key held by another execution when not replaying, with the in-progress expiry of its Lambda context', async () => {
    const store = new MapStore();
    const charge = charging();
    let whileRunning: IdempotencyRecord | undefined;
    const handler = makeIdempotent(
      async (event: { orderId: string }, _context: unknown) => {
        whileRunning = store.items.get(keyOf(event));
        return 'ok';
      },
      { persistenceStore: store },
    );
    const event = { orderId: 'd-2' };
    const durable = {
      durableExecutionMode: 'ExecutionMode',
      step: () => undefined,
      lambdaContext: createContext({ timeoutMs: 600_000 }),
    };
    await handler(event, durable as never);
    storeRecord(store, { orderId: 'd-3' }, { status: IdempotencyRecordStatus.INPROGRESS });

    const refused = await handler({ orderId: 'd-3' }, durable as never).catch((e: unknown) => e);

    expect(whileRunning?.inProgressExpiryTimestamp).toBeGreaterThan(Date.now() + 500_000);
    expect(refused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(charge).not.toHaveBeenCalled();
  });
});
