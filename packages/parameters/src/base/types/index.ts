// Powertools' provider types (@aws-lambda-powertools/parameters/base/types), under the same names,
// so code typed against them compiles with only the import prefix changed.
import type { Transform } from '../../constants.js';

/** Options of a provider's constructor. */
export type BaseProviderConstructorOptions = {
  /** An AWS SDK v3 client to use instead of building one. */
  awsSdkV3Client?: unknown;
  /** Configuration of the client built when none is given (region, endpoint, credentials...). */
  clientConfig?: unknown;
  /** The client class to build when no `awsSdkV3Client` is given. */
  awsSdkV3ClientPrototype?: new (
    config?: unknown,
  ) => unknown;
};

/** 'json', 'binary' or 'auto'. */
export type TransformOptions = (typeof Transform)[keyof typeof Transform];

/** `Output`, or `Output | undefined` unless the options say `throwOnMissing: true`. */
export type GetMaybeUndefined<Output, InferredFromOptionsType> = InferredFromOptionsType extends {
  throwOnMissing: true;
}
  ? Output
  : Output | undefined;

/** Options of a provider's `get`. */
export interface GetOptionsInterface {
  /** Seconds the value may be served from the cache (default 5; Infinity: for the environment's life). */
  maxAge?: number;
  /** Fetch even when a cached value is fresh. */
  forceFetch?: boolean;
  /** More input for the SDK command. */
  sdkOptions?: unknown;
  /** 'json' or 'binary'. */
  transform?: Omit<TransformOptions, 'auto'>;
  /** Throw ParameterNotFoundError instead of resolving to undefined when the store has no value. */
  throwOnMissing?: boolean;
}

/** Options of a provider's `getMultiple`. */
export interface GetMultipleOptionsInterface extends GetOptionsInterface {
  /** 'json', 'binary' or 'auto' (by each key's suffix). */
  transform?: TransformOptions;
  /** Throw when one value fails its transform (default: it becomes undefined). */
  throwOnTransformError?: boolean;
}

/** A cached value and when it expires (ms since epoch). */
export interface ExpirableValueInterface {
  value: unknown;
  ttl: number;
}

/** What every provider offers. */
export interface BaseProviderInterface {
  get(name: string, options?: GetOptionsInterface): Promise<unknown>;
  getMultiple(path: string, options?: GetMultipleOptionsInterface): Promise<unknown>;
  clearCache?(): void;
}
