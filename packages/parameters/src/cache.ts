import { readEnvBoolean, readEnvNumber } from '@lambkit/core';

/** A cached value and when it was fetched (ms since epoch). */
interface Entry {
  value: unknown;
  storedAt: number;
}

/** The port the Parameters and Secrets extension listens on unless PARAMETERS_SECRETS_EXTENSION_HTTP_PORT says otherwise. */
export const DEFAULT_EXTENSION_PORT = 2773;

/** Defaults read once from the environment (Lambda's environment does not change while it lives). */
interface Defaults {
  maxAge: number;
  decrypt: boolean;
  /** The extension's port. */
  port: number;
}

/** Whether the Parameters and Secrets extension answered, as far as this process has seen. */
export type ExtensionPresence = 'unknown' | 'present' | 'absent';

/**
 * Process-wide state. Values are shared by every invocation on purpose: a parameter is the same for
 * all of them, and serving warm invocations from memory is the point of the cache. It lives on
 * globalThis under a registered symbol so the ES module and CommonJS builds share one cache.
 */
interface ParametersState {
  values: Map<string, Entry>;
  inflight: Map<string, Promise<unknown>>;
  /** Bumped by clearCaches, so a request started before the clear does not refill the cache. */
  generation: number;
  defaults: Defaults | undefined;
  extension: ExtensionPresence;
  /** Why 'auto' does not use the extension, once it is 'absent' (for error messages). */
  absentBecause: string | undefined;
  /** Where 'auto' starts, decided once by the first call and awaited by concurrent ones. */
  autoDecision: Promise<void> | undefined;
}

const STATE_KEY = Symbol.for('@lambkit/parameters.state.v1');

let local: ParametersState | undefined;

/** The process-wide state, created on first use (never at import time). */
export function parametersState(): ParametersState {
  if (local !== undefined) return local;
  const holder = globalThis as typeof globalThis & { [STATE_KEY]?: ParametersState };
  local = holder[STATE_KEY] ??= {
    values: new Map(),
    inflight: new Map(),
    generation: 0,
    defaults: undefined,
    extension: 'unknown',
    absentBecause: undefined,
    autoDecision: undefined,
  };
  return local;
}

/**
 * POWERTOOLS_PARAMETERS_MAX_AGE (default 5 s), POWERTOOLS_PARAMETERS_SSM_DECRYPT (default false) and
 * PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (default 2773), read once; an invalid value gives the
 * default, with one warning (from @lambkit/core's readers): never an error at INIT or in a handler.
 */
export function defaults(): Defaults {
  const state = parametersState();
  state.defaults ??= {
    maxAge: readEnvNumber('POWERTOOLS_PARAMETERS_MAX_AGE', 5, { min: 0 }),
    decrypt: readEnvBoolean('POWERTOOLS_PARAMETERS_SSM_DECRYPT', false),
    port: readEnvNumber('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', DEFAULT_EXTENSION_PORT, {
      integer: true,
      min: 1,
      max: 65535,
    }),
  };
  return state.defaults;
}

/** What `readCache` returns on a miss. */
export const MISS: unique symbol = Symbol('miss');

/**
 * The cached value of `key` when it is younger than `maxAge` seconds (default: the environment's),
 * else MISS. Synchronous: lets a middleware serve a warm invocation without a promise.
 *
 * @example
 * const value = readCache(key, 5); // MISS or the value
 */
export function readCache(key: string, maxAge: number | undefined): unknown {
  const seconds = maxAge ?? defaults().maxAge;
  if (!(seconds > 0)) return MISS;
  const entry = parametersState().values.get(key);
  return entry !== undefined && Date.now() - entry.storedAt < seconds * 1000 ? entry.value : MISS;
}

/**
 * Serves `key` from the cache when its value is younger than `maxAge` seconds, else joins a request
 * already in flight for it, else calls `load` and caches what it resolves to. `forceFetch` and
 * maxAge 0 skip the cache and in-flight requests (forceFetch still caches the fresh value). Errors
 * are never cached. Returns a promise in every case; a hit allocates nothing but that promise.
 *
 * @example
 * const value = await cachedGet('p|auto|0||||/app/flag', 5, false, () => fetchFlag());
 */
export function cachedGet<T>(
  key: string,
  maxAge: number | undefined,
  forceFetch: boolean | undefined,
  load: () => Promise<T>,
): Promise<T> {
  const state = parametersState();
  const seconds = maxAge ?? defaults().maxAge;
  const cacheable = seconds > 0;
  if (cacheable && forceFetch !== true) {
    const entry = state.values.get(key);
    if (entry !== undefined && Date.now() - entry.storedAt < seconds * 1000) {
      return Promise.resolve(entry.value as T);
    }
    const pending = state.inflight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
  }
  if (!cacheable) return load();
  return startLoad(state, key, load);
}

function startLoad<T>(state: ParametersState, key: string, load: () => Promise<T>): Promise<T> {
  const generation = state.generation;
  const promise = load().then(
    (value) => {
      if (state.generation === generation) {
        state.values.set(key, { value, storedAt: Date.now() });
        if (state.inflight.get(key) === promise) state.inflight.delete(key);
      }
      return value;
    },
    (error: unknown) => {
      if (state.inflight.get(key) === promise) state.inflight.delete(key);
      throw error;
    },
  );
  state.inflight.set(key, promise);
  return promise;
}

/**
 * What `cachedGet` would serve without loading: a fresh cached value or a request in flight, as a
 * promise; `undefined` on a miss. Lets a batch fetch only the keys that really miss.
 *
 * @example
 * const known = cachedOrPending(key, 5, false) ?? fetchInBatch(key);
 */
export function cachedOrPending(
  key: string,
  maxAge: number | undefined,
  forceFetch: boolean | undefined,
): Promise<unknown> | undefined {
  const seconds = maxAge ?? defaults().maxAge;
  if (!(seconds > 0) || forceFetch === true) return undefined;
  const state = parametersState();
  const entry = state.values.get(key);
  if (entry !== undefined && Date.now() - entry.storedAt < seconds * 1000)
    return Promise.resolve(entry.value);
  return state.inflight.get(key);
}

/**
 * Forgets every cached value, every request in flight, the environment defaults and what was learnt
 * about the extension, as a new execution environment would. Powertools' `clearCaches` counterpart;
 * mostly for tests.
 *
 * @example
 * afterEach(() => clearCaches());
 */
export function clearCaches(): void {
  const state = parametersState();
  state.values.clear();
  state.inflight.clear();
  state.generation++;
  state.defaults = undefined;
  state.extension = 'unknown';
  state.absentBecause = undefined;
  state.autoDecision = undefined;
}
