import type { LambdaContext } from '@lambkit/core';
import type { BatchProcessingOptions, RecordFailureHook } from './types.js';

/** The options, checked, with defaults applied. */
export interface ResolvedOptions {
  context: LambdaContext | undefined;
  concurrency: number;
  throwOnFullBatchFailure: boolean;
  timeoutMarginMs: number | undefined;
  skipGroupOnError: boolean;
  onRecordFailure: RecordFailureHook | undefined;
}

const KNOWN = new Set([
  'context',
  'concurrency',
  'throwOnFullBatchFailure',
  'timeoutMarginMs',
  'skipGroupOnError',
  'processInParallel',
  'onRecordFailure',
]);

function show(value: unknown): string {
  // Never undefined: every caller checks that the value was given.
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}

function checkBoolean(owner: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${owner}: options.${name} must be a boolean, got ${show(value)}`);
  }
}

/**
 * Throws a TypeError naming what `options` is unless it is an object; `owner` names the caller.
 *
 * @example
 * checkOptionsObject('reportBatchItemFailures', null); // throws: options must be an object, got null
 */
export function checkOptionsObject(owner: string, options: unknown): asserts options is object {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${owner}: options must be an object, got ${show(options)}`);
  }
}

/**
 * Checks the options and applies the defaults; a bad value throws a TypeError naming the option, the
 * value and the rule. `owner` names the caller in the message.
 *
 * @example
 * resolveOptions('processPartialResponse', { context, concurrency: 10 }).concurrency; // 10
 */
export function resolveOptions(owner: string, options: BatchProcessingOptions | undefined): ResolvedOptions {
  if (options === undefined) {
    return {
      context: undefined,
      concurrency: Number.POSITIVE_INFINITY,
      throwOnFullBatchFailure: true,
      timeoutMarginMs: undefined,
      skipGroupOnError: false,
      onRecordFailure: undefined,
    };
  }
  checkOptionsObject(owner, options);
  for (const key in options) {
    if (!KNOWN.has(key)) {
      throw new TypeError(`${owner}: unknown option "${key}" (accepted: ${[...KNOWN].join(', ')})`);
    }
  }
  const {
    context,
    concurrency,
    throwOnFullBatchFailure,
    timeoutMarginMs,
    skipGroupOnError,
    processInParallel,
    onRecordFailure,
  } = options;
  if (onRecordFailure !== undefined && typeof onRecordFailure !== 'function') {
    throw new TypeError(`${owner}: options.onRecordFailure must be a function, got ${show(onRecordFailure)}`);
  }
  checkBoolean(owner, 'processInParallel', processInParallel);
  if (
    concurrency !== undefined &&
    !(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))
  ) {
    throw new TypeError(
      `${owner}: options.concurrency must be a whole number >= 1 or Infinity, got ${show(concurrency)}`,
    );
  }
  checkBoolean(owner, 'throwOnFullBatchFailure', throwOnFullBatchFailure);
  checkBoolean(owner, 'skipGroupOnError', skipGroupOnError);
  if (timeoutMarginMs !== undefined) {
    // Number.isFinite is false for anything that is not a number, a numeric string included.
    if (!Number.isFinite(timeoutMarginMs) || timeoutMarginMs < 0) {
      throw new TypeError(
        `${owner}: options.timeoutMarginMs must be a finite number >= 0, got ${show(timeoutMarginMs)}`,
      );
    }
    if (typeof context?.getRemainingTimeInMillis !== 'function') {
      throw new TypeError(
        `${owner}: options.timeoutMarginMs needs options.context, the Lambda context, to know the remaining time`,
      );
    }
  }
  return {
    context,
    concurrency: concurrency ?? (processInParallel === false ? 1 : Number.POSITIVE_INFINITY),
    throwOnFullBatchFailure: throwOnFullBatchFailure ?? true,
    timeoutMarginMs,
    skipGroupOnError: skipGroupOnError ?? false,
    onRecordFailure,
  };
}
