import type { ParseError } from './errors.js';

/**
 * The success half of {@link ParsedResult}.
 *
 * @example
 * const ok: ParsedResultSuccess<number> = { success: true, data: 1 };
 */
export type ParsedResultSuccess<Output> = { success: true; data: Output };

/**
 * The failure half of {@link ParsedResult}: the ParseError and the event it came from.
 *
 * @example
 * if (!result.success) console.log(result.error.path);
 */
export type ParsedResultError<Input> = { success: false; error: ParseError; originalEvent?: Input };

/**
 * What safeParse returns: the data, or the ParseError and the event it came from. Powertools' shape
 * and type parameters: `ParsedResult<Input, Output>`, where one argument serves as both.
 *
 * @example
 * const result: ParsedResult<unknown, Order[]> = safeParse(event, SqsEnvelope, orderSchema);
 * if (!result.success) console.log(result.error.path);
 */
export type ParsedResult<Input = unknown, Output = Input> =
  | ParsedResultSuccess<Output>
  | ParsedResultError<Input>;
