import { defaults } from '../cache.js';
import type { GetMultipleOptionsInterface, GetOptionsInterface, TransformOptions } from './types/index.js';

/**
 * Powertools' `GetOptions`: a provider call's options with the defaults filled in (maxAge from
 * POWERTOOLS_PARAMETERS_MAX_AGE, else 5).
 *
 * @example
 * new GetOptions({ transform: 'json' }).maxAge; // 5
 */
export class GetOptions implements GetOptionsInterface {
  forceFetch: boolean;
  maxAge: number;
  sdkOptions?: unknown;
  throwOnMissing: boolean;
  transform?: TransformOptions;

  constructor(options: GetOptionsInterface = {}) {
    this.forceFetch = options.forceFetch ?? false;
    this.maxAge = options.maxAge ?? defaults().maxAge;
    this.sdkOptions = options.sdkOptions;
    this.throwOnMissing = options.throwOnMissing ?? false;
    this.transform = options.transform as TransformOptions | undefined;
  }
}

/**
 * Powertools' `GetMultipleOptions`: `GetOptions` plus `throwOnTransformError` (default false).
 *
 * @example
 * new GetMultipleOptions({ transform: 'auto' }).throwOnTransformError; // false
 */
export class GetMultipleOptions extends GetOptions implements GetMultipleOptionsInterface {
  throwOnTransformError: boolean;

  constructor(options: GetMultipleOptionsInterface = {}) {
    super(options);
    this.throwOnTransformError = options.throwOnTransformError ?? false;
  }
}
