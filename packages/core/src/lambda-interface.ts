import type { LambdaContext } from './types.js';

/** The callback of a callback-style handler, as in @types/aws-lambda. */
// biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
export type LambdaCallback<TResult = any> = (error?: Error | string | null, result?: TResult) => void;

/** A Lambda handler of any style, as `Handler` in @types/aws-lambda. */
// biome-ignore lint/suspicious/noExplicitAny: mirrors @types/aws-lambda and middy's types, whose any defaults keep handlers and middlewares of every event type assignable
export type LambdaHandler<TEvent = any, TResult = any> = (
  event: TEvent,
  context: LambdaContext,
  callback: LambdaCallback<TResult>,
  // biome-ignore lint/suspicious/noConfusingVoidType: the return type of Handler in @types/aws-lambda, so every handler typed with it fits
) => void | Promise<TResult>;

/**
 * A callback-style handler method.
 *
 * @deprecated Use {@link AsyncHandler}: Node.js 24 runtimes no longer call callback handlers.
 */
export type SyncHandler<T extends LambdaHandler = LambdaHandler> = (
  event: Parameters<T>[0],
  context: Parameters<T>[1],
  callback: Parameters<T>[2],
) => void;

/** An async handler method: the event and context in, a promise of the result out. */
export type AsyncHandler<T extends LambdaHandler = LambdaHandler> = (
  event: Parameters<T>[0],
  context: Parameters<T>[1],
) => Promise<NonNullable<Parameters<Parameters<T>[2]>[1]>>;

/**
 * A class whose `handler` method is the Lambda handler, the shape the class method decorators
 * (`@logger.injectLambdaContext()`, `@metrics.logMetrics()`, `@tracer.captureLambdaHandler()`)
 * decorate. The same type as Powertools' `LambdaInterface`.
 *
 * @example
 * class Lambda implements LambdaInterface {
 *   public async handler(event: unknown, context: LambdaContext) { return 'ok'; }
 * }
 */
export interface LambdaInterface {
  handler: SyncHandler | AsyncHandler;
}

/**
 * A legacy (`experimentalDecorators`) method decorator for a `LambdaInterface` handler method,
 * as Powertools' `HandlerMethodDecorator`.
 *
 * @example
 * const decorator: HandlerMethodDecorator = (_target, _key, descriptor) => { const original = descriptor.value; };
 */
export type HandlerMethodDecorator = (
  target: LambdaInterface,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<SyncHandler> | TypedPropertyDescriptor<AsyncHandler>,
) => void;
