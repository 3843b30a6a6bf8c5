import { defaults } from './cache.js';
import { contentId, sdkClientId } from './client-identity.js';
import { ParameterOptionsError } from './errors.js';
import { MalformedResponseError } from './extension-transport.js';
import { cachedFetch, fetchValue } from './fetch-value.js';
import { sdkGetParameter } from './sdk-transport.js';
import type { GetParameterOptions, ParameterValue } from './types.js';
import { checkBaseOptions, checkParameterName, checkSelector } from './validate.js';

const NO_OPTIONS: GetParameterOptions = {};

const REFERENCE_PREFIX = '/aws/reference/secretsmanager/';

/**
 * Whether to decrypt: the option, else true for a /aws/reference/secretsmanager/ name (Parameter Store
 * refuses those without decryption), else POWERTOOLS_PARAMETERS_SSM_DECRYPT.
 */
export function resolveDecrypt(name: string, options: GetParameterOptions): boolean {
  const fromSdk = (options.sdkOptions as { WithDecryption?: unknown } | undefined)?.WithDecryption;
  if (options.decrypt !== undefined) return options.decrypt;
  if (typeof fromSdk === 'boolean') return fromSdk;
  return defaults().decrypt || name.startsWith(REFERENCE_PREFIX);
}

/**
 * The cache key of a parameter: every option that changes the value (transport, decryption,
 * transform, version, label, SDK client) and the name last.
 *
 * @example
 * parameterCacheKey('/app/flag', { decrypt: true }); // 'p|auto|1||||||/app/flag'
 */
export function parameterCacheKey(name: string, options: GetParameterOptions): string {
  const decrypt = resolveDecrypt(name, options);
  return `p|${options.transport ?? 'auto'}|${decrypt ? 1 : 0}|${options.transform ?? ''}|${options.version ?? ''}|${options.label ?? ''}|${sdkClientId(options)}|${contentId(options.sdkOptions)}|${name}`;
}

/** Checks the whole call; throws ParameterOptionsError naming the parameter and the option. */
export function checkParameterCall(name: unknown, options: GetParameterOptions): asserts name is string {
  checkParameterName(name);
  checkBaseOptions(name, options);
  checkSelector(name, options.version, options.label);
  if (options.decrypt !== undefined && typeof options.decrypt !== 'boolean') {
    throw new ParameterOptionsError(name, 'decrypt', `must be a boolean, got ${String(options.decrypt)}`);
  }
}

function extensionPath(name: string, decrypt: boolean, options: GetParameterOptions): string {
  let path = `/systemsmanager/parameters/get?name=${encodeURIComponent(name)}`;
  if (decrypt) path += '&withDecryption=true';
  if (options.version !== undefined) path += `&version=${options.version}`;
  else if (options.label !== undefined) path += `&label=${encodeURIComponent(options.label)}`;
  return path;
}

/** The Value of a parsed GetParameter response body; the body itself is never quoted in errors. */
// biome-ignore lint/suspicious/noExplicitAny: the extension's parsed JSON answer, read by field and checked by the caller
function parameterValueOf(parsed: any): string {
  const value = parsed?.Parameter?.Value;
  if (typeof value !== 'string') throw new MalformedResponseError('a body without Parameter.Value');
  return value;
}

/**
 * Fetches one parameter (no cache): through the extension or the SDK, then transformed.
 *
 * @example
 * const raw = await fetchParameter('/app/flag', {});
 */
export async function fetchParameter(name: unknown, options: GetParameterOptions): Promise<unknown> {
  checkParameterCall(name, options);
  const decrypt = resolveDecrypt(name, options);
  const selector = options.version === undefined ? options.label : String(options.version);
  return fetchValue({ kind: 'parameter', name }, options, {
    extensionPath: extensionPath(name, decrypt, options),
    fromBody: parameterValueOf,
    viaSdk: () => sdkGetParameter(name, decrypt, selector, options),
  });
}

/**
 * Gets a Parameter Store parameter: from the global-scope cache when it is younger than `maxAge`
 * seconds (default 5, or POWERTOOLS_PARAMETERS_MAX_AGE), else from the Parameters and Secrets
 * extension on localhost (no AWS SDK), else, when the extension is not there, through the AWS SDK.
 * Concurrent calls for the same parameter and options share one request.
 *
 * Rejects with ParameterNotFoundError when it does not exist, GetParameterError when it cannot be
 * fetched, TransformParameterError when the transform fails, ParameterOptionsError for a bad call.
 *
 * @example
 * const dbUrl = await getParameter('/app/db-url');
 * const config = await getParameter('/app/config', { transform: 'json', maxAge: 60 });
 * const apiKey = await getParameter('/app/api-key', { decrypt: true });
 */
export function getParameter<O extends GetParameterOptions = GetParameterOptions>(
  name: string,
  options?: O,
): Promise<ParameterValue<O>> {
  return cachedFetch(name, options ?? NO_OPTIONS, parameterCacheKey, fetchParameter) as Promise<
    ParameterValue<O>
  >;
}
