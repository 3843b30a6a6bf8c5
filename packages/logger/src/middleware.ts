import type { MiddlewareObj, MiddyRequest } from '@lambkit/core';
import { lambdaContextHooks } from './lambda-context.js';
import { Logger } from './logger.js';
import type { InjectLambdaContextOptions } from './types.js';

export { UncaughtErrorLogMessage } from './lambda-context.js';

/**
 * A @middy/core middleware that adds the Lambda context to every line of the given loggers, and
 * optionally logs the event, sets the correlation id, resets appended keys after the handler and
 * writes the log buffer when the handler throws.
 *
 * @example
 * export const handler = middy(async (event) => {
 *   logger.info('processing');
 * }).use(injectLambdaContext(logger, { correlationIdPath: correlationPaths.API_GATEWAY_REST }));
 */
export function injectLambdaContext(
  target: Logger | Logger[],
  options: InjectLambdaContextOptions = {},
): MiddlewareObj {
  const loggers = Array.isArray(target) ? [...target] : [target];
  for (const [i, logger] of loggers.entries()) {
    if (!(logger instanceof Logger)) {
      throw new TypeError(
        `injectLambdaContext expects a Logger or an array of Loggers; item ${i} is ${String(logger)}`,
      );
    }
  }
  const hooks = lambdaContextHooks(loggers, options);

  function injectLambdaContextBefore(request: MiddyRequest): void {
    hooks.before(request.event, request.context);
  }

  function injectLambdaContextAfter(): void {
    hooks.after();
  }

  function injectLambdaContextOnError(request: MiddyRequest): void {
    hooks.onError(request.error);
  }

  return {
    name: 'injectLambdaContext',
    before: injectLambdaContextBefore,
    after: injectLambdaContextAfter,
    onError: injectLambdaContextOnError,
  };
}
