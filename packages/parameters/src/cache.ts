import { readEnvBoolean, readEnvNumber } from '@lambkit/core';

/** A cached value, when it was fetched, and when it expires whatever maxAge says (ms since epoch). */
interface Entry {
  value: unknown;
  storedAt: number;
  /** A secret's next rotation (fetchRotationDate): served until then at most. */
  expiresAt: number | undefined;
}

/**
 * What a loader resolves to when its value must not outlive a date (a secret's next rotation): the
 * cache stores `value` with that limit and callers receive `value` alone.
 *
 * @example
 * return new Expiring(secret, Date.parse(nextRotationDate));
 */
export class Expiring {
  constructor(
    readonly value: unknown,
    readonly expiresAt: number,
  ) {}
}

/** Whether an entry may be served under `seconds` of maxAge (Infinity: until the environment ends). */
function isFresh(entry: Entry | undefined, seconds: number, now: number): entry is Entry {
  return (
    entry !== undefined &&
    now - entry.storedAt < seconds * 1000 &&
    (entry.expiresAt === undefined || now < entry.expiresAt)
  );
}

/** The port the Parameters and Secrets extension listens on unless PARAMETERS_SECRETS_EXTENSION_HTTP_PORT says otherwise. */
export const DEFAULT_EXTENSION_PORT = 2773;

/** The port the AWS AppConfig Agent Lambda extension listens on unless AWS_APPCONFIG_EXTENSION_HTTP_PORT says otherwise. */
export const DEFAULT_APPCONFIG_PORT = 2772;

/** Defaults read once from the environment (Lambda's environment does not change while it lives). */
interface Defaults {
  maxAge: number;
  decrypt: boolean;
  /** The extension's port. */
  port: number;
  /** The AppConfig agent's port (AWS_APPCONFIG_EXTENSION_HTTP_PORT, default 2772). */
  appconfigPort: number;
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
  /** Whether the AppConfig agent answered, as far as this process has seen. */
  appconfigAgent: ExtensionPresence;
  /** AppConfigData sessions (token and last value) by profile and client. */
  appconfigSessions: Map<string, unknown>;
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
    appconfigAgent: 'unknown',
    appconfigSessions: new Map(),
  };
  return local;
}

/**
 * POWERTOOLS_PARAMETERS_MAX_AGE (default 5 s), POWERTOOLS_PARAMETERS_SSM_DECRYPT (default false),
 * PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (default 2773) and AWS_APPCONFIG_EXTENSION_HTTP_PORT
 * (default 2772), read once; an invalid value gives the
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
    appconfigPort: readEnvNumber('AWS_APPCONFIG_EXTENSION_HTTP_PORT', DEFAULT_APPCONFIG_PORT, {
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
  return isFresh(entry, seconds, Date.now()) ? entry.value : MISS;
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
    if (isFresh(entry, seconds, Date.now())) return Promise.resolve(entry.value as T);
    const pending = state.inflight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
  }
  if (!cacheable) return load().then(unwrapExpiring);
  return startLoad(state, key, load);
}

function unwrapExpiring<T>(loaded: T): T {
  return loaded instanceof Expiring ? (loaded.value as T) : loaded;
}

function startLoad<T>(state: ParametersState, key: string, load: () => Promise<T>): Promise<T> {
  const generation = state.generation;
  const promise = load().then(
    (loaded) => {
      const expiring = loaded instanceof Expiring;
      const value = (expiring ? loaded.value : loaded) as T;
      if (state.generation === generation) {
        const expiresAt = expiring ? loaded.expiresAt : undefined;
        state.values.set(key, { value, storedAt: Date.now(), expiresAt });
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
  if (isFresh(entry, seconds, Date.now())) return Promise.resolve(entry.value);
  return state.inflight.get(key);
}

/**
 * Stores `value` under `key` until `maxAge` seconds from now (a provider's `addToCache`).
 *
 * @example
 * storeInCache('x|1|/app/flag,', 'on', 60);
 */
export function storeInCache(key: string, value: unknown, maxAge: number): void {
  const now = Date.now();
  parametersState().values.set(key, { value, storedAt: now, expiresAt: now + maxAge * 1000 });
}

/**
 * Whether `key` holds a value that its own expiry (not a caller's maxAge) still allows serving.
 *
 * @example
 * if (!hasUnexpiredEntry(key)) refetch();
 */
export function hasUnexpiredEntry(key: string): boolean {
  const entry = parametersState().values.get(key);
  return entry !== undefined && (entry.expiresAt === undefined || Date.now() < entry.expiresAt);
}

/**
 * Forgets the values of these keys (a provider's `clearCache`); other values stay.
 *
 * @example
 * forgetKeys(['p|auto|0||||||/app/flag']);
 */
export function forgetKeys(keys: Iterable<string>): void {
  const { values, inflight } = parametersState();
  for (const key of keys) {
    values.delete(key);
    inflight.delete(key);
  }
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
  state.appconfigAgent = 'unknown';
  state.appconfigSessions.clear();
}
