import { Expiring } from './cache.js';
import { contentId, sdkClientId } from './client-identity.js';
import { ParameterOptionsError } from './errors.js';
import { MalformedResponseError } from './extension-transport.js';
import { cachedFetch, fetchValue } from './fetch-value.js';
import { sdkGetSecret, sdkNextRotation } from './sdk-transport.js';
import { toGetParameterError } from './transport.js';
import type { GetSecretOptions, SecretValue } from './types.js';
import { checkBaseOptions, checkSecretId, checkSecretVersion } from './validate.js';

const NO_OPTIONS: GetSecretOptions = {};

/**
 * The cache key of a secret: transport, transform, version stage or id, SDK client, and the id last.
 *
 * @example
 * secretCacheKey('db-password', {}); // 's|auto||||||||db-password'
 */
export function secretCacheKey(id: string, options: GetSecretOptions): string {
  const rotation = options.fetchRotationDate === true ? 'r' : '';
  return `s|${options.transport ?? 'auto'}|${options.transform ?? ''}|${options.versionStage ?? ''}|${options.versionId ?? ''}|${sdkClientId(options)}|${contentId(options.sdkOptions)}|${rotation}|${id}`;
}

/**
 * Powertools' `sdkOptions.VersionId` / `VersionStage` as lambkit's own options (the options win), so
 * both routes, the extension's included, ask for the same version.
 */
export function withSdkVersion(options: GetSecretOptions): GetSecretOptions {
  const sdk = options.sdkOptions as { VersionId?: unknown; VersionStage?: unknown } | undefined;
  if (sdk === undefined || (sdk.VersionId === undefined && sdk.VersionStage === undefined)) return options;
  if (options.versionId !== undefined || options.versionStage !== undefined) return options;
  return { ...options, versionId: sdk.VersionId as string, versionStage: sdk.VersionStage as string };
}

/** Checks the whole call; throws ParameterOptionsError naming the secret and the option. */
export function checkSecretCall(id: unknown, options: GetSecretOptions): asserts id is string {
  checkSecretId(id);
  checkBaseOptions(id, options);
  checkSecretVersion(id, options.versionStage, options.versionId);
  const { fetchRotationDate } = options;
  if (fetchRotationDate !== undefined && typeof fetchRotationDate !== 'boolean') {
    throw new ParameterOptionsError(
      id,
      'fetchRotationDate',
      `must be a boolean, got ${typeof fetchRotationDate}`,
    );
  }
}

function extensionPath(id: string, options: GetSecretOptions): string {
  let path = `/secretsmanager/get?secretId=${encodeURIComponent(id)}`;
  if (options.versionStage !== undefined) path += `&versionStage=${encodeURIComponent(options.versionStage)}`;
  else if (options.versionId !== undefined) path += `&versionId=${encodeURIComponent(options.versionId)}`;
  return path;
}

/** SecretString, else the bytes of the base64 SecretBinary, of a parsed GetSecretValue response body. */
// biome-ignore lint/suspicious/noExplicitAny: the extension's parsed JSON answer, read by field and checked by the caller
function secretValueOf(parsed: any): string | Uint8Array {
  if (typeof parsed?.SecretString === 'string') return parsed.SecretString;
  if (typeof parsed?.SecretBinary === 'string')
    return Uint8Array.from(Buffer.from(parsed.SecretBinary, 'base64'));
  throw new MalformedResponseError('a body without SecretString or SecretBinary');
}

/**
 * Fetches one secret (no cache): through the extension or the SDK, then transformed.
 *
 * @example
 * const raw = await fetchSecret('db-password', {});
 */
export async function fetchSecret(id: unknown, given: GetSecretOptions): Promise<unknown> {
  const options = withSdkVersion(given);
  checkSecretCall(id, options);
  const rotation = options.fetchRotationDate === true ? nextRotation(id, options) : undefined;
  const transformed = await fetchValue({ kind: 'secret', name: id }, options, {
    extensionPath: extensionPath(id, options),
    fromBody: secretValueOf,
    viaSdk: () => sdkGetSecret(id, options.versionStage, options.versionId, options),
  });
  const rotatesAt = await rotation;
  return rotatesAt === undefined ? transformed : new Expiring(transformed, rotatesAt);
}

/**
 * The secret's next rotation date, read alongside the value. Started before the value is fetched so
 * the two requests overlap; it is always observed, so a failure never goes unhandled.
 */
function nextRotation(id: string, options: GetSecretOptions): Promise<number | undefined> {
  const subject = { kind: 'secret', name: id } as const;
  const pending = sdkNextRotation(id, options).catch((error: unknown) => {
    throw toGetParameterError(error, subject, 'sdk');
  });
  pending.catch(() => undefined);
  return pending;
}

/**
 * Gets a Secrets Manager secret: its SecretString, or its SecretBinary as bytes. Cached in global
 * scope like `getParameter` (default 5 s), fetched through the Parameters and Secrets extension when
 * it is there, else through the AWS SDK. Powertools' `getSecret`, with the version options inline.
 *
 * @example
 * const password = await getSecret('db-password');
 * const credentials = await getSecret('db-credentials', { transform: 'json', maxAge: 300 });
 * const previous = await getSecret('db-password', { versionStage: 'AWSPREVIOUS' });
 */
export function getSecret<O extends GetSecretOptions = GetSecretOptions>(
  id: string,
  options?: O,
): Promise<SecretValue<O>> {
  return cachedFetch(id, options ?? NO_OPTIONS, secretCacheKey, fetchSecret) as Promise<SecretValue<O>>;
}
