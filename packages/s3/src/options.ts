import { stderrWarningLogger, type WarningLogger } from './warning-logger.js';

/**
 * What to do with a key that is not valid URL encoding: 'throw' an S3KeyDecodeError (the default), or
 * 'keep' the key as received and log a warning that names it.
 *
 * @example
 * const onInvalid: OnInvalidKey = 'keep';
 */
export type OnInvalidKey = 'throw' | 'keep';

/**
 * Options of `normalizeS3Event` and `s3KeyDecoder`.
 *
 * @example
 * const options: NormalizeS3EventOptions = { onInvalid: 'keep', logger: console };
 */
export interface NormalizeS3EventOptions {
  /** Default 'throw'. */
  onInvalid?: OnInvalidKey;
  /** Receives the warning of `onInvalid: 'keep'`. Default: one JSON line on stderr. */
  logger?: WarningLogger;
}

/** Options resolved and checked once, so the per-event work reads two fields. */
export interface DecodeSettings {
  readonly keep: boolean;
  readonly logger: WarningLogger;
}

export const DEFAULT_SETTINGS: DecodeSettings = { keep: false, logger: stderrWarningLogger };

/** Checks the options and resolves them; throws a TypeError that names the option and the value. */
export function resolveSettings(
  options: NormalizeS3EventOptions | undefined,
  caller: string,
): DecodeSettings {
  if (options === undefined) return DEFAULT_SETTINGS;
  const { onInvalid = 'throw', logger = stderrWarningLogger } = options;
  if (onInvalid !== 'throw' && onInvalid !== 'keep') {
    throw new TypeError(
      `${caller}: option onInvalid must be 'throw' or 'keep', got ${JSON.stringify(onInvalid)}`,
    );
  }
  if (logger === null || typeof logger !== 'object' || typeof logger.warn !== 'function') {
    throw new TypeError(`${caller}: option logger must be an object with a warn(message, ...extras) method`);
  }
  return { keep: onInvalid === 'keep', logger };
}
