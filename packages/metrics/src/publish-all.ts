import { beginInvocation, type LambdaContext } from '@lambkit/core';
import { EMPTY_METRICS_ERROR } from './constants.js';
import { markEnded } from './invocation-metrics.js';
import { warnTo } from './settings.js';
import type { LogMetricsOptions } from './types.js';

/** What logMetrics (middleware and decorator) needs of a Metrics: kept structural so that this file does not import the class. */
export interface Flushable {
  publishStoredMetrics(): unknown;
  setThrowOnEmptyMetrics(enabled: boolean): unknown;
  setDefaultDimensions(dimensions: Record<string, string>): unknown;
  captureColdStartMetric(functionName?: string): void;
}

/**
 * Applies logMetrics' options to the instances (once, when the middleware or decorator is made) and
 * returns its start of an invocation: the invocation begun, each instance's store opened (a retry
 * that reuses the previous request id is a new invocation, not late work), the ColdStart metric
 * when asked for.
 *
 * @example
 * const start = startAll([metrics], { captureColdStartMetric: true });
 * start(context);
 */
export function startAll(
  instances: readonly Flushable[],
  options: LogMetricsOptions,
): (context: LambdaContext | undefined) => void {
  for (const metrics of instances) {
    if (options.throwOnEmptyMetrics === true) metrics.setThrowOnEmptyMetrics(true);
    if (options.defaultDimensions !== undefined) metrics.setDefaultDimensions(options.defaultDimensions);
  }
  const captureColdStart = options.captureColdStartMetric === true;
  return (context) => {
    beginInvocation(context);
    for (const metrics of instances) markEnded(metrics, false);
    if (captureColdStart) {
      for (const metrics of instances) metrics.captureColdStartMetric(context?.functionName);
    }
  };
}

/**
 * Publishes every instance, even when one throws, and ends the invocation for each: what work the
 * handler did not await adds afterwards waits for the next flush. Then throws the first error.
 *
 * @example
 * flushAll([metrics]);
 */
export function flushAll(instances: readonly Flushable[]): void {
  let failure: unknown;
  let failed = false;
  for (const metrics of instances) {
    try {
      metrics.publishStoredMetrics();
    } catch (error) {
      if (!failed) failure = error;
      failed = true;
    } finally {
      markEnded(metrics, true);
    }
  }
  if (failed) throw failure;
}

/**
 * `flushAll` after the handler failed: the handler's error is the one to report, and an empty
 * flush (throwOnEmptyMetrics) is its consequence, so it is a warning instead of replacing
 * it. Any other failure still surfaces.
 *
 * @example
 * try { await handler(); } catch (error) { flushAllAfterError([metrics]); throw error; }
 */
export function flushAllAfterError(instances: readonly Flushable[]): void {
  try {
    flushAll(instances);
  } catch (error) {
    if (!(error instanceof RangeError && error.message === EMPTY_METRICS_ERROR)) throw error;
    warnTo(undefined, 'METRICS_EMPTY_FLUSH_AFTER_ERROR', `${EMPTY_METRICS_ERROR} (after the handler failed)`);
  }
}
