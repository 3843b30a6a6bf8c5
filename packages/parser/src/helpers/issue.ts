import type { z } from 'zod';
import { describeProblem, ParseError } from '../internal.js';

/**
 * Reports a decoding failure inside a Zod transform as one issue: `prefix - what was wrong`, built
 * from the ParseError's structured fields, so neither the text nor a secret in it reaches the message.
 *
 * @example
 * addDecodeIssue(ctx, 'Invalid JSON', error);
 */
export function addDecodeIssue(ctx: z.RefinementCtx<unknown>, prefix: string, error: unknown): void {
  const problem = error instanceof ParseError ? describeProblem(error) : undefined;
  ctx.issues.push({
    code: 'custom',
    message: problem === undefined ? prefix : `${prefix} - ${problem}`,
    input: ctx.value,
    fatal: true,
  } as never);
}
