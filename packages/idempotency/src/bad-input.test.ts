import { inspect } from 'node:util';
import { captureOutput, createContext } from '@lambkit/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyOf, useDynalite } from '../test/test-dynalite.js';
import { DynamoDBPersistenceLayer } from './dynamodb/index.js';
import {
  IdempotencyConfig,
  IdempotencyConfigError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from './index.js';

const dynamo = useDynalite();

afterEach(() => {
  delete process.env.POWERTOOLS_IDEMPOTENCY_DISABLED;
});

describe('options passed in code', () => {
  it('refuses a malformed eventKeyJmesPath when the config is created, naming it', () => {
    expect(() => new IdempotencyConfig({ eventKeyJmesPath: 'body.[orderId' })).toThrow(
      /IdempotencyConfig: eventKeyJmesPath must be a valid JMESPath expression .*got "body\.\[orderId"/,
    );
  });

  it('refuses an unknown JMESPath function when the config is created', () => {
    expect(() => new IdempotencyConfig({ payloadValidationJmesPath: 'to_json(body)' })).toThrow(
      IdempotencyConfigError,
    );
  });

  it('accepts an expression whose functions only fail on the empty probe document', () => {
    expect(() => new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).orderId' })).not.toThrow();
  });

  it.each([
    [{ expiresAfterSeconds: 0 }, /expiresAfterSeconds must be a positive number, got 0/],
    [{ maxLocalCacheSize: 1.5 }, /maxLocalCacheSize must be a positive integer, got 1.5/],
    [{ hashFunction: 'md6' }, /hashFunction must be a hash node:crypto supports .*got "md6"/],
    [{ useLocalCache: 'yes' }, /useLocalCache must be a boolean, got "yes"/],
    [{ responseHook: 'hook' }, /responseHook must be a function/],
  ])('refuses %o naming the field, the value and the rule', (options, message) => {
    expect(() => new IdempotencyConfig(options as never)).toThrow(message);
  });

  it('refuses a persistence store that is not a persistence layer', () => {
    expect(() => makeIdempotent(async () => 1, { persistenceStore: {} as never })).toThrow(
      /makeIdempotent: persistenceStore must be a persistence layer/,
    );
  });

  it('refuses a table name DynamoDB would refuse', () => {
    expect(() => new DynamoDBPersistenceLayer({ tableName: 'a' })).toThrow(
      /tableName must be a DynamoDB table name/,
    );
  });

  it("refuses the same attribute as partition and sort key, with Powertools' message", () => {
    expect(() => new DynamoDBPersistenceLayer({ tableName: 'idempotency', sortKeyAttr: 'id' })).toThrow(
      'keyAttr [id] and sortKeyAttr [id] cannot be the same!',
    );
  });
});

describe('payloads without a key', () => {
  it('throws IdempotencyKeyError naming the expression with throwOnNoIdempotencyKey', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (_event: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', throwOnNoIdempotencyKey: true }),
    });

    const error = await handler({ other: 1 }, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect((error as Error).message).toContain('eventKeyJmesPath "orderId"');
    expect(charge).not.toHaveBeenCalled();
  });

  it('runs without idempotency and says so once when the key is missing', async () => {
    const tableName = await dynamo.table();
    const charge = vi.fn(async (_event: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'missingKeyOnce' }),
    });

    const output = await captureOutput(async () => {
      await handler({ other: 1 }, createContext());
      await handler({ other: 1 }, createContext());
    });

    expect(charge).toHaveBeenCalledTimes(2);
    const warnings = output.stderrLines.filter((line) => line.text.includes('missingKeyOnce'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.json).toMatchObject({
      level: 'WARN',
      package: '@lambkit/idempotency',
      code: 'IDEMPOTENCY_SKIPPED_NO_KEY',
      eventKeyJmesPath: 'missingKeyOnce',
    });
    expect(warnings[0]?.text).toContain('throwOnNoIdempotencyKey');
  });

  it('throws IdempotencyKeyError naming the expression when it cannot be evaluated on the payload', async () => {
    const tableName = await dynamo.table();
    const handler = makeIdempotent(async (_event: unknown, _context?: unknown) => 'charged', {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).orderId' }),
    });

    const error = await handler({ body: 5 }, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect((error as Error).message).toContain('powertools_json(body).orderId');
  });
});

describe('store failures', () => {
  it('throws IdempotencyPersistenceLayerError with the cause and never runs the function when the store fails', async () => {
    const charge = vi.fn(async (_event: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'no-such-table' }),
    });

    const error = await handler({ orderId: 'f-1' }, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect(((error as Error).cause as Error).name).toBe('ResourceNotFoundException');
    expect(charge).not.toHaveBeenCalled();
  });

  it("keeps the session token of the function's credentials out of the SDK error it gives as cause", async () => {
    // In a function the SDK signs with the role's credentials from the environment, token included.
    const token = 'function-role-session-token-value';
    process.env.AWS_SESSION_TOKEN = token;
    const handler = makeIdempotent(async (_event: unknown, _context?: unknown) => 'charged', {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'no-such-table' }),
    });

    const error = await handler({ orderId: 'f-3' }, createContext())
      .catch((e: unknown) => e)
      .finally(() => {
        delete process.env.AWS_SESSION_TOKEN;
      });

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect((error as Error).cause).toHaveProperty('$metadata');
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(token);
  });

  it('treats a stored record it cannot read as an error, not as a free key', async () => {
    const tableName = await dynamo.table();
    const event = { orderId: 'f-2' };
    await dynamo.put(tableName, {
      id: { S: keyOf(event) },
      status: { N: '1' },
      expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
    });
    const charge = vi.fn(async (_event: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const error = await handler(event, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect((error as Error).message).toMatch(/cannot be read: attribute "status"/);
    expect(charge).not.toHaveBeenCalled();
  });

  it('treats a stored record with an unknown status as an error, not as a free key', async () => {
    const tableName = await dynamo.table();
    const event = { orderId: 'f-3' };
    await dynamo.put(tableName, {
      id: { S: keyOf(event) },
      status: { S: 'DONE' },
      expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
    });
    const charge = vi.fn(async (_event: unknown, _context?: unknown) => 'charged');
    const handler = makeIdempotent(charge, { persistenceStore: new DynamoDBPersistenceLayer({ tableName }) });

    const error = await handler(event, createContext()).catch((e: unknown) => e);

    expect((error as Error).name).toBe('IdempotencyInvalidStatusError');
    expect(charge).not.toHaveBeenCalled();
  });

  it('throws IdempotencyPersistenceLayerError when the result cannot be stored', async () => {
    const tableName = await dynamo.table();
    const handler = makeIdempotent(async (_event: unknown, _context?: unknown) => ({ total: Number.NaN }), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
    });

    const error = await handler({ orderId: 'f-4' }, createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyPersistenceLayerError);
    expect((error as Error).message).toBe('Failed to update success record to idempotency store');
  });
});

describe('POWERTOOLS_IDEMPOTENCY_DISABLED', () => {
  it('turns idempotency off with one warning naming the variable', async () => {
    process.env.POWERTOOLS_IDEMPOTENCY_DISABLED = 'true';
    const charge = vi.fn(async (_event: unknown, _context?: unknown) => 'charged');

    const output = await captureOutput(async () => {
      const handler = makeIdempotent(charge, {
        persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'never-reached' }),
      });
      await handler({ orderId: 'd-1' }, createContext());
      await handler({ orderId: 'd-1' }, createContext());
    });

    expect(charge).toHaveBeenCalledTimes(2);
    const warnings = output.stderrLines.filter((line) =>
      line.text.includes('POWERTOOLS_IDEMPOTENCY_DISABLED'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.json).toMatchObject({
      package: '@lambkit/idempotency',
      code: 'IDEMPOTENCY_DISABLED',
    });
  });
});

describe('errors that carry a stored record', () => {
  it('keep the record out of what a logger serializes, and give it to code that asks', async () => {
    const tableName = await dynamo.table();
    const handler = makeIdempotent(
      async (_event: unknown, _context?: unknown) => ({ cardToken: 'tok_secret' }),
      {
        persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
        config: new IdempotencyConfig({ eventKeyJmesPath: 'orderId', payloadValidationJmesPath: 'amount' }),
      },
    );
    await handler({ orderId: 'e-1', amount: 1 }, createContext());

    const error = (await handler({ orderId: 'e-1', amount: 2 }, createContext()).catch(
      (e: unknown) => e,
    )) as Error & {
      existingRecord?: { responseData?: unknown };
    };

    expect(JSON.stringify({ ...error })).not.toContain('tok_secret');
    expect(error.existingRecord?.responseData).toEqual({ cardToken: 'tok_secret' });
  });
});
