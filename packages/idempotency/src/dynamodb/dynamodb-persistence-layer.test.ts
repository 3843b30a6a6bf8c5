import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createContext } from '@lambkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { keyOf, useDynalite } from '../../test/test-dynalite.js';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyConfigError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '../index.js';
import { DynamoDBPersistenceLayer } from './index.js';

const dynamo = useDynalite();

function charging() {
  return vi.fn(async (event: { orderId: string }, _context?: unknown) => ({ charged: event.orderId }));
}

function inAnHour(): string {
  return String(Math.floor(Date.now() / 1000) + 3600);
}

describe('DynamoDBPersistenceLayer options', () => {
  it('refuses options that are not an object', () => {
    expect(() => new DynamoDBPersistenceLayer(null as never)).toThrow(
      'DynamoDBPersistenceLayer: options must be an object with a tableName, got null',
    );
    expect(() => new DynamoDBPersistenceLayer(undefined as never)).toThrow(
      'DynamoDBPersistenceLayer: options must be an object with a tableName, got undefined',
    );
  });

  it.each([
    ['an empty keyAttr', 'keyAttr', '', '""'],
    ['a statusAttr of 256 characters', 'statusAttr', 'x'.repeat(256), `"${'x'.repeat(77)}..."`],
    ['an expiryAttr that is a number', 'expiryAttr', 5, '5'],
    ['an empty inProgressExpiryAttr', 'inProgressExpiryAttr', '', '""'],
    ['an empty dataAttr', 'dataAttr', '', '""'],
    ['an empty validationKeyAttr', 'validationKeyAttr', '', '""'],
    ['an empty sortKeyAttr', 'sortKeyAttr', '', '""'],
  ])('refuses %s, naming it', (_name, field, value, shown) => {
    expect(() => new DynamoDBPersistenceLayer({ tableName: 'idempotency', [field]: value })).toThrow(
      new IdempotencyConfigError(
        'DynamoDBPersistenceLayer',
        field,
        value,
        'must be an attribute name of 1 to 255 characters',
      ),
    );
    expect(() => new DynamoDBPersistenceLayer({ tableName: 'idempotency', [field]: value })).toThrow(
      `got ${shown}`,
    );
  });

  it('accepts attribute names of 1 and of 255 characters', () => {
    expect(
      () =>
        new DynamoDBPersistenceLayer({ tableName: 'idempotency', keyAttr: 'k', dataAttr: 'd'.repeat(255) }),
    ).not.toThrow();
  });

  it.each([
    ['of 2 characters', 'ab', false],
    ['of 3 characters', 'abc', true],
    ['of 255 characters', 'a'.repeat(255), true],
    ['of 256 characters', 'a'.repeat(256), false],
    ['with ".", "_" and "-"', 'orders.v1_idempotency-table', true],
    ['with a blank', 'orders table', false],
    ['that is a number', 12345, false],
  ])('checks a table name %s as DynamoDB does', (_name, tableName, valid) => {
    const create = () => new DynamoDBPersistenceLayer({ tableName: tableName as string });

    if (valid) expect(create).not.toThrow();
    else expect(create).toThrow(/^DynamoDBPersistenceLayer: tableName must be a DynamoDB table name/);
  });

  it.each([
    ['null', null, 'null'],
    ['an object without send', {}, 'an object'],
  ])('refuses an awsSdkV3Client that is %s', (_name, client, shown) => {
    expect(
      () => new DynamoDBPersistenceLayer({ tableName: 'idempotency', awsSdkV3Client: client as never }),
    ).toThrow(`DynamoDBPersistenceLayer: awsSdkV3Client must be an AWS SDK v3 DynamoDBClient, got ${shown}`);
  });
});

describe('DynamoDBPersistenceLayer clients', () => {
  it('sends through the awsSdkV3Client it is given', async () => {
    const tableName = await dynamo.table();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const handler = makeIdempotent(charging(), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: dynamo.client() }),
    });

    const result = await handler({ orderId: 'c-1' }, createContext());

    expect(result).toEqual({ charged: 'c-1' });
    expect((await dynamo.item(tableName, { id: keyOf({ orderId: 'c-1' }) }))?.status).toEqual({
      S: 'COMPLETED',
    });
  });

  it('creates its client from clientConfig', async () => {
    const tableName = await dynamo.table();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const handler = makeIdempotent(charging(), {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName,
        clientConfig: { endpoint: dynamo.endpoint() },
      }),
    });

    const result = await handler({ orderId: 'c-2' }, createContext());

    expect(result).toEqual({ charged: 'c-2' });
  });

  it('gives the SDK error, as cause, of a table it cannot reach', async () => {
    const client = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const handler = makeIdempotent(charging(), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency', awsSdkV3Client: client }),
    });

    const error = (await handler({ orderId: 'c-3' }, createContext()).catch((e: unknown) => e)) as Error;
    client.destroy();

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.message).toBe('Failed to save in progress record to idempotency store');
    expect((error.cause as Error).message).toMatch(/ECONNREFUSED/);
  });
});

describe('DynamoDBPersistenceLayer items', () => {
  it('writes the attribute names it is given, and reads them back', async () => {
    const tableName = await dynamo.table({ keyAttr: 'pk' });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName,
      keyAttr: 'pk',
      statusAttr: 's',
      expiryAttr: 'e',
      inProgressExpiryAttr: 'ip',
      dataAttr: 'd',
      validationKeyAttr: 'v',
    });
    const charge = charging();
    let whileRunning: Record<string, unknown> | undefined;
    const event = { amount: 3, orderId: 'i-1' };
    const handler = makeIdempotent(
      async (e: { orderId: string }, _context: unknown) => {
        whileRunning = await dynamo.item(tableName, { pk: keyOf(event) });
        return charge(e);
      },
      { persistenceStore, config: new IdempotencyConfig({ payloadValidationJmesPath: 'amount' }) },
    );

    await handler(event, createContext());
    const replayed = await handler(event, createContext());

    expect(Object.keys(whileRunning ?? {}).sort()).toEqual(['e', 'ip', 'pk', 's', 'v']);
    const item = await dynamo.item(tableName, { pk: keyOf(event) });
    expect(Object.keys(item ?? {}).sort()).toEqual(['d', 'e', 'ip', 'pk', 's', 'v']);
    expect(item?.s).toEqual({ S: 'COMPLETED' });
    expect(item?.d).toEqual({ M: { charged: { S: 'i-1' } } });
    expect(item?.v).toEqual(whileRunning?.v);
    expect(replayed).toEqual({ charged: 'i-1' });
    expect(charge).toHaveBeenCalledTimes(1);
  });

  it('writes neither a payload hash nor an in-progress expiry that it does not have', async () => {
    const tableName = await dynamo.table();
    const event = { orderId: 'i-2' };
    let whileRunning: Record<string, unknown> | undefined;
    const handler = makeIdempotent(
      async (_event: unknown) => {
        whileRunning = await dynamo.item(tableName, { id: keyOf(event) });
        return undefined;
      },
      { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) },
    );

    await handler(event);
    const replayed = await handler(event);

    expect(Object.keys(whileRunning ?? {}).sort()).toEqual(['expiration', 'id', 'status']);
    expect(Object.keys((await dynamo.item(tableName, { id: keyOf(event) })) ?? {}).sort()).toEqual([
      'expiration',
      'id',
      'status',
    ]);
    expect(replayed).toBeUndefined();
  });

  it('keeps a composite key under staticPkValue, and names the sort key of a record in progress', async () => {
    const tableName = await dynamo.table({ sortKey: 'sk' });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName,
      sortKeyAttr: 'sk',
      staticPkValue: 'orders',
    });
    const event = { orderId: 'i-3' };
    let refused: unknown;
    const handler = makeIdempotent(
      async (e: { orderId: string }, _context: unknown) => {
        refused = await handler(e, createContext()).catch((error: unknown) => error);
        return 'charged';
      },
      { persistenceStore },
    );

    await handler(event, createContext());

    expect((await dynamo.item(tableName, { id: 'orders', sk: keyOf(event) }))?.status).toEqual({
      S: 'COMPLETED',
    });
    expect(refused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect((refused as Error).message).toBe(
      `There is already an execution in progress with idempotency key: ${keyOf(event)} and sort key: ${keyOf(event)}`,
    );
  });

  it('holds an INPROGRESS item written without an in-progress expiry until it expires', async () => {
    const tableName = await dynamo.table();
    const event = { orderId: 'i-4' };
    await dynamo.put(tableName, {
      id: { S: keyOf(event) },
      status: { S: 'INPROGRESS' },
      expiration: { N: inAnHour() },
    });
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const refused = await handler(event, createContext()).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(charge).not.toHaveBeenCalled();
  });

  it('holds an INPROGRESS item whose in-progress expiry is ahead', async () => {
    const tableName = await dynamo.table();
    const event = { orderId: 'i-5' };
    await dynamo.put(tableName, {
      id: { S: keyOf(event) },
      status: { S: 'INPROGRESS' },
      expiration: { N: inAnHour() },
      in_progress_expiration: { N: String(Date.now() + 600_000) },
    });
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const refused = await handler(event, createContext()).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect((refused as Error).message).toBe(
      `There is already an execution in progress with idempotency key: ${keyOf(event)}`,
    );
    expect(charge).not.toHaveBeenCalled();
  });

  it('takes over a COMPLETED item whose in-progress expiry has passed only once it has expired', async () => {
    const tableName = await dynamo.table();
    const event = { orderId: 'i-6' };
    await dynamo.put(tableName, {
      id: { S: keyOf(event) },
      status: { S: 'COMPLETED' },
      expiration: { N: inAnHour() },
      in_progress_expiration: { N: String(Date.now() - 600_000) },
      data: { S: 'stored' },
    });
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const result = await handler(event, createContext());

    expect(result).toBe('stored');
    expect(charge).not.toHaveBeenCalled();
  });

  it('refuses a claim with the existing record, and reads a missing one as not found', async () => {
    const tableName = await dynamo.table();
    const store = new DynamoDBPersistenceLayer({ tableName });
    store.configure({ config: new IdempotencyConfig({}) });
    const missing = await store.getRecord({ orderId: 'i-7' }).catch((e: unknown) => e);
    await store.saveInProgress({ orderId: 'i-7' }, 60_000);

    const refused = (await store.saveInProgress({ orderId: 'i-7' }, 60_000).catch((e: unknown) => e)) as
      | IdempotencyItemAlreadyExistsError
      | undefined;

    expect(missing).toBeInstanceOf(IdempotencyItemNotFoundError);
    expect((missing as Error).message).toBe(`No idempotency record for key: ${keyOf({ orderId: 'i-7' })}`);
    expect(refused).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect(refused?.message).toBe(
      `Failed to put record for already existing idempotency key: ${keyOf({ orderId: 'i-7' })}`,
    );
  });
  it('names the sort key, the hashed key, of a claim refused under a composite key', async () => {
    const tableName = await dynamo.table({ sortKey: 'sk' });
    const store = new DynamoDBPersistenceLayer({ tableName, sortKeyAttr: 'sk' });
    store.configure({ config: new IdempotencyConfig({}) });
    await store.saveInProgress({ orderId: 'i-8' }, 60_000);

    const refused = await store.saveInProgress({ orderId: 'i-8' }, 60_000).catch((e: unknown) => e);

    const key = keyOf({ orderId: 'i-8' });
    expect((refused as Error).message).toBe(
      `Failed to put record for already existing idempotency key: ${key} and sort key: ${key}`,
    );
  });
});

describe('DynamoDBPersistenceLayer items it cannot read', () => {
  it.each([
    [
      'an expiry that is not a number',
      { expiration: { S: 'soon' } },
      'attribute "expiration" must be a number',
    ],
    [
      'an in-progress expiry that is not a number',
      { in_progress_expiration: { S: 'soon' } },
      'attribute "in_progress_expiration" must be a number',
    ],
    [
      'a payload hash that is not a string',
      { validation: { N: '1' } },
      'attribute "validation" must be a string',
    ],
    ['no status', { status: undefined }, 'attribute "status" must be a string (INPROGRESS or COMPLETED)'],
  ])('refuses an item with %s instead of running again', async (_name, fields, rule) => {
    const tableName = await dynamo.table();
    const event = { orderId: `u-${rule.length}` };
    const item: Record<string, unknown> = {
      id: { S: keyOf(event) },
      status: { S: 'COMPLETED' },
      expiration: { N: inAnHour() },
      ...fields,
    };
    await dynamo.put(tableName, JSON.parse(JSON.stringify(item)));
    const charge = charging();
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const error = (await handler(event, createContext()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(error.message).toBe(
      `The idempotency record ${keyOf(event)} in table ${tableName} cannot be read: ${rule}`,
    );
    expect(charge).not.toHaveBeenCalled();
  });
});
