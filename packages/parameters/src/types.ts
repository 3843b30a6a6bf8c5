import type { Transform } from './constants.js';

export type { Transform } from './constants.js';

/**
 * Where values come from. 'auto' (default): the Parameters and Secrets extension when it answers,
 * else the AWS SDK. 'extension' or 'sdk' force one.
 */
export type Transport = 'auto' | 'extension' | 'sdk';

/** A JSON value, what the 'json' transform returns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Something with the `send` method of an AWS SDK v3 client (for example one wrapped for X-Ray). */
export interface SdkClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
  send(command: any): Promise<any>;
}

/** Options every getter takes. */
export interface BaseGetOptions {
  /**
   * Seconds a value may be served from the cache. Default POWERTOOLS_PARAMETERS_MAX_AGE, else 5.
   * 0 never caches: every call fetches. Infinity keeps it for the life of the execution environment.
   */
  maxAge?: number;
  /** Fetch even when a cached value is fresh (the fresh value is then cached). */
  forceFetch?: boolean;
  /** Default 'auto'. */
  transport?: Transport;
  /**
   * Deadline of one fetch from the extension, in ms: connection, headers, body and the start-up
   * retries all fit in it. Default 3000. Does not bound the SDK (see clientConfig's requestHandler).
   */
  timeoutMs?: number;
  /** Configuration of the SDK client built for the 'sdk' transport (region, credentials, endpoint...). */
  clientConfig?: object;
  /** An SDK client to use instead of building one (SSMClient or SecretsManagerClient). */
  awsSdkV3Client?: SdkClientLike;
}

/** Options of `getParameter`. */
export interface GetParameterOptions extends BaseGetOptions {
  /** More GetParameter input for the SDK route (Powertools' name); `WithDecryption` counts as `decrypt`. */
  sdkOptions?: object;
  /** Decrypt a SecureString. Default POWERTOOLS_PARAMETERS_SSM_DECRYPT, else false. */
  decrypt?: boolean;
  transform?: Transform;
  /** A version number; not with `label`. */
  version?: number;
  /** A label; not with `version`. */
  label?: string;
}

/** Options of `getParameters` (by path). */
export interface GetParametersOptions extends BaseGetOptions {
  /** More GetParametersByPath input (Powertools' name), e.g. `ParameterFilters`. */
  sdkOptions?: object;
  /** Include parameters below sub-paths. Default false. */
  recursive?: boolean;
  decrypt?: boolean;
  transform?: Transform;
  /** Throw TransformParameterError when one value fails its transform (default false: it becomes undefined). */
  throwOnTransformError?: boolean;
}

/** Options of `getSecret`. */
export interface GetSecretOptions extends BaseGetOptions {
  transform?: Transform;
  /** A staging label, e.g. 'AWSPREVIOUS'; not with `versionId`. */
  versionStage?: string;
  /** A version id; not with `versionStage`. */
  versionId?: string;
  /** More GetSecretValue input (Powertools' name); `VersionId` and `VersionStage` count as the options above. */
  sdkOptions?: object;
  /**
   * Also read the secret's next rotation date (Secrets Manager DescribeSecret, through the SDK) and
   * never serve the cached value past it, so a rotated secret is not served stale. Middy's name;
   * needs secretsmanager:DescribeSecret. Default false.
   */
  fetchRotationDate?: boolean;
}

/** The value type `getParameter` resolves to for the given options. */
export type ParameterValue<O> = O extends { transform: 'json' }
  ? JsonValue
  : O extends { transform: 'auto' }
    ? JsonValue
    : string;

/** The value type `getSecret` resolves to for the given options. */
export type SecretValue<O> = O extends { transform: 'json' }
  ? JsonValue
  : O extends { transform: 'binary' }
    ? string
    : O extends { transform: 'auto' }
      ? JsonValue | Uint8Array
      : string | Uint8Array;
