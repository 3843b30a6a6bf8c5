import type { HandlerMethodDecorator, LambdaContext } from '@lambkit/core';
import { parsePath } from './path.js';
import type { InjectLambdaContextOptions, LogItemMessage } from './types.js';

/**
 * The message of the error line written when the handler throws and the buffer is flushed.
 *
 * @example
 * // Logs Insights: filter message = 'Uncaught error detected, flushing log buffer before exit'
 * const uncaught = lines.filter((line) => line.message === UncaughtErrorLogMessage);
 */
export const UncaughtErrorLogMessage = 'Uncaught error detected, flushing log buffer before exit';

/** What the hooks need of a Logger. */
export interface ContextLogger {
  addContext(context: LambdaContext): void;
  setCorrelationId(value: unknown, correlationIdPath?: string): void;
  logEventIfEnabled(event: unknown, overwriteValue?: boolean): void;
  clearBuffer(): void;
  flushBuffer(): void;
  resetKeys(): void;
  error(input: LogItemMessage, ...extraInput: unknown[]): void;
}

/** The three moments of an invocation, for the middleware and the decorator alike. */
export interface LambdaContextHooks {
  before(event: unknown, context: LambdaContext | undefined): void;
  after(): void;
  onError(error: unknown): void;
}

/**
 * What injectLambdaContext does, in Powertools' order: before the handler, the context, the event
 * line, then the correlation id; after it, the buffer dropped and keys reset; when it throws, the
 * buffer written with an error line (flushBufferOnUncaughtError) or dropped, and keys reset.
 * Options are read here, once, at INIT; a mistyped correlationIdPath throws here too.
 *
 * @example
 * const hooks = lambdaContextHooks([logger], { logEvent: true });
 * hooks.before(event, context);
 */
export function lambdaContextHooks(
  loggers: readonly ContextLogger[],
  options: InjectLambdaContextOptions = {},
): LambdaContextHooks {
  const { logEvent, correlationIdPath, flushBufferOnUncaughtError = false } = options;
  const resetKeys = options.resetKeys ?? options.clearState ?? false;
  if (correlationIdPath !== undefined) parsePath('correlationIdPath', correlationIdPath);

  function before(event: unknown, context: LambdaContext | undefined): void {
    for (const logger of loggers) {
      if (context !== undefined) logger.addContext(context);
      logger.logEventIfEnabled(event, logEvent);
      if (correlationIdPath !== undefined) logger.setCorrelationId(event, correlationIdPath);
    }
  }

  function after(): void {
    for (const logger of loggers) {
      logger.clearBuffer();
      if (resetKeys) logger.resetKeys();
    }
  }

  function onError(error: unknown): void {
    for (const logger of loggers) {
      if (flushBufferOnUncaughtError) {
        logger.flushBuffer();
        logger.error({ message: UncaughtErrorLogMessage, error });
      } else {
        logger.clearBuffer();
      }
      if (resetKeys) logger.resetKeys();
    }
  }

  return { before, after, onError };
}

/**
 * A legacy (`experimentalDecorators`) class method decorator running the hooks around the
 * decorated handler, as Powertools' `@logger.injectLambdaContext()`. The handler keeps its `this`.
 *
 * @example
 * class Lambda { @logger.injectLambdaContext({ logEvent: true }) async handler(event, context) {} }
 */
export function lambdaContextDecorator(
  logger: ContextLogger,
  options?: InjectLambdaContextOptions,
): HandlerMethodDecorator {
  const hooks = lambdaContextHooks([logger], options);
  return (_target, _propertyKey, descriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    // A function, not an arrow: `this` is the instance the handler was called on.
    async function injectLambdaContextHandler(this: unknown, ...args: unknown[]): Promise<unknown> {
      hooks.before(args[0], args[1] as LambdaContext | undefined);
      let result: unknown;
      try {
        result = await original.apply(this, args);
      } catch (error) {
        hooks.onError(error);
        throw error;
      }
      hooks.after();
      return result;
    }
    descriptor.value = injectLambdaContextHandler as typeof descriptor.value;
  };
}
