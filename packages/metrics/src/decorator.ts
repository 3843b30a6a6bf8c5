import { beginInvocation, type HandlerMethodDecorator, type LambdaContext } from '@lambkit/core';
import { type Publishable, publishAll, publishAllAfterError } from './publish-all.js';
import type { LogMetricsOptions } from './types.js';

/** What the decorator needs of a Metrics: kept structural so that this file does not import the class. */
export interface DecoratedMetrics extends Publishable {
  setThrowOnEmptyMetrics(enabled: boolean): unknown;
  setDefaultDimensions(dimensions: Record<string, string>): unknown;
  captureColdStartMetric(functionName?: string): void;
}

type HandlerMethod = (this: unknown, event: unknown, context: LambdaContext, ...rest: unknown[]) => unknown;

/**
 * The `@metrics.logMetrics()` class method decorator: the logMetrics middleware's before, after
 * and onError around the decorated method. Options apply once, when the class is defined.
 * `open` and `end` mark the invocation's store (see openInvocationMetrics in invocation-metrics.ts).
 *
 * @example
 * logMetrics(options = {}) { return logMetricsDecorator(this, options, openInvocationMetrics, endInvocationMetrics); }
 */
export function logMetricsDecorator<T extends DecoratedMetrics>(
  metrics: T,
  options: LogMetricsOptions,
  open: (metrics: T) => void,
  end: (metrics: T) => void,
): HandlerMethodDecorator {
  if (options.throwOnEmptyMetrics === true) metrics.setThrowOnEmptyMetrics(true);
  if (options.defaultDimensions !== undefined) metrics.setDefaultDimensions(options.defaultDimensions);
  const captureColdStart = options.captureColdStartMetric === true;
  const instances = [metrics];

  return function decorateWithLogMetrics(_target, _propertyKey, descriptor): void {
    const original = descriptor.value as unknown as HandlerMethod;
    // A function, not an arrow, so that the method keeps its `this`; async, as in Powertools.
    async function logMetricsHandler(
      this: unknown,
      event: unknown,
      context: LambdaContext,
      ...rest: unknown[]
    ) {
      beginInvocation(context);
      open(metrics);
      if (captureColdStart) metrics.captureColdStartMetric(context?.functionName);
      let result: unknown;
      try {
        result = await original.call(this, event, context, ...rest);
      } catch (error) {
        publishAllAfterError(instances, end);
        throw error;
      }
      publishAll(instances, end);
      return result;
    }
    (descriptor as { value?: unknown }).value = logMetricsHandler;
  };
}
