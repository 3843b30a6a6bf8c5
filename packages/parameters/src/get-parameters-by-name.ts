import { cachedGet, cachedOrPending } from './cache.js';
import { sdkClientId } from './client-identity.js';
import { ParameterNotFoundError, ParameterOptionsError } from './errors.js';
import { checkParameterCall, getParameter, parameterCacheKey, resolveDecrypt } from './get-parameter.js';
import { sdkGetParameterBatch } from './sdk-transport.js';
import { applyTransform } from './transform.js';
import { decideAutoRoute, resolveTransport, sdkFetchError, warnIfAutoUsesSdk } from './transport.js';
import type { BaseGetOptions, GetParameterOptions, Transform } from './types.js';

/** Options of `getParametersByName`; they apply to every parameter that does not set its own. */
export interface GetParametersByNameOptions extends BaseGetOptions {
  decrypt?: boolean;
  transform?: Transform;
  /** Throw the first failure (default true); false collects failed names under `_errors`. */
  throwOnError?: boolean;
}

/** What `getParametersByName` resolves to: values by name, and `_errors` when throwOnError is false. */
export type ParametersByName = Record<string, unknown> & { _errors?: string[] };

/** GetParameters takes at most 10 names per call. */
const BATCH_SIZE = 10;
const ERRORS_KEY = '_errors';

interface Planned {
  name: string;
  options: GetParameterOptions;
  key: string;
}

function plan(
  parameters: Record<string, GetParameterOptions>,
  shared: GetParametersByNameOptions,
): Planned[] {
  const { throwOnError: _ignored, ...defaultsForAll } = shared;
  return Object.entries(parameters).map(([name, own]) => {
    const options: GetParameterOptions = { ...defaultsForAll, ...own };
    return { name, options, key: parameterCacheKey(name, options) };
  });
}

/** A batch of GetParameters calls for the names that miss the cache, one per 10 names of a kind. */
function fetchInBatches(misses: Planned[]): Map<string, Promise<unknown>> {
  const groups = new Map<string, Planned[]>();
  for (const item of misses) {
    const decrypt = resolveDecrypt(item.name, item.options);
    const groupKey = `${decrypt ? 1 : 0}|${sdkClientId(item.options)}`;
    const group = groups.get(groupKey) ?? [];
    group.push(item);
    groups.set(groupKey, group);
  }
  const loads = new Map<string, Promise<unknown>>();
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += BATCH_SIZE) {
      const chunk = group.slice(start, start + BATCH_SIZE);
      // start < group.length, so the chunk has a first item.
      const [first] = chunk as [Planned, ...Planned[]];
      const { options } = first;
      warnIfAutoUsesSdk(options.transport ?? 'auto');
      const response = sdkGetParameterBatch(
        chunk.map((item) => item.name),
        resolveDecrypt(first.name, options),
        options,
      );
      // Each name observes the shared response; nothing is left unhandled when it fails.
      response.catch(() => undefined);
      for (const item of chunk) loads.set(item.key, pick(response, item));
    }
  }
  return loads;
}

function pick(response: ReturnType<typeof sdkGetParameterBatch>, item: Planned): Promise<unknown> {
  const subject = { kind: 'parameter', name: item.name } as const;
  return cachedGet(item.key, item.options.maxAge, true, async () => {
    let result: Awaited<typeof response>;
    try {
      result = await response;
    } catch (error) {
      throw sdkFetchError(error, subject, item.options.transport ?? 'auto');
    }
    const value = result.values.get(item.name);
    if (value === undefined) {
      throw new ParameterNotFoundError(
        `The parameter ${JSON.stringify(item.name)} was not found (AWS SDK GetParameters)`,
        {
          parameter: item.name,
          kind: 'parameter',
          transport: 'sdk',
        },
      );
    }
    return applyTransform(value, item.options.transform, item.name);
  });
}

/** Through the SDK, names without version or label that miss the cache go in GetParameters batches. */
function batchable(item: Planned): boolean {
  const { options } = item;
  return (
    options.version === undefined &&
    options.label === undefined &&
    resolveTransport(options.transport ?? 'auto') === 'sdk'
  );
}

function loadAll(items: Planned[]): Promise<unknown>[] {
  const misses: Planned[] = [];
  const known = new Map<string, Promise<unknown>>();
  for (const item of items) {
    checkParameterCall(item.name, item.options);
    const existing = cachedOrPending(item.key, item.options.maxAge, item.options.forceFetch);
    if (existing !== undefined) known.set(item.key, existing);
    else if (batchable(item)) misses.push(item);
  }
  const batched = fetchInBatches(misses);
  return items.map(
    (item) => known.get(item.key) ?? batched.get(item.key) ?? getParameter(item.name, item.options),
  );
}

/**
 * Gets several parameters, each with its own options (merged over the shared ones), as Powertools'
 * `getParametersByName`. Through the extension each name is one request, all in parallel; through
 * the SDK, names that miss the cache are fetched 10 at a time with GetParameters. Every value is
 * cached under the same key `getParameter` uses.
 *
 * With `throwOnError: false`, failures do not reject: the failed names are listed under `_errors`
 * (names only, never values), and a parameter may not itself be named `_errors`.
 *
 * @example
 * const { '/app/db-url': dbUrl, '/app/config': config } = await getParametersByName(
 *   { '/app/db-url': {}, '/app/config': { transform: 'json' } },
 *   { maxAge: 60 },
 * );
 */
export async function getParametersByName(
  parameters: Record<string, GetParameterOptions>,
  options: GetParametersByNameOptions = {},
): Promise<ParametersByName> {
  if (parameters === null || typeof parameters !== 'object') {
    throw new ParameterOptionsError(
      String(parameters),
      'parameters',
      'must be an object of parameter name to options',
    );
  }
  const throwOnError = options.throwOnError ?? true;
  if (!throwOnError && Object.hasOwn(parameters, ERRORS_KEY)) {
    throw new ParameterOptionsError(
      ERRORS_KEY,
      'name',
      `a parameter cannot be named ${ERRORS_KEY} when throwOnError is false`,
    );
  }
  const items = plan(parameters, options);
  // 'auto' must know its route before the names are split into extension requests and SDK batches.
  if (items.some((item) => (item.options.transport ?? 'auto') === 'auto')) await decideAutoRoute();
  // Checks every name first: a malformed call throws even when throwOnError is false.
  const loads = loadAll(items);
  const result: ParametersByName = {};
  if (throwOnError) {
    const values = await Promise.all(loads);
    items.forEach((item, i) => {
      result[item.name] = values[i];
    });
    return result;
  }
  const settled = await Promise.allSettled(loads);
  const errors: string[] = [];
  // settled holds one outcome per item, in order.
  items.forEach((item, i) => {
    const outcome = settled[i];
    if (outcome?.status === 'fulfilled') result[item.name] = outcome.value;
    else errors.push(item.name);
  });
  result[ERRORS_KEY] = errors;
  return result;
}
