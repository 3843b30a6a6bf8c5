import type { MiddlewareObj, MiddyRequest } from '@lambkit/core';
import { Logger } from './logger.js';
import { parsePath } from './path.js';
import type { InjectLambdaContextOptions } from './types.js';

/**
 * The message of the error line written when the handler throws and the buffer is flushed.
 *
 * @example
 * // Logs Insights: filter message = 'Uncaught error detected, flushing log buffer before exit'
 * const uncaught = lines.filter((line) => line.message === UncaughtErrorLogMessage);
 */
export const UncaughtErrorLogMessage = 'Uncaught error detected, flushing log buffer before exit';

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
  const { logEvent, correlationIdPath, flushBufferOnUncaughtError = false } = options;
  const resetKeys = options.resetKeys ?? options.clearState ?? false;
  // Checked here, at INIT, so a mistyped path fails the deployment's first test, not an invocation.
  if (correlationIdPath !== undefined) parsePath('correlationIdPath', correlationIdPath, false);

  function injectLambdaContextBefore(request: MiddyRequest): void {
    for (const logger of loggers) {
      if (request.context !== undefined) logger.addContext(request.context);
      if (correlationIdPath !== undefined) logger.setCorrelationId(request.event, correlationIdPath);
      logger.logEventIfEnabled(request.event, logEvent);
    }
  }

  function injectLambdaContextAfter(): void {
    for (const logger of loggers) {
      logger.clearBuffer();
      if (resetKeys) logger.resetKeys();
    }
  }

  function injectLambdaContextOnError(request: MiddyRequest): void {
    for (const logger of loggers) {
      if (flushBufferOnUncaughtError) {
        logger.flushBuffer();
        logger.error({ message: UncaughtErrorLogMessage, error: request.error });
      } else {
        logger.clearBuffer();
      }
      if (resetKeys) logger.resetKeys();
    }
  }

  return {
    name: 'injectLambdaContext',
    before: injectLambdaContextBefore,
    after: injectLambdaContextAfter,
    onError: injectLambdaContextOnError,
  };
}
