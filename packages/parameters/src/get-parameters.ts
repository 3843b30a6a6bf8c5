import { contentId, sdkClientId } from './client-identity.js';
import { ParameterOptionsError, TransformParameterError } from './errors.js';
import { cachedFetch } from './fetch-value.js';
import { resolveDecrypt } from './get-parameter.js';
import { sdkGetParametersByPath } from './sdk-transport.js';
import { applyTransform } from './transform.js';
import { toGetParameterError } from './transport.js';
import type { GetParametersOptions } from './types.js';
import { checkBaseOptions, checkParameterName } from './validate.js';

const NO_OPTIONS: GetParametersOptions = {};

/** The cache key of a by-path request. */
export function pathCacheKey(path: string, options: GetParametersOptions): string {
  const decrypt = resolveDecrypt(path, options);
  return `m|${options.transport ?? 'auto'}|${decrypt ? 1 : 0}|${options.recursive === true ? 1 : 0}|${options.transform ?? ''}|${options.throwOnTransformError === true ? 1 : 0}|${sdkClientId(options)}|${contentId(options.sdkOptions)}|${path}`;
}

function checkPathCall(path: unknown, options: GetParametersOptions): asserts path is string {
  checkParameterName(path, 'path');
  if (!path.startsWith('/'))
    throw new ParameterOptionsError(path, 'path', 'a parameter path must begin with "/"');
  checkBaseOptions(path, options);
  if (options.transport === 'extension') {
    throw new ParameterOptionsError(
      path,
      'transport',
      "the Parameters and Secrets extension has no by-path API; use transport 'auto' or 'sdk' (getParameters always reads paths through the AWS SDK)",
    );
  }
}

function transformAll(
  values: Record<string, unknown>,
  options: GetParametersOptions,
): Record<string, unknown> {
  if (options.transform === undefined) return values;
  for (const [key, value] of Object.entries(values)) {
    try {
      values[key] = applyTransform(value as string, options.transform, key);
    } catch (error) {
      if (options.throwOnTransformError === true || !(error instanceof TransformParameterError)) throw error;
      values[key] = undefined;
    }
  }
  return values;
}

/** Fetches every parameter under a path (no cache), transformed. */
export async function fetchByPath(
  path: unknown,
  options: GetParametersOptions,
): Promise<Record<string, unknown>> {
  checkPathCall(path, options);
  const decrypt = resolveDecrypt(path, options);
  let values: Record<string, unknown>;
  try {
    values = await sdkGetParametersByPath(path, options.recursive === true, decrypt, options);
  } catch (error) {
    throw toGetParameterError(error, { kind: 'path', name: path }, 'sdk');
  }
  return transformAll(values, options);
}

/**
 * Gets every parameter under a path (SSM GetParametersByPath, all pages), keyed by the name relative
 * to the path: `/app/db/url` under `/app` is `db/url`, as in Powertools. The Parameters and Secrets
 * extension has no by-path API, so paths are always read through the AWS SDK (the optional peer
 * @aws-sdk/client-ssm, loaded on first use); `transport: 'extension'` is rejected. Cached like
 * `getParameter`. With `transform: 'auto'`, each value is transformed by its own key's suffix.
 *
 * @example
 * const settings = await getParameters('/app/settings', { recursive: true, transform: 'auto' });
 * settings['limits.json']; // parsed JSON
 */
export function getParameters(
  path: string,
  options?: GetParametersOptions,
): Promise<Record<string, unknown>> {
  return cachedFetch(path, options ?? NO_OPTIONS, pathCacheKey, fetchByPath) as Promise<
    Record<string, unknown>
  >;
}
