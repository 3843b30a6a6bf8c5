import { beginInvocation, type MiddlewareObj, type MiddyRequest } from '@lambkit/core';
import { endInvocationMetrics, openInvocationMetrics } from './invocation-metrics.js';
import { Metrics } from './metrics.js';
import { publishAll, publishAllAfterError } from './publish-all.js';
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
    if (options.throwOnEmptyMetrics === true) metrics.setThrowOnEmptyMetrics(true);
    if (options.defaultDimensions !== undefined) metrics.setDefaultDimensions(options.defaultDimensions);
  });
  const captureColdStart = options.captureColdStartMetric === true;
  // Marks a request this middleware flushed: after a failing `after`, or an early-return cleanup,
  // middy may still call onError, and there is nothing left to publish. A property on the request,
  // not a WeakSet: one entry per invocation in a weak collection costs the garbage collector dearly.
  const flushed = Symbol('@lambkit/metrics.flushed');

  function logMetricsBefore(request: MiddyRequest): void {
    beginInvocation(request.context);
    for (const metrics of instances) openInvocationMetrics(metrics);
    if (captureColdStart) {
      for (const metrics of instances) metrics.captureColdStartMetric(request.context?.functionName);
    }
    if (request.internal !== null && typeof request.internal === 'object') {
      request.internal[CLEANUP_KEY] = logMetricsAfter;
    }
  }

  function logMetricsAfter(request: MiddyRequest): void {
    const marked = request as MiddyRequest & { [flushed]?: true };
    if (marked[flushed]) return;
    marked[flushed] = true;
    publishAll(instances, endInvocationMetrics);
  }

  function logMetricsOnError(request: MiddyRequest): void {
    const marked = request as MiddyRequest & { [flushed]?: true };
    if (marked[flushed]) return;
    marked[flushed] = true;
    publishAllAfterError(instances, endInvocationMetrics);
  }

  return { before: logMetricsBefore, after: logMetricsAfter, onError: logMetricsOnError };
}
