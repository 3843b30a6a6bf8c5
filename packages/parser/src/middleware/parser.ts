import { beginInvocation, type MiddlewareObj, type MiddyRequest } from '@lambkit/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Envelope } from '../envelopes/envelope.js';
import { type ParseOptions, resolveOptions } from '../options.js';
import { type ParseOutput, parseWith, safeParseWith } from '../parse.js';
import type { ParsedResult } from '../result.js';
import { assertSchema } from '../validate.js';

/** Options of the {@link parser} middleware. */
export interface ParserOptions<
  S extends StandardSchemaV1,
  E extends Envelope | undefined = undefined,
  Safe extends boolean = false,
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
}

/** The event the handler receives from {@link parser}. */
export type ParserOutput<
  S extends StandardSchemaV1,
  E extends Envelope | undefined,
  Safe extends boolean,
> = Safe extends true ? ParsedResult<ParseOutput<S, E>> : ParseOutput<S, E>;

/**
 * A @middy/core middleware that replaces the event with the parsed, typed payload before the handler
 * runs. A bad event throws a ParseError (naming the field and record, never carrying the event), unless
 * `safeParse` is set. Options are checked and resolved once, when the middleware is created.
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
>(options: ParserOptions<S, E, Safe>): MiddlewareObj<ParserOutput<S, E, Safe>> {
  assertSchema(options?.schema, 'schema');
  const { schema, envelope } = options;
  if (envelope !== undefined && typeof (envelope as Envelope | undefined)?.run !== 'function') {
    throw new TypeError('parser: envelope must be one of the envelopes @lambkit/parser exports');
  }
  const resolved = resolveOptions(options);
  const safe = options.safeParse === true;

  function parserBefore(request: MiddyRequest): void {
    beginInvocation(request.context);
    request.event = safe
      ? safeParseWith(request.event, envelope, schema, resolved)
      : parseWith(request.event, envelope, schema, resolved);
  }

  return { name: 'parser', before: parserBefore } as MiddlewareObj<ParserOutput<S, E, Safe>>;
}
