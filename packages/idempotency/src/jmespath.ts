import {
  EmptyExpressionError,
  LexerError,
  ParseError,
  search,
  UnknownFunctionError,
} from '@aws-lambda-powertools/jmespath';
import { IdempotencyConfigError } from './errors.js';
import type { JMESPathFunctions } from './types.js';

/** What Powertools' `search` takes as options. */
export type JMESPathSearchOptions = { customFunctions?: JMESPathFunctions };

/**
 * Evaluates an expression against a payload with Powertools' JMESPath (the library Powertools itself
 * uses, so a key taken here is byte for byte the key Powertools takes, and records interoperate).
 * The library caches each parsed expression, so a warm call does not parse again.
 */
export function searchPayload(expression: string, data: unknown, options: JMESPathSearchOptions): unknown {
  return search(expression, data as never, options as never);
}

// Probe document: evaluating against it surfaces syntax errors and unknown top-level functions.
const PROBE = {};

/**
 * Throws IdempotencyConfigError, at INIT, for an expression that can never be evaluated: a syntax
 * error or an unknown function. A type error on the empty probe document says nothing about real
 * payloads (powertools_json(body) on `{}`), so it is not an error here.
 */
export function checkExpression(field: string, expression: unknown, options: JMESPathSearchOptions): void {
  if (typeof expression !== 'string') {
    throw new IdempotencyConfigError(
      'IdempotencyConfig',
      field,
      expression,
      'must be a JMESPath expression string',
    );
  }
  try {
    search(expression, PROBE, options as never);
  } catch (error) {
    if (
      error instanceof LexerError ||
      error instanceof ParseError ||
      error instanceof EmptyExpressionError ||
      error instanceof UnknownFunctionError
    ) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new IdempotencyConfigError(
        'IdempotencyConfig',
        field,
        expression,
        `must be a valid JMESPath expression (${reason})`,
        { cause: error },
      );
    }
  }
}
