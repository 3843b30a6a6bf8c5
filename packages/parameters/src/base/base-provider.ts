import { describeType } from '@lambkit/core';
import { cachedGet, defaults, Expiring, forgetKeys, hasUnexpiredEntry, storeInCache } from '../cache.js';
import {
  GetParameterError,
  ParameterNotFoundError,
  ParameterOptionsError,
  TransformParameterError,
} from '../errors.js';
import { applyTransform } from '../transform.js';
import { checkBaseOptions } from '../validate.js';
import type {
  BaseProviderConstructorOptions,
  BaseProviderInterface,
  GetMultipleOptionsInterface,
  GetOptionsInterface,
  TransformOptions,
} from './types/index.js';

let providerCount = 0;

/** The options every provider call reads, before its own. */
interface CommonOptions {
  maxAge?: number;
  forceFetch?: boolean;
  transform?: unknown;
  throwOnMissing?: boolean;
  throwOnTransformError?: boolean;
}

function isValue(value: unknown): value is string | Uint8Array {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/**
 * Powertools' base class of providers, on lambkit's one cache: `get` and `getMultiple` serve fresh
 * values from the process-wide cache, join a fetch already in flight for the same key, else call the
 * subclass's `_get` / `_getMultiple` and cache (and transform) what they return. Extend it for a
 * store lambkit has no provider for. Each instance keeps its keys apart and `clearCache()` forgets
 * only its own; `clearCaches()` forgets all.
 *
 * @example
 * class EnvProvider extends BaseProvider {
 *   public constructor() { super({}); }
 *   protected async _get(name: string): Promise<string | undefined> { return process.env[name]; }
 *   protected async _getMultiple(): Promise<Record<string, unknown>> { return { ...process.env }; }
 * }
 * const region = await new EnvProvider().get('AWS_REGION', { maxAge: Infinity });
 */
export abstract class BaseProvider implements BaseProviderInterface {
  /** The AWS SDK client given or built, when the provider uses one. */
  protected client: unknown;
  /** The cache keys this instance wrote, for `clearCache()`. */
  readonly #keys = new Set<string>();
  readonly #scope = `x|${++providerCount}|`;

  constructor(options: BaseProviderConstructorOptions = {}) {
    const { awsSdkV3Client, clientConfig, awsSdkV3ClientPrototype } = options;
    if (awsSdkV3Client !== undefined) this.client = awsSdkV3Client;
    else if (awsSdkV3ClientPrototype !== undefined)
      this.client = new awsSdkV3ClientPrototype(clientConfig ?? {});
  }

  /** Notes a key of the one cache this provider filled, so `clearCache()` forgets it. */
  protected rememberKey(key: string): void {
    this.#keys.add(key);
  }

  /**
   * Caches `value` under this provider's `key` for `maxAge` seconds (nothing when maxAge <= 0).
   *
   * @example
   * provider.addToCache('/app/flag,', 'on', 60);
   */
  addToCache(key: string, value: unknown, maxAge: number): void {
    if (!(maxAge > 0)) return;
    const scoped = this.#scope + key;
    this.#keys.add(scoped);
    storeInCache(scoped, value, maxAge);
  }

  /**
   * Forgets what this provider cached.
   *
   * @example
   * afterEach(() => provider.clearCache());
   */
  clearCache(): void {
    forgetKeys(this.#keys);
    this.#keys.clear();
  }

  /**
   * Whether this provider's `key` is missing from the cache or expired.
   *
   * @example
   * provider.hasKeyExpiredInCache('/app/flag,'); // true before the first get
   */
  hasKeyExpiredInCache(key: string): boolean {
    return !hasUnexpiredEntry(this.#scope + key);
  }

  /**
   * A value from the cache, else from `_get`, transformed and cached for `maxAge` seconds.
   * Resolves to undefined when the store has none, or rejects with ParameterNotFoundError under
   * `throwOnMissing: true`; any other failure is a GetParameterError with the cause.
   *
   * @example
   * const value = await provider.get('/app/flag', { maxAge: 60 });
   */
  get(name: string, options?: GetOptionsInterface): Promise<unknown> {
    const given = (options ?? {}) as CommonOptions;
    try {
      checkCall(name, given);
      const key = `${name},${String(given.transform ?? '')}`;
      return this.cached(key, given, () => this.load(name, given, () => this._get(name, options)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Several values from the cache, else from `_getMultiple`, each transformed (by its own key under
   * 'auto'); a value that fails its transform becomes undefined unless `throwOnTransformError`.
   *
   * @example
   * const values = await provider.getMultiple('/app', { transform: 'auto' });
   */
  getMultiple(path: string, options?: GetMultipleOptionsInterface): Promise<unknown> {
    const given = (options ?? {}) as CommonOptions;
    try {
      checkCall(path, given);
      const key = `${path},${String(given.transform ?? '')}`;
      return this.cached(key, given, () => this.loadMultiple(path, given, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Serves `key` (scoped to this instance) through the one cache, with maxAge as its expiry. */
  private cached(key: string, given: CommonOptions, load: () => Promise<unknown>): Promise<unknown> {
    const scoped = this.#scope + key;
    this.#keys.add(scoped);
    const maxAge = given.maxAge ?? defaults().maxAge;
    return cachedGet(scoped, maxAge, given.forceFetch, async () => {
      const value = await load();
      // Nothing found is not cached: the next call asks again, as in Powertools.
      return new Expiring(value, value === undefined ? 0 : Date.now() + maxAge * 1000);
    });
  }

  private async load(name: string, given: CommonOptions, fetch: () => Promise<unknown>): Promise<unknown> {
    let value: unknown;
    try {
      value = await fetch();
    } catch (error) {
      throw asGetParameterError(error, name, this.constructor.name);
    }
    if (value === undefined || value === null) {
      if (given.throwOnMissing === true) {
        throw new ParameterNotFoundError(`The value of "${name}" was not found (${this.constructor.name})`, {
          parameter: name,
        });
      }
      return undefined;
    }
    const transform = given.transform as TransformOptions | undefined;
    return transform !== undefined && isValue(value) ? applyTransform(value, transform, name) : value;
  }

  private async loadMultiple(
    path: string,
    given: CommonOptions,
    options: GetMultipleOptionsInterface | undefined,
  ): Promise<unknown> {
    let values: unknown;
    try {
      values = await this._getMultiple(path, options);
    } catch (error) {
      throw asGetParameterError(error, path, this.constructor.name);
    }
    if (values === null || typeof values !== 'object') {
      throw new GetParameterError(
        `${this.constructor.name}: _getMultiple("${path}") must resolve to an object, got ${describeType(values)}`,
        { parameter: path },
      );
    }
    const transform = given.transform as TransformOptions | undefined;
    if (transform === undefined) return values;
    const record = values as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (!isValue(value)) continue;
      try {
        record[key] = applyTransform(value, transform, key);
      } catch (error) {
        if (given.throwOnTransformError === true) throw error;
        record[key] = undefined;
      }
    }
    return record;
  }

  /** Fetches one value from the store (no cache). */
  protected abstract _get(name: string, options?: unknown): Promise<unknown>;

  /** Fetches several values from the store (no cache). */
  protected abstract _getMultiple(
    path: string,
    options?: unknown,
  ): Promise<Record<string, unknown> | undefined>;
}

function checkCall(name: unknown, options: CommonOptions): void {
  if (typeof name !== 'string' || name === '') {
    throw new ParameterOptionsError(String(name), 'name', 'must be a non-empty string');
  }
  checkBaseOptions(name, options as never);
}

function asGetParameterError(error: unknown, name: string, provider: string): Error {
  if (
    error instanceof GetParameterError ||
    error instanceof TransformParameterError ||
    error instanceof ParameterOptionsError
  ) {
    return error;
  }
  const reason = error instanceof Error ? error.message : typeof error;
  return new GetParameterError(`Failed to get "${name}" from ${provider}: ${reason}`, {
    parameter: name,
    cause: error,
  });
}
