import { createContext } from '@lambkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { keyOf, useDynalite } from '../test/test-dynalite.js';
import { DynamoDBPersistenceLayer } from './dynamodb/index.js';
import { IdempotencyConfig, IdempotencyValidationError, idempotent, makeIdempotent } from './index.js';

const dynamo = useDynalite();

describe('makeIdempotent on DynamoDB (dynalite)', () => {
  it('runs the handler once and stores its result as a COMPLETED record', async () => {
    // Prepare
    const tableName = await dynamo.table();
    const charge = vi.fn(async (event: { orderId: string }, _context?: unknown) => ({
      charged: event.orderId,
    }));
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });
    const event = { orderId: 'o-1' };

    // Act
    const result = await handler(event, createContext());

    // Assess
    expect(result).toEqual({ charged: 'o-1' });
    const item = await dynamo.item(tableName, { id: keyOf(event) });
    expect(item?.status).toEqual({ S: 'COMPLETED' });
    expect(item?.data).toEqual({ M: { charged: { S: 'o-1' } } });
    expect(Number(item?.expiration.N)).toBeCloseTo(Date.now() / 1000 + 3600, -1);
  });

  it('returns the stored result for a repeated event without running the handler again', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (event: { orderId: string }, _context?: unknown) => ({
      charged: event.orderId,
      at: Math.random(),
    }));
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const first = await handler({ orderId: 'o-2' }, createContext());
    const second = await handler({ orderId: 'o-2' }, createContext());

    expect(second).toEqual(first);
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('keys on the part of the event under eventKeyJmesPath, with powertools_json', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => 'ok');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).orderId' }),
    });

    await handler({ body: '{"orderId":"o-3","retry":1}' }, createContext());
    await handler({ body: '{"orderId":"o-3","retry":2}' }, createContext());

    expect(charge).toHaveBeenCalledTimes(1);
    expect(await dynamo.item(tableName, { id: keyOf('o-3') })).toBeDefined();
  });

  it('deletes the record when the handler throws, so a retry runs it again', async () => {
    const tableName = await dynamo.table();
    const charge = vi
      .fn<(event: unknown, context: unknown) => Promise<string>>()
      .mockRejectedValueOnce(new Error('card declined'))
      .mockResolvedValueOnce('charged');
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });
    const event = { orderId: 'o-4' };

    await expect(handler(event, createContext())).rejects.toThrow('card declined');
    const afterFailure = await dynamo.item(tableName, { id: keyOf(event) });
    const retried = await handler(event, createContext());

    expect(afterFailure).toBeUndefined();
    expect(retried).toBe('charged');
    expect(charge).toHaveBeenCalledTimes(2);
  });

  it('runs again once the COMPLETED record has expired', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });
    const event = { orderId: 'o-5' };
    await handler(event, createContext());
    await dynamo.set(
      tableName,
      { id: keyOf(event) },
      { expiration: { N: String(Math.floor(Date.now() / 1000) - 10) } },
    );

    await handler(event, createContext());

    expect(charge).toHaveBeenCalledTimes(2);
  });

  it('writes the in-progress expiry from the remaining time of the invocation', async () => {
    const tableName = await dynamo.table();
    let seen: Record<string, any> | undefined;
    const event = { orderId: 'o-6' };
    const handler = makeIdempotent(
      async (_event?: unknown, _context?: unknown) => {
        seen = await dynamo.item(tableName, { id: keyOf(event) });
        return 'ok';
      },
      { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) },
    );

    await handler(event, createContext({ timeoutMs: 60_000 }));

    expect(seen?.status).toEqual({ S: 'INPROGRESS' });
    expect(Number(seen?.in_progress_expiration.N)).toBeGreaterThan(Date.now() + 50_000);
    expect(Number(seen?.in_progress_expiration.N)).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('refuses a repeated key whose payload differs under payloadValidationJmesPath', async () => {
    const tableName = await dynamo.table();
    const handler = makeIdempotent(async (_event?: unknown, _context?: unknown) => 'charged', {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', payloadValidationJmesPath: 'amount' }),
    });
    await handler({ orderId: 'o-7', amount: 10 }, createContext());

    const reused = handler({ orderId: 'o-7', amount: 99 }, createContext());

    await expect(reused).rejects.toBeInstanceOf(IdempotencyValidationError);
  });

  it('returns the stored result for the same key and the same validated payload', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', payloadValidationJmesPath: 'amount' }),
    });
    await handler({ orderId: 'o-8', amount: 10, note: 'a' }, createContext());

    const second = await handler({ orderId: 'o-8', amount: 10, note: 'b' }, createContext());

    expect(second).toBe('charged');
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('passes a stored response through the response hook', async () => {
    const tableName = await dynamo.table();
    const handler = makeIdempotent(async (_event?: unknown, _context?: unknown) => ({ status: 'charged' }), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({
        responseHook: (response, record) => ({ ...(response as object), replayed: record.idempotencyKey }),
      }),
    });
    const event = { orderId: 'o-9' };
    const first = await handler(event, createContext());

    const second = await handler(event, createContext());

    expect(first).toEqual({ status: 'charged' });
    expect(second).toEqual({ status: 'charged', replayed: keyOf(event) });
  });

  it('hashes the argument at dataIndexArgument of a function that is not a handler', async () => {
    const tableName = await dynamo.table();
    const send = vi.fn(async (_template: string, to: string) => `sent to ${to}`);
    const sendOnce = makeIdempotent(send, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      dataIndexArgument: 1,
    });

    await sendOnce('welcome', 'ana@example.com');
    await sendOnce('reminder', 'ana@example.com');

    expect(send).toHaveBeenCalledTimes(1);
    expect(await dynamo.item(tableName, { id: keyOf('ana@example.com') })).toBeDefined();
  });

  it('serves a repeated event from the local cache without reading the table', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ useLocalCache: true }),
    });
    const event = { orderId: 'o-10' };
    await handler(event, createContext());
    // Proof that the table is not read: the record there now says something else.
    await dynamo.set(tableName, { id: keyOf(event) }, { data: { S: 'from the table' } });

    const second = await handler(event, createContext());

    expect(second).toBe('charged');
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('stores records under a composite key with sortKeyAttr and staticPkValue', async () => {
    const tableName = await dynamo.table({ sortKey: 'sk' });
    const charge = vi.fn(async (_event?: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName, sortKeyAttr: 'sk' }),
    });
    const event = { orderId: 'o-11' };

    await handler(event, createContext());
    await handler(event, createContext());

    expect(charge).toHaveBeenCalledTimes(1);
    const item = await dynamo.item(tableName, { id: 'idempotency#payments', sk: keyOf(event) });
    expect(item?.status).toEqual({ S: 'COMPLETED' });
  });

  it('makes a decorated class method idempotent, with this bound to the instance', async () => {
    const tableName = await dynamo.table();
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName });
    class Payments {
      calls = 0;
      @idempotent({ persistenceStore })
      async handler(event: { orderId: string }, _context: unknown) {
        this.calls += 1;
        return { charged: event.orderId };
      }
    }
    const payments = new Payments();

    await payments.handler({ orderId: 'o-12' }, createContext());
    const second = await payments.handler({ orderId: 'o-12' }, createContext());

    expect(second).toEqual({ charged: 'o-12' });
    expect(payments.calls).toBe(1);
  });
});
