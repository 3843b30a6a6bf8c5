import type { MiddlewareObj, MiddyRequest } from '@lambkit/core';
import { Metrics } from './metrics.js';
import { flushAll, flushAllAfterError, startAll } from './publish-all.js';
import type { LogMetricsOptions } from './types.js';

export type { LogMetricsOptions };

/** Where Powertools middlewares (idempotency, for one) look for the metrics flush on an early return. */
const CLEANUP_KEY = 'powertools-for-aws.metrics';

/**
 * A @middy/core middleware that publishes the stored metrics when the handler returns AND when it
 * throws, so metrics recorded before an error are not lost; optionally publishes the ColdStart
 * metric. Options are applied once, when the middleware is created (at INIT).
 *
 * @example
 * export const handler = middy(async () => {
 *   metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
 * }).use(logMetrics(metrics, { captureColdStartMetric: true }));
 */
export function logMetrics(
  target: Metrics | readonly Metrics[],
  options: LogMetricsOptions = {},
): MiddlewareObj {
  const instances: readonly Metrics[] = Array.isArray(target) ? [...target] : [target as Metrics];
  instances.forEach((metrics, i) => {
    if (!(metrics instanceof Metrics)) {
      throw new TypeError(`logMetrics: target ${i} is not a Metrics instance (got ${typeof metrics})`);
    }
  });
  const start = startAll(instances, options);
  // Marks a request this middleware flushed: after a failing `after`, or an early-return cleanup,
  // middy may still call onError, and there is nothing left to publish. A property on the request,
  // not a WeakSet: one entry per invocation in a weak collection costs the garbage collector dearly.
  const flushed = Symbol('@lambkit/metrics.flushed');

  function logMetricsBefore(request: MiddyRequest): void {
    start(request.context);
    if (request.internal !== null && typeof request.internal === 'object') {
      request.internal[CLEANUP_KEY] = logMetricsAfter;
    }
  }

  function logMetricsAfter(request: MiddyRequest): void {
    const marked = request as MiddyRequest & { [flushed]?: true };
    if (marked[flushed]) return;
    marked[flushed] = true;
    flushAll(instances);
  }

  function logMetricsOnError(request: MiddyRequest): void {
    const marked = request as MiddyRequest & { [flushed]?: true };
    if (marked[flushed]) return;
    marked[flushed] = true;
    flushAllAfterError(instances);
  }

  return { before: logMetricsBefore, after: logMetricsAfter, onError: logMetricsOnError };
}
