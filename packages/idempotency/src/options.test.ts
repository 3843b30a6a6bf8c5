// Options passed in code are checked at once, naming the field, the value and the rule.
import { captureOutput, createContext } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MapStore } from '../test/persistence/test-map-store.js';
import { keyOf } from '../test/test-dynalite.js';
import {
  IdempotencyConfig,
  IdempotencyConfigError,
  IdempotencyItemNotFoundError,
  IdempotencyKeyError,
  IdempotencyPersistenceConsistencyError,
  IdempotencyUnknownError,
  makeIdempotent,
} from './index.js';

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'payments');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('IdempotencyConfig options', () => {
  it.each([
    ['options that are null', null, 'options must be an object, got null'],
    ['options that are a string', 'orderId', 'options must be an object, got "orderId"'],
    [
      'jmesPathOptions that are a string',
      { jmesPathOptions: 'functions' },
      'jmesPathOptions must be a Functions instance, got "functions"',
    ],
    [
      'jmesPathOptions that are a function',
      { jmesPathOptions: () => undefined },
      'jmesPathOptions must be a Functions instance, got a function',
    ],
    [
      'an eventKeyJmesPath that is not a string',
      { eventKeyJmesPath: ['orderId'] },
      'eventKeyJmesPath must be a JMESPath expression string, got an array',
    ],
    [
      'a payloadValidationJmesPath that is not a string',
      { payloadValidationJmesPath: { path: 'a' } },
      'payloadValidationJmesPath must be a JMESPath expression string, got an object',
    ],
    [
      'a hashFunction that is a number',
      { hashFunction: 5 },
      'hashFunction must be a hash node:crypto supports (md5, sha256, ...), got 5',
    ],
    [
      'an expiresAfterSeconds of Infinity',
      { expiresAfterSeconds: Number.POSITIVE_INFINITY },
      'expiresAfterSeconds must be a positive number, got Infinity',
    ],
    [
      'an expiresAfterSeconds of -1',
      { expiresAfterSeconds: -1 },
      'expiresAfterSeconds must be a positive number, got -1',
    ],
    [
      'an expiresAfterSeconds that is a string',
      { expiresAfterSeconds: '60' },
      'expiresAfterSeconds must be a positive number, got "60"',
    ],
    [
      'a maxLocalCacheSize of 0',
      { maxLocalCacheSize: 0 },
      'maxLocalCacheSize must be a positive integer, got 0',
    ],
    [
      'a throwOnNoIdempotencyKey of 1',
      { throwOnNoIdempotencyKey: 1 },
      'throwOnNoIdempotencyKey must be a boolean, got 1',
    ],
    [
      'an empty expression',
      { eventKeyJmesPath: ' ' },
      'eventKeyJmesPath must be a valid JMESPath expression',
    ],
  ])('refuses %s', (_name, options, message) => {
    const create = () => new IdempotencyConfig(options as never);

    expect(create).toThrow(IdempotencyConfigError);
    expect(create).toThrow(`IdempotencyConfig: ${message}`);
  });

  it('gives the cause of a JMESPath expression it refuses', () => {
    const error = (() => {
      try {
        new IdempotencyConfig({ eventKeyJmesPath: 'unknown_fn(body)' });
      } catch (e) {
        return e as IdempotencyConfigError;
      }
      return undefined;
    })();

    expect(error?.field).toBe('eventKeyJmesPath');
    expect(error?.rule).toMatch(/^must be a valid JMESPath expression \(.+\)$/);
    expect((error?.cause as Error | undefined)?.name).toBe('UnknownFunctionError');
  });

  it("has Powertools' defaults", () => {
    const config = new IdempotencyConfig();

    expect({ ...config, jmesPathOptions: undefined }).toEqual({
      eventKeyJmesPath: '',
      expiresAfterSeconds: 3600,
      hashFunction: 'md5',
      jmesPathOptions: undefined,
      lambdaContext: undefined,
      maxLocalCacheSize: 1000,
      payloadValidationJmesPath: undefined,
      throwOnNoIdempotencyKey: false,
      responseHook: undefined,
      useLocalCache: false,
    });
    expect(config.isEnabled()).toBe(true);
  });

  it('accepts an expiry that is not a whole number of seconds', () => {
    expect(new IdempotencyConfig({ expiresAfterSeconds: 0.5 }).expiresAfterSeconds).toBe(0.5);
  });

  it.each([
    ['true', false],
    ['false', true],
  ])('is enabled or not as POWERTOOLS_IDEMPOTENCY_DISABLED=%s says', (value, enabled) => {
    vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', value);

    expect(new IdempotencyConfig({}).isEnabled()).toBe(enabled);
  });
});

describe('IdempotencyConfigError', () => {
  it.each([
    ['a string of 80 characters whole', 'a'.repeat(80), `"${'a'.repeat(80)}"`],
    ['a longer string cut at 77 characters', 'b'.repeat(81), `"${'b'.repeat(77)}..."`],
    ['undefined', undefined, 'undefined'],
  ])('shows %s', (_name, value, shown) => {
    const error = new IdempotencyConfigError('Owner', 'field', value, 'must be right');

    expect(error.message).toBe(`Owner: field must be right, got ${shown}`);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe('IdempotencyConfigError');
  });
});

describe('idempotency errors', () => {
  it.each([
    ['IdempotencyItemNotFoundError', IdempotencyItemNotFoundError],
    ['IdempotencyPersistenceConsistencyError', IdempotencyPersistenceConsistencyError],
  ])('%s is named and an IdempotencyUnknownError, with its cause', (name, ErrorClass) => {
    const cause = new Error('inner');

    const error = new ErrorClass('what happened', { cause });

    expect(error).toBeInstanceOf(IdempotencyUnknownError);
    expect(error.name).toBe(name);
    expect(error.message).toBe('what happened');
    expect(error.cause).toBe(cause);
  });
});

describe('makeIdempotent options', () => {
  const store = () => new MapStore();

  it.each([
    [
      'a function that is not one',
      () => makeIdempotent('charge' as never, { persistenceStore: store() }),
      'makeIdempotent: fn must be a function, got "charge"',
    ],
    [
      'options that are null',
      () => makeIdempotent(async () => 1, null as never),
      'makeIdempotent: options must be an object with a persistenceStore, got null',
    ],
    [
      'a persistenceStore that is null',
      () => makeIdempotent(async () => 1, { persistenceStore: null as never }),
      'makeIdempotent: persistenceStore must be a persistence layer',
    ],
    [
      'a persistenceStore without processExistingRecord',
      () => makeIdempotent(async () => 1, { persistenceStore: { ...store(), configure() {} } as never }),
      'makeIdempotent: persistenceStore must be a persistence layer',
    ],
    [
      'a config that is a plain object',
      () => makeIdempotent(async () => 1, { persistenceStore: store(), config: {} as never }),
      'makeIdempotent: config must be an IdempotencyConfig, got an object',
    ],
    [
      'a keyPrefix that is a number',
      () => makeIdempotent(async () => 1, { persistenceStore: store(), keyPrefix: 7 as never }),
      'makeIdempotent: keyPrefix must be a string, got 7',
    ],
    [
      'a dataIndexArgument of -1',
      () => makeIdempotent(async () => 1, { persistenceStore: store(), dataIndexArgument: -1 }),
      'makeIdempotent: dataIndexArgument must be an integer >= 0, got -1',
    ],
    [
      'a dataIndexArgument of 0.5',
      () => makeIdempotent(async () => 1, { persistenceStore: store(), dataIndexArgument: 0.5 }),
      'makeIdempotent: dataIndexArgument must be an integer >= 0, got 0.5',
    ],
  ])('refuses %s', (_name, create, message) => {
    expect(create).toThrow(IdempotencyConfigError);
    expect(create).toThrow(message);
  });

  it('accepts a dataIndexArgument of 0', async () => {
    const persistenceStore = store();
    const send = vi.fn(async (to: string, _template: string) => `sent to ${to}`);
    const sendOnce = makeIdempotent(send, { persistenceStore, dataIndexArgument: 0 });

    await sendOnce('ana@example.com', 'welcome');
    await sendOnce('ana@example.com', 'reminder');

    expect(send).toHaveBeenCalledTimes(1);
    expect([...persistenceStore.items.keys()]).toEqual([keyOf('ana@example.com')]);
  });

  it('returns the function itself when POWERTOOLS_IDEMPOTENCY_DISABLED is set', async () => {
    vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', 'true');
    const charge = async (_event: unknown) => 'charged';

    const output = await captureOutput(() => makeIdempotent(charge, { persistenceStore: store() }));

    expect(output.result).toBe(charge);
  });
});

describe('makeIdempotent calls', () => {
  it('keys a handler by its event, whatever dataIndexArgument says, when the second argument is a context', async () => {
    const persistenceStore = new MapStore();
    const handler = makeIdempotent(async (event: { orderId: string }, _context: unknown) => event.orderId, {
      persistenceStore,
      dataIndexArgument: 1,
    });

    await handler({ orderId: 'a-1' }, createContext());

    expect([...persistenceStore.items.keys()]).toEqual([keyOf({ orderId: 'a-1' })]);
  });

  it('keys a missing argument as null, as Powertools for Python hashes it', async () => {
    const persistenceStore = new MapStore();
    const send = makeIdempotent(async (_to?: string, _cc?: string) => 'sent', {
      persistenceStore,
      dataIndexArgument: 1,
    });

    await send('ana@example.com');

    expect([...persistenceStore.items.keys()]).toEqual([keyOf(null)]);
  });

  it('keys by the first argument when the second is null', async () => {
    const persistenceStore = new MapStore();
    const handler = makeIdempotent(async (event: { orderId: string }, _other: unknown) => event.orderId, {
      persistenceStore,
    });

    await handler({ orderId: 'a-2' }, null);

    expect([...persistenceStore.items.keys()]).toEqual([keyOf({ orderId: 'a-2' })]);
  });

  it('keys by dataIndexArgument when the second argument is an object that is not a context', async () => {
    const persistenceStore = new MapStore();
    const send = vi.fn(async (_template: string, to: { email: string }) => `sent to ${to.email}`);
    const sendOnce = makeIdempotent(send, { persistenceStore, dataIndexArgument: 1 });

    await sendOnce('welcome', { email: 'ana@example.com' });

    expect([...persistenceStore.items.keys()]).toEqual([keyOf({ email: 'ana@example.com' })]);
  });

  it('calls the function with its this and all its arguments', async () => {
    const persistenceStore = new MapStore();
    const seen: unknown[] = [];
    const target = {
      name: 'payments',
      charge: makeIdempotent(
        async function charge(this: { name: string }, event: { orderId: string }, context: unknown) {
          seen.push(this.name, event, context);
          return 'ok';
        },
        { persistenceStore },
      ),
    };
    const context = createContext();

    await target.charge({ orderId: 'a-3' }, context);

    expect(seen).toEqual(['payments', { orderId: 'a-3' }, context]);
  });

  it('rejects, and does not throw, when a function run without idempotency throws', async () => {
    const handler = makeIdempotent(
      (_event: unknown, _context: unknown): Promise<string> => {
        throw new Error('sync failure');
      },
      { persistenceStore: new MapStore(), config: new IdempotencyConfig({ eventKeyJmesPath: 'absentKey' }) },
    );

    let call: Promise<string> | undefined;
    const start = () => {
      call = handler({ other: 1 }, createContext());
    };

    expect(start).not.toThrow();
    await expect(call).rejects.toThrow('sync failure');
  });

  it('rejects, and does not throw, when the key cannot be evaluated', async () => {
    const handler = makeIdempotent(async (_event: unknown, _context: unknown) => 'ok', {
      persistenceStore: new MapStore(),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).orderId' }),
    });

    let call: Promise<string> | undefined;
    const start = () => {
      call = handler({ body: 5 }, createContext());
    };

    expect(start).not.toThrow();
    await expect(call).rejects.toBeInstanceOf(IdempotencyKeyError);
  });

  it('gives the cause of a key it cannot evaluate, naming the expression', async () => {
    const handler = makeIdempotent(async (_event: unknown, _context: unknown) => 'ok', {
      persistenceStore: new MapStore(),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).id' }),
    });

    const error = (await handler({ body: 5 }, createContext()).catch((e: unknown) => e)) as Error;

    expect(error.message).toMatch(
      /^Could not evaluate eventKeyJmesPath "powertools_json\(body\)\.id" on the payload: ./,
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('says once per expression that payloads without a key run without idempotency', async () => {
    const charge = vi.fn(async (_event: unknown, _context: unknown) => 'ok');
    const first = makeIdempotent(charge, {
      persistenceStore: new MapStore(),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'firstMissingKey' }),
    });
    const second = makeIdempotent(charge, {
      persistenceStore: new MapStore(),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'secondMissingKey' }),
    });

    const output = await captureOutput(async () => {
      for (const handler of [first, second, first, second]) await handler({ other: 1 }, createContext());
    });

    const warnings = output.stderrLines.filter((line) => line.text.includes('run without idempotency'));
    expect(
      warnings.map((line) => /eventKeyJmesPath "(\w+)"/.exec(JSON.parse(line.text).message)?.[1]),
    ).toEqual(['firstMissingKey', 'secondMissingKey']);
    expect(charge).toHaveBeenCalledTimes(4);
  });

  it('takes the in-progress expiry from the context of the call, not from one registered on the config', async () => {
    const persistenceStore = new MapStore();
    const config = new IdempotencyConfig({});
    config.registerLambdaContext(createContext({ timeoutMs: 1000 }));
    let inProgressExpiry: number | undefined;
    const handler = makeIdempotent(
      async (event: { orderId: string }, _context: unknown) => {
        inProgressExpiry = persistenceStore.items.get(keyOf(event))?.inProgressExpiryTimestamp;
        return 'ok';
      },
      { persistenceStore, config },
    );

    await handler({ orderId: 'a-4' }, createContext({ timeoutMs: 900_000 }));

    expect(inProgressExpiry).toBeGreaterThan(Date.now() + 800_000);
  });

  it('takes the in-progress expiry from the context registered on the config for a function that gets none', async () => {
    const persistenceStore = new MapStore();
    const config = new IdempotencyConfig({});
    config.registerLambdaContext(createContext({ timeoutMs: 900_000 }));
    let inProgressExpiry: number | undefined;
    const send = makeIdempotent(
      async (to: string) => {
        inProgressExpiry = persistenceStore.items.get(keyOf(to))?.inProgressExpiryTimestamp;
        return 'sent';
      },
      { persistenceStore, config },
    );

    await send('ana@example.com');

    expect(inProgressExpiry).toBeGreaterThan(Date.now() + 800_000);
  });
});
