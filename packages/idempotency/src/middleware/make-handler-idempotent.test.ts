import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { DynamoDBPersistenceLayer } from '../dynamodb/index.js';
import { IdempotencyConfig } from '../index.js';
import { keyOf, useDynalite } from '../test-dynalite.js';
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
});
