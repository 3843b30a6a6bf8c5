import {
  beginInvocation,
  type HandlerMethodDecorator,
  isThenable,
  type MiddlewareObj,
  type MiddyRequest,
} from '@lambkit/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Envelope } from '../envelopes/envelope.js';
import { describeType, ParseError } from '../errors.js';
import { type ParseOptions, resolveOptions } from '../options.js';
import { type ParseOutput, parseWith, safeParseWith } from '../parse.js';
import type { ParsedResult } from '../result.js';
import { assertSchema } from '../validate.js';

/**
 * Recovers from a ParseError of the parser: its return value becomes the handler's response
 * (`undefined` means no recovery: the ParseError is thrown). It must return synchronously.
 *
 * @example
 * const errorHandler: ErrorHandler<{ statusCode: number }> = () => ({ statusCode: 400 });
 */
export type ErrorHandler<TErrorHandlerReturn> = (
  error: ParseError,
  event: unknown,
) => TErrorHandlerReturn extends Promise<unknown> ? never : TErrorHandlerReturn;

/** Options of the {@link parser} middleware and decorator. */
export interface ParserOptions<
  S extends StandardSchemaV1,
  E extends Envelope | undefined = undefined,
  Safe extends boolean = false,
  TErrorHandlerReturn = never,
> extends ParseOptions {
  /** Any Standard Schema (Zod, Valibot, ArkType, ...): the payload, or the whole event without envelope. */
  schema: S;
  /** Where the payload is in the event (SqsEnvelope, EventBridgeEnvelope, ...). Without it, the event. */
  envelope?: E;
  /**
   * When true, the handler receives `{ success, data }` or `{ success: false, error, originalEvent }`
   * instead of the middleware throwing a ParseError.
   */
  safeParse?: Safe;
  /**
   * Turns a ParseError of this parser into the response (a 400 for an API, `{ batchItemFailures }` for
   * a queue), as Powertools' option does. Not with `safeParse: true`, where nothing is thrown.
   */
  errorHandler?: ErrorHandler<TErrorHandlerReturn>;
}

/** The event the handler receives from {@link parser}. */
export type ParserOutput<
  S extends StandardSchemaV1,
  E extends Envelope | undefined,
  Safe extends boolean,
> = Safe extends true ? ParsedResult<unknown, ParseOutput<S, E>> : ParseOutput<S, E>;

/**
 * What {@link parser} returns: a @middy/core middleware and, for classes, a method decorator.
 */
export type ParserMiddleware<
  S extends StandardSchemaV1,
  E extends Envelope | undefined,
  Safe extends boolean,
  TErrorHandlerReturn = never,
> = MiddlewareObj<
  ParserOutput<S, E, Safe>,
  ParserOutput<S, E, Safe> | Exclude<TErrorHandlerReturn, undefined>
> &
  HandlerMethodDecorator;

const NO_RECOVERY = Symbol('NO_RECOVERY');

/**
 * Parses the event before the handler runs and replaces it with the parsed, typed payload. A bad event
 * throws a ParseError (naming the field and record, never carrying the event), unless `safeParse` is
 * set or `errorHandler` recovers. Options are checked and resolved once, when `parser` is called.
 *
 * The result is both a @middy/core middleware (`.use(parser(...))`) and a legacy
 * (`experimentalDecorators`) method decorator (`@parser(...)` on a `LambdaInterface` handler), as
 * Powertools exports the two from `/middleware` and the root.
 *
 * @example
 * const orderSchema = z.object({ orderId: z.string(), total: z.number() });
 * export const handler = middy<z.infer<typeof orderSchema>[]>()
 *   .use(parser({ schema: orderSchema, envelope: SqsEnvelope }))
 *   .handler(async (orders) => orders.length);
 */
export function parser<
  S extends StandardSchemaV1,
  E extends Envelope | undefined = undefined,
  Safe extends boolean = false,
  TErrorHandlerReturn = never,
>(
  options: ParserOptions<S, E, Safe, TErrorHandlerReturn>,
): ParserMiddleware<S, E, Safe, TErrorHandlerReturn> {
  assertSchema(options?.schema, 'schema');
  const { schema, envelope, errorHandler } = options;
  if (envelope !== undefined && typeof (envelope as Envelope | undefined)?.run !== 'function') {
    throw new TypeError('parser: envelope must be one of the envelopes @lambkit/parser exports');
  }
  const safe = options.safeParse === true;
  checkErrorHandler(errorHandler, safe);
  const resolved = resolveOptions(options);
  // The requests whose parse failed here, so onError recovers only this parser's own ParseError.
  const failedRequests = new WeakSet<object>();

  function parseEvent(event: unknown): unknown {
    return safe
      ? safeParseWith(event, envelope, schema, resolved)
      : parseWith(event, envelope, schema, resolved);
  }

  function recover(error: unknown, event: unknown): unknown {
    if (errorHandler === undefined || !(error instanceof ParseError)) return NO_RECOVERY;
    const result: unknown = errorHandler(error, event);
    if (isThenable(result)) {
      throw new TypeError(
        'parser: errorHandler must return synchronously; async errorHandler functions are not supported',
      );
    }
    // undefined means "no recovery"; null is a response like any other.
    return result === undefined ? NO_RECOVERY : result;
  }

  function parserBefore(request: MiddyRequest): void {
    beginInvocation(request.context);
    try {
      request.event = parseEvent(request.event);
    } catch (error) {
      if (errorHandler !== undefined) failedRequests.add(request);
      throw error;
    }
  }

  function parserOnError(request: MiddyRequest): void {
    if (!failedRequests.has(request)) return;
    const result = recover(request.error, request.event);
    if (result !== NO_RECOVERY) request.response = result;
  }

  function parserDecorator(
    _target: unknown,
    _propertyKey: string | symbol,
    // biome-ignore lint/suspicious/noExplicitAny: a method taking a specific event type is assignable only to any[] parameters
    descriptor: TypedPropertyDescriptor<(...args: any[]) => unknown>,
    // biome-ignore lint/suspicious/noExplicitAny: as above, the descriptor handed back
  ): TypedPropertyDescriptor<(...args: any[]) => unknown> {
    const original = descriptor.value;
    // A method decorator's descriptor has a value; a getter or setter has none to wrap.
    if (original === undefined) throw new TypeError('parser() decorates a method, not a getter or setter');
    descriptor.value = function parsedHandler(this: unknown, event: unknown, ...rest: unknown[]): unknown {
      let parsed: unknown;
      try {
        parsed = parseEvent(event);
      } catch (error) {
        // Only this parser's failure is recovered: a ParseError the handler throws propagates as it is.
        const result = recover(error, event);
        if (result !== NO_RECOVERY) return result;
        throw error;
      }
      return original.apply(this, [parsed, ...rest]);
    };
    return descriptor;
  }

  const middleware = parserDecorator as typeof parserDecorator & MiddlewareObj;
  middleware.before = parserBefore;
  if (errorHandler !== undefined) middleware.onError = parserOnError;
  return middleware as unknown as ParserMiddleware<S, E, Safe, TErrorHandlerReturn>;
}

function checkErrorHandler(errorHandler: unknown, safe: boolean): void {
  if (errorHandler === undefined) return;
  if (typeof errorHandler !== 'function') {
    throw new TypeError(`parser: errorHandler must be a function, got ${describeType(errorHandler)}`);
  }
  if (safe) {
    throw new TypeError(
      'parser: errorHandler cannot be combined with safeParse: true (safeParse hands the failure to the handler instead of throwing)',
    );
  }
}
