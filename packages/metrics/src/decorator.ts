import type { HandlerMethodDecorator, LambdaContext } from '@lambkit/core';
import { type Flushable, flushAll, flushAllAfterError, startAll } from './publish-all.js';
import type { LogMetricsOptions } from './types.js';

type HandlerMethod = (this: unknown, event: unknown, context: LambdaContext, ...rest: unknown[]) => unknown;

/**
 * The `@metrics.logMetrics()` class method decorator: the logMetrics middleware's before, after
 * and onError around the decorated method. Options apply once, when the class is defined.
 *
 * @example
 * logMetrics(options = {}) { return logMetricsDecorator(this, options); }
 */
export function logMetricsDecorator(metrics: Flushable, options: LogMetricsOptions): HandlerMethodDecorator {
  const instances = [metrics];
  const captureColdStart = startAll(instances, options);

  return function decorateWithLogMetrics(_target, _propertyKey, descriptor): void {
    const original = descriptor.value as unknown as HandlerMethod;
    // A function, not an arrow, so that the method keeps its `this`; async, as in Powertools.
    async function logMetricsHandler(
      this: unknown,
      event: unknown,
      context: LambdaContext,
      ...rest: unknown[]
    ) {
      captureColdStart(context);
      let result: unknown;
      try {
        result = await original.call(this, event, context, ...rest);
      } catch (error) {
        flushAllAfterError(instances);
        throw error;
      }
      flushAll(instances);
      return result;
    }
    (descriptor as { value?: unknown }).value = logMetricsHandler;
  };
}
