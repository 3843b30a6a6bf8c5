/** How an envelope hands a string payload (a body, a message, decoded base64 data) to the schema. */
export type PayloadFormat = 'json' | 'text' | 'bytes';

/** Limits and decoding choices of {@link parse}, {@link safeParse}, the envelopes and the middleware. */
export interface ParseOptions {
  /**
   * How string payloads reach the schema: `'json'` (the default: parsed JSON), `'text'` (the string,
   * base64 already decoded) or `'bytes'` (a Uint8Array). Payloads that are objects already (EventBridge
   * `detail`, DynamoDB images) ignore it.
   */
  payload?: PayloadFormat;
  /**
   * Longest payload accepted, in characters of text (or bytes once decoded from base64 or gzip).
   * Default 6 MiB, Lambda's own limit for a synchronous invocation payload, so no real event is refused.
   */
  maxLength?: number;
  /** Deepest nesting of objects and arrays accepted in a JSON payload. Default 64. */
  maxDepth?: number;
  /**
   * What to do with a `"__proto__"` key, or a `"constructor"` key holding a `"prototype"`, in a JSON
   * payload: `'error'` (the default, a ParseError) or `'remove'` (drop the key and keep the rest).
   */
  protoAction?: 'error' | 'remove';
}

/** {@link ParseOptions} with every default filled in, computed once (at INIT). */
export interface ResolvedParseOptions {
  readonly payload: PayloadFormat;
  readonly maxLength: number;
  readonly maxDepth: number;
  readonly protoAction: 'error' | 'remove';
}

/** 6 MiB: the largest synchronous invocation payload Lambda accepts. Example: `{ maxLength: DEFAULT_MAX_LENGTH / 6 }`. */
export const DEFAULT_MAX_LENGTH = 6 * 1024 * 1024;
/** Deep enough for any real payload, shallow enough that no recursive walk overflows the stack. Example: `{ maxDepth: DEFAULT_MAX_DEPTH * 2 }`. */
export const DEFAULT_MAX_DEPTH = 64;

/**
 * The options parse uses when given none: JSON payloads, 6 MiB, 64 levels, `__proto__` refused.
 *
 * @example
 * SqsEnvelope.run(event, schema, DEFAULT_OPTIONS, false);
 */
export const DEFAULT_OPTIONS: ResolvedParseOptions = Object.freeze({
  payload: 'json',
  maxLength: DEFAULT_MAX_LENGTH,
  maxDepth: DEFAULT_MAX_DEPTH,
  protoAction: 'error',
});

/**
 * Fills in defaults and checks the limits, once. Callers on a hot path pass the result around
 * instead of the user's object.
 *
 * @example
 * const resolved = resolveOptions({ maxDepth: 32 }); // at INIT, in the middleware factory
 */
export function resolveOptions(
  options: ParseOptions | ResolvedParseOptions | undefined,
): ResolvedParseOptions {
  if (options === undefined || options === DEFAULT_OPTIONS) return DEFAULT_OPTIONS;
  const resolved = {
    payload: options.payload ?? DEFAULT_OPTIONS.payload,
    maxLength: options.maxLength ?? DEFAULT_OPTIONS.maxLength,
    maxDepth: options.maxDepth ?? DEFAULT_OPTIONS.maxDepth,
    protoAction: options.protoAction ?? DEFAULT_OPTIONS.protoAction,
  };
  if (!['json', 'text', 'bytes'].includes(resolved.payload)) {
    throw new TypeError(`parser: payload must be 'json', 'text' or 'bytes', got ${String(resolved.payload)}`);
  }
  if (!Number.isInteger(resolved.maxLength) || resolved.maxLength < 0) {
    throw new TypeError(`parser: maxLength must be a non-negative integer, got ${resolved.maxLength}`);
  }
  if (!Number.isInteger(resolved.maxDepth) || resolved.maxDepth < 1) {
    throw new TypeError(`parser: maxDepth must be a positive integer, got ${resolved.maxDepth}`);
  }
  if (resolved.protoAction !== 'error' && resolved.protoAction !== 'remove') {
    throw new TypeError(
      `parser: protoAction must be 'error' or 'remove', got ${String(resolved.protoAction)}`,
    );
  }
  return resolved;
}
