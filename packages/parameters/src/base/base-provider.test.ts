// Powertools' BaseProvider on lambkit's cache, extended as users extend it: a provider for a store
// lambkit has no provider for (here a Map standing for it).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearCaches,
  GetParameterError,
  ParameterNotFoundError,
  ParameterOptionsError,
  TransformParameterError,
} from '../index.js';
import { BaseProvider, DEFAULT_PROVIDERS, GetMultipleOptions, GetOptions } from './index.js';

/** A provider over an in-memory store that counts its reads. */
class MapProvider extends BaseProvider {
  reads = 0;

  constructor(
    readonly store: Map<string, unknown>,
    readonly many: unknown = {},
    options: ConstructorParameters<typeof BaseProvider>[0] = {},
  ) {
    super(options);
  }

  /** The client the base class built or was given. */
  get sdkClient(): unknown {
    return this.client;
  }

  protected async _get(name: string): Promise<unknown> {
    this.reads++;
    const value = this.store.get(name);
    if (value instanceof Error) throw value;
    return value;
  }

  protected async _getMultiple(): Promise<Record<string, unknown> | undefined> {
    this.reads++;
    if (this.many instanceof Error) throw this.many;
    return typeof this.many === 'object' && this.many !== null ? { ...this.many } : (this.many as never);
  }
}

/** What a call rejected with, typed for the assertions. */
function rejection(call: Promise<unknown>): Promise<any> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

afterEach(() => {
  clearCaches();
  vi.useRealTimers();
  delete process.env.POWERTOOLS_PARAMETERS_MAX_AGE;
});

describe('BaseProvider#get', () => {
  it('serves a second get from the cache, and keeps transforms apart', async () => {
    const provider = new MapProvider(new Map([['config', '{"a":1}']]));

    const raw = await provider.get('config');
    const again = await provider.get('config');
    const parsed = await provider.get('config', { transform: 'json' });

    expect([raw, again, parsed]).toEqual(['{"a":1}', '{"a":1}', { a: 1 }]);
    expect(provider.reads).toBe(2);
  });

  it('fetches again once maxAge has passed, and at once with forceFetch', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
    const provider = new MapProvider(new Map([['flag', 'on']]));
    await provider.get('flag', { maxAge: 10 });

    vi.setSystemTime(9_999);
    await provider.get('flag', { maxAge: 10 });
    const readsBefore = provider.reads;
    vi.setSystemTime(10_000);
    await provider.get('flag', { maxAge: 10 });
    await provider.get('flag', { maxAge: 10, forceFetch: true });

    expect([readsBefore, provider.reads]).toEqual([1, 3]);
  });

  it('resolves to undefined for a missing value and does not cache it', async () => {
    const store = new Map<string, unknown>();
    const provider = new MapProvider(store);

    const missing = await provider.get('late');
    store.set('late', 'here');
    const found = await provider.get('late');

    expect([missing, found]).toEqual([undefined, 'here']);
  });

  it('rejects with ParameterNotFoundError for a missing or null value under throwOnMissing', async () => {
    const provider = new MapProvider(new Map([['empty', null]]));

    const errors = [
      await rejection(provider.get('absent', { throwOnMissing: true })),
      await rejection(provider.get('empty', { throwOnMissing: true })),
    ];

    expect(errors.map((error) => [error.constructor, error.message, error.parameter])).toEqual([
      [ParameterNotFoundError, 'The value of "absent" was not found (MapProvider)', 'absent'],
      [ParameterNotFoundError, 'The value of "empty" was not found (MapProvider)', 'empty'],
    ]);
  });

  it("wraps the store's failure in a GetParameterError naming the provider, with it as cause", async () => {
    const boom = new Error('store offline');
    const provider = new MapProvider(new Map<string, unknown>([['flag', boom]]));

    const error = await rejection(provider.get('flag'));

    expect(error.constructor).toBe(GetParameterError);
    expect(error.message).toBe('Failed to get "flag" from MapProvider: store offline');
    expect(error.parameter).toBe('flag');
    expect(error.cause).toBe(boom);
  });

  it("passes lambkit's own errors through unchanged", async () => {
    const own = new TransformParameterError('json', 'bad');
    const provider = new MapProvider(new Map<string, unknown>([['flag', own]]));

    expect(await rejection(provider.get('flag'))).toBe(own);
  });

  it('returns a value that is not text unchanged, whatever the transform', async () => {
    const provider = new MapProvider(new Map<string, unknown>([['n', 42]]));

    expect(await provider.get('n', { transform: 'json' })).toBe(42);
  });

  it('refuses an empty name and a bad maxAge before reading', async () => {
    const provider = new MapProvider(new Map());

    const errors = [
      await rejection(provider.get('')),
      await rejection(provider.get(7 as never)),
      await rejection(provider.get('flag', { maxAge: -1 })),
    ];

    expect(errors.map((error) => [error.constructor, error.message])).toEqual([
      [ParameterOptionsError, 'Invalid name for "": must be a non-empty string'],
      [ParameterOptionsError, 'Invalid name for "7": must be a non-empty string'],
      [
        ParameterOptionsError,
        'Invalid maxAge for "flag": must be a number of seconds >= 0 (or Infinity), got -1',
      ],
    ]);
    expect(provider.reads).toBe(0);
  });
});

describe('BaseProvider#getMultiple', () => {
  it('transforms each value by its own key under auto, a failure becoming undefined', async () => {
    const provider = new MapProvider(new Map(), {
      'a.json': '{"x":1}',
      'b.binary': 'aGk=',
      'c.json': 'not json',
      d: 'plain',
      e: 5,
    });

    const values = await provider.getMultiple('/app', { transform: 'auto' });

    expect(values).toEqual({ 'a.json': { x: 1 }, 'b.binary': 'hi', 'c.json': undefined, d: 'plain', e: 5 });
  });

  it('rejects with the TransformParameterError under throwOnTransformError', async () => {
    const provider = new MapProvider(new Map(), { 'c.json': 'not json' });

    const error = await rejection(
      provider.getMultiple('/app', { transform: 'auto', throwOnTransformError: true }),
    );

    expect(error).toBeInstanceOf(TransformParameterError);
    expect(error.parameter).toBe('c.json');
  });

  it('returns the values as they are without a transform, and caches them', async () => {
    const provider = new MapProvider(new Map(), { a: '1' });

    const first = await provider.getMultiple('/app');
    const second = await provider.getMultiple('/app');

    expect([first, second]).toEqual([{ a: '1' }, { a: '1' }]);
    expect(provider.reads).toBe(1);
  });

  it('rejects when _getMultiple resolves to something that is not an object', async () => {
    const messages = [
      (await rejection(new MapProvider(new Map(), null).getMultiple('/app'))).message,
      (await rejection(new MapProvider(new Map(), 'x').getMultiple('/app'))).message,
    ];

    expect(messages).toEqual([
      'MapProvider: _getMultiple("/app") must resolve to an object, got null',
      'MapProvider: _getMultiple("/app") must resolve to an object, got string',
    ]);
  });

  it("wraps the store's failure in a GetParameterError naming the path", async () => {
    const error = await rejection(new MapProvider(new Map(), new Error('down')).getMultiple('/app'));

    expect(error.constructor).toBe(GetParameterError);
    expect(error.message).toBe('Failed to get "/app" from MapProvider: down');
  });

  it('refuses an empty path', async () => {
    const error = await rejection(new MapProvider(new Map()).getMultiple(''));

    expect(error.message).toBe('Invalid name for "": must be a non-empty string');
  });
});

describe('the cache of one provider', () => {
  it('keeps two providers apart, and clearCache() forgets only its own values', async () => {
    const store = new Map([['flag', 'on']]);
    const one = new MapProvider(store);
    const two = new MapProvider(store);
    await one.get('flag');
    await two.get('flag');

    one.clearCache();
    store.set('flag', 'off');

    expect([await one.get('flag'), await two.get('flag')]).toEqual(['off', 'on']);
  });

  it('serves what addToCache stored until its maxAge, and stores nothing for maxAge 0', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
    const provider = new MapProvider(new Map([['flag', 'from-store']]));
    provider.addToCache('flag,', 'added', 60);
    provider.addToCache('other,', 'ignored', 0);

    const added = await provider.get('flag', { maxAge: 3600 });
    const expiredBefore = provider.hasKeyExpiredInCache('flag,');
    const otherExpired = provider.hasKeyExpiredInCache('other,');
    vi.setSystemTime(59_999);
    const servedUntilTheEnd = await provider.get('flag', { maxAge: 3600 });
    vi.setSystemTime(60_000);
    const expiredAt = provider.hasKeyExpiredInCache('flag,');
    const fetched = await provider.get('flag', { maxAge: 3600 });

    expect([added, expiredBefore, otherExpired, servedUntilTheEnd, expiredAt, fetched]).toEqual([
      'added',
      false,
      true,
      'added',
      true,
      'from-store',
    ]);
  });

  it('does not join a read begun before clearCache()', async () => {
    const store = new Map([['flag', 'on']]);
    const provider = new MapProvider(store);
    const first = provider.get('flag');

    provider.clearCache();
    const second = provider.get('flag');

    expect(await Promise.all([first, second])).toEqual(['on', 'on']);
    expect(provider.reads).toBe(2);
  });

  it('forgets what addToCache stored on clearCache()', async () => {
    const provider = new MapProvider(new Map([['flag', 'from-store']]));
    provider.addToCache('flag,', 'added', 60);

    provider.clearCache();

    expect(provider.hasKeyExpiredInCache('flag,')).toBe(true);
    expect(await provider.get('flag')).toBe('from-store');
  });
});

describe('the client', () => {
  it('keeps the client given, or builds one from the prototype and clientConfig', () => {
    const given = { send: async () => ({}) };
    class FakeClient {
      constructor(readonly config: unknown) {}
    }

    const withGiven = new MapProvider(new Map(), {}, { awsSdkV3Client: given });
    const built = new MapProvider(
      new Map(),
      {},
      {
        awsSdkV3ClientPrototype: FakeClient as never,
        clientConfig: { region: 'eu-west-1' },
      },
    );
    const builtWithoutConfig = new MapProvider(
      new Map(),
      {},
      { awsSdkV3ClientPrototype: FakeClient as never },
    );

    expect(withGiven.sdkClient).toBe(given);
    expect((built.sdkClient as FakeClient).config).toEqual({ region: 'eu-west-1' });
    expect((builtWithoutConfig.sdkClient as FakeClient).config).toEqual({});
    expect(new MapProvider(new Map()).sdkClient).toBeUndefined();
  });
});

describe('GetOptions and GetMultipleOptions', () => {
  it('fill in the defaults, maxAge from POWERTOOLS_PARAMETERS_MAX_AGE', () => {
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '30';
    clearCaches();

    const plain = new GetOptions();
    const multiple = new GetMultipleOptions({
      transform: 'auto',
      maxAge: 1,
      forceFetch: true,
      sdkOptions: { x: 1 },
    });

    expect({ ...plain }).toEqual({
      forceFetch: false,
      maxAge: 30,
      sdkOptions: undefined,
      throwOnMissing: false,
      transform: undefined,
    });
    expect({ ...multiple }).toEqual({
      forceFetch: true,
      maxAge: 1,
      sdkOptions: { x: 1 },
      throwOnMissing: false,
      transform: 'auto',
      throwOnTransformError: false,
    });
    expect(new GetMultipleOptions({ throwOnMissing: true, throwOnTransformError: true })).toMatchObject({
      throwOnMissing: true,
      throwOnTransformError: true,
    });
  });

  it('DEFAULT_PROVIDERS starts empty', () => {
    expect(DEFAULT_PROVIDERS).toEqual({});
  });
});
