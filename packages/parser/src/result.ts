import type { ParseError } from './errors.js';

/**
 * What safeParse returns: the data, or the ParseError and the event it came from (Powertools' shape).
 *
 * @example
 * const result = safeParse(event, SqsEnvelope, orderSchema);
 * if (!result.success) console.log(result.error.path);
 */
export type ParsedResult<Output> =
  | { success: true; data: Output }
  | { success: false; error: ParseError; originalEvent: unknown };
