// The one fetch path of getParameter and getSecret (and the cache entry of getParameters): through
// the extension or the SDK, the same errors, then the transform.
import { cachedGet } from './cache.js';
import { GetParameterError } from './errors.js';
import { DEFAULT_TIMEOUT_MS, extensionGet, MalformedResponseError } from './extension-transport.js';
import { applyTransform } from './transform.js';
import { type Subject, withTransport } from './transport.js';
import type { BaseGetOptions, Transform } from './types.js';
import { checkUnkeyedOptions } from './validate.js';

/** How one value is read: the extension's path and what its body holds, or the SDK's answer. */
export interface ValueRoutes<V> {
  /** The extension's GET path (query included). */
  extensionPath: string;
  /** The value in the extension's JSON answer (parsed); throws MalformedResponseError when absent. */
  // biome-ignore lint/suspicious/noExplicitAny: the extension's parsed JSON answer, read by field and checked by the caller
  fromBody: (parsed: any) => V;
  /** The value through the SDK; undefined when its answer holds none. */
  viaSdk: () => Promise<V | undefined>;
}

/**
 * Parses a 2xx body of the extension. The body itself is never quoted: it may hold a value.
 *
 * @example
 * const parsed = parseExtensionBody('{"Parameter":{"Value":"on"}}');
 */
// biome-ignore lint/suspicious/noExplicitAny: the extension's parsed JSON answer, read by field and checked by the caller
export function parseExtensionBody(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedResponseError('a body that is not JSON');
  }
}

function noValueError(subject: Subject): GetParameterError {
  return new GetParameterError(
    `Failed to get the ${subject.kind} ${JSON.stringify(subject.name)}: the response has no value`,
    { kind: subject.kind, parameter: subject.name, transport: 'sdk' },
  );
}

/**
 * Fetches one value (no cache) through the transport of `options`, then applies its transform.
 * Failures become GetParameterError (ParameterNotFoundError when the value does not exist).
 *
 * @example
 * const value = await fetchValue({ kind: 'parameter', name }, options, {
 *   extensionPath: `/systemsmanager/parameters/get?name=${encodeURIComponent(name)}`,
 *   fromBody: (parsed) => parsed.Parameter.Value,
 *   viaSdk: () => sdkGetParameter(name, false, undefined, options),
 * });
 */
export async function fetchValue<V extends string | Uint8Array>(
  subject: Subject,
  options: BaseGetOptions & { transform?: Transform },
  routes: ValueRoutes<V>,
): Promise<unknown> {
  const value = await withTransport(
    options.transport ?? 'auto',
    subject,
    async function viaExtension() {
      const body = await extensionGet(routes.extensionPath, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      return routes.fromBody(parseExtensionBody(body));
    },
    async function viaSdk() {
      const found = await routes.viaSdk();
      if (found === undefined) throw noValueError(subject);
      return found;
    },
  );
  return applyTransform(value, options.transform, subject.name);
}

/**
 * The public getters' cached call: the cache key of `name` (a non-string name gets its String() key
 * and is rejected by `fetch`), the value from the cache or from `fetch`. A bad maxAge or timeoutMs is
 * refused even on a cache hit. Any synchronous throw becomes a rejection: a getter never throws.
 *
 * @example
 * return cachedFetch(name, options ?? {}, parameterCacheKey, fetchParameter);
 */
export function cachedFetch<O extends BaseGetOptions>(
  name: unknown,
  options: O,
  cacheKey: (name: string, options: O) => string,
  fetch: (name: unknown, options: O) => Promise<unknown>,
): Promise<unknown> {
  try {
    const subject = typeof name === 'string' ? name : String(name);
    checkUnkeyedOptions(subject, options);
    const key = cacheKey(subject, options);
    return cachedGet(key, options.maxAge, options.forceFetch, () => fetch(name, options));
  } catch (error) {
    return Promise.reject(error);
  }
}
