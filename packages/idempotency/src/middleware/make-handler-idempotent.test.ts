import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { keyOf, useDynalite } from '../../test/test-dynalite.js';
import { DynamoDBPersistenceLayer } from '../dynamodb/index.js';
import { IdempotencyConfig } from '../index.js';
import { makeHandlerIdempotent } from './index.js';

const dynamo = useDynalite();

describe('makeHandlerIdempotent', () => {
  it('returns the stored response early for a repeated event, without running the handler', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (event: { orderId: string }) => ({ charged: event.orderId }));
    const handler = middy(charge).use(
      makeHandlerIdempotent({ persistenceStore: new DynamoDBPersistenceLayer({ tableName }) }),
    );

    const first = await handler({ orderId: 'm-1' }, createContext());
    const second = await handler({ orderId: 'm-1' }, createContext());

    expect(second).toEqual(first);
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('runs the cleanup a metrics middleware registered when it returns early', async () => {
    const tableName = await dynamo.table();
    const flushed = vi.fn();
    const metricsLike = {
      before: (request: { internal: Record<string, unknown> }) => {
        request.internal['powertools-for-aws.metrics'] = flushed;
      },
      after: flushed,
    };
    const handler = middy(async () => 'charged')
      .use(metricsLike)
      .use(makeHandlerIdempotent({ persistenceStore: new DynamoDBPersistenceLayer({ tableName }) }));
    await handler({ orderId: 'm-2' }, createContext());
    flushed.mockClear();

    await handler({ orderId: 'm-2' }, createContext());

    expect(flushed).toHaveBeenCalledTimes(1);
  });

  it('deletes the record when the handler throws, so a retry runs again', async () => {
    const tableName = await dynamo.table();
    const charge = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('declined'))
      .mockResolvedValue('charged');
    const handler = middy(charge).use(
      makeHandlerIdempotent({ persistenceStore: new DynamoDBPersistenceLayer({ tableName }) }),
    );
    const event = { orderId: 'm-3' };

    await expect(handler(event, createContext())).rejects.toThrow('declined');
    const afterFailure = await dynamo.item(tableName, { id: keyOf(event) });
    const retried = await handler(event, createContext());

    expect(afterFailure).toBeUndefined();
    expect(retried).toBe('charged');
  });

  it('runs the handler without a record when the key is missing', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async () => 'charged');
    const handler = middy(charge).use(
      makeHandlerIdempotent({
        persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
        config: new IdempotencyConfig({ eventKeyJmesPath: 'orderIdOfMiddleware' }),
      }),
    );

    await handler({ other: 1 }, createContext());
    await handler({ other: 1 }, createContext());

    expect(charge).toHaveBeenCalledTimes(2);
  });

  it('runs the cleanups of a request without internal state, and returns the stored response', async () => {
    const tableName = await dynamo.table();
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName });
    const middleware = makeHandlerIdempotent({ persistenceStore });
    const handler = middy(async () => 'charged').use(middleware);
    await handler({ orderId: 'm-5' }, createContext());

    const early = await middleware.before?.({
      event: { orderId: 'm-5' },
      context: createContext(),
      response: undefined,
      error: undefined,
      internal: undefined,
    } as never);

    expect(early).toBe('charged');
  });

  it('saves the result once when after runs twice, and touches no record for a request it did not claim', async () => {
    const tableName = await dynamo.table();
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName });
    const middleware = makeHandlerIdempotent({ persistenceStore });
    const event = { orderId: 'm-6' };
    const request = { event, context: createContext(), response: 'first', error: undefined, internal: {} };
    await middleware.before?.(request as never);
    await middleware.after?.(request as never);
    request.response = 'second';

    await middleware.after?.(request as never);
    await middleware.onError?.({ ...request, internal: {}, error: new Error('x') } as never);

    const item = await dynamo.item(tableName, { id: keyOf(event) });
    expect(item?.status).toEqual({ S: 'COMPLETED' });
    expect(item?.data).toEqual({ S: 'first' });
  });

  it('deletes the record once when onError runs twice', async () => {
    const tableName = await dynamo.table();
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName });
    const middleware = makeHandlerIdempotent({ persistenceStore });
    const event = { orderId: 'm-7' };
    const request = {
      event,
      context: createContext(),
      response: undefined,
      error: new Error('x'),
      internal: {},
    };
    await middleware.before?.(request as never);
    await middleware.onError?.(request as never);
    await persistenceStore.saveInProgress(event, 60_000); // another invocation claims the key meanwhile

    await middleware.onError?.(request as never);

    expect((await dynamo.item(tableName, { id: keyOf(event) }))?.status).toEqual({ S: 'INPROGRESS' });
  });

  it('runs the handler every time, without a record, when POWERTOOLS_IDEMPOTENCY_DISABLED is set', async () => {
    const tableName = await dynamo.table();
    process.env.POWERTOOLS_IDEMPOTENCY_DISABLED = 'true';
    const charge = vi.fn(async () => 'charged');
    const handler = middy(charge);
    await captureOutput(() => {
      handler.use(makeHandlerIdempotent({ persistenceStore: new DynamoDBPersistenceLayer({ tableName }) }));
    }).finally(() => {
      delete process.env.POWERTOOLS_IDEMPOTENCY_DISABLED;
    });

    await handler({ orderId: 'm-8' }, createContext());
    await handler({ orderId: 'm-8' }, createContext());

    expect(charge).toHaveBeenCalledTimes(2);
    expect(await dynamo.item(tableName, { id: keyOf({ orderId: 'm-8' }) })).toBeUndefined();
  });
});
