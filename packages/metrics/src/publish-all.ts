import { writeWarning } from '@lambkit/core';
import { EMPTY_METRICS_ERROR } from './constants.js';

/** What the flush helpers need of a Metrics: kept structural so that this file does not import the class. */
export interface Publishable {
  publishStoredMetrics(): unknown;
}

/**
 * Publishes every instance, even when one throws, and ends the invocation for each (`end`): what
 * work the handler did not await adds afterwards waits for the next flush. Then throws the first error.
 *
 * @example
 * publishAll([metrics], endInvocationMetrics);
 */
export function publishAll<T extends Publishable>(instances: readonly T[], end: (metrics: T) => void): void {
  let failure: unknown;
  let failed = false;
  for (const metrics of instances) {
    try {
      metrics.publishStoredMetrics();
    } catch (error) {
      if (!failed) failure = error;
      failed = true;
    } finally {
      end(metrics);
    }
  }
  if (failed) throw failure;
}

/**
 * `publishAll` after the handler failed: the handler's error is the one to report, and an empty
 * flush (throwOnEmptyMetrics) is its consequence, so it is a warning instead of replacing
 * it. Any other failure still surfaces.
 *
 * @example
 * try { await handler(); } catch (error) { publishAllAfterError([metrics], end); throw error; }
 */
export function publishAllAfterError<T extends Publishable>(
  instances: readonly T[],
  end: (metrics: T) => void,
): void {
  try {
    publishAll(instances, end);
  } catch (error) {
    if (!(error instanceof RangeError && error.message === EMPTY_METRICS_ERROR)) throw error;
    writeWarning({
      package: '@lambkit/metrics',
      code: 'METRICS_EMPTY_FLUSH_AFTER_ERROR',
      message: `${EMPTY_METRICS_ERROR} (after the handler failed)`,
    });
  }
}
