import { describeType } from '@lambkit/core';
/**
 * A value X-Ray indexes as an annotation.
 *
 * @example
 * const value: AnnotationValue = 'o-17';
 */
export type AnnotationValue = string | number | boolean;

/**
 * An annotation X-Ray would reject: a key with characters other than letters, digits and underscore,
 * or a value that is not a string (of up to 1,000 characters), a finite number or a boolean.
 *
 * @example
 * try { tracer.putAnnotation('order-id', 1); } catch (e) { if (e instanceof AnnotationError) console.error(e.key); }
 */
export class AnnotationError extends Error {
  override readonly name = 'AnnotationError';
  constructor(
    readonly key: string,
    readonly rule: string,
  ) {
    super(`Annotation ${JSON.stringify(key)} rejected: ${rule}`);
  }
}

const VALID_KEY = /^[A-Za-z0-9_]+$/;
/** X-Ray's limits: keys of up to 500 characters, string values of up to 1,000. */
const MAX_KEY_LENGTH = 500;
const MAX_STRING_LENGTH = 1000;

// A number that is refused is NaN or an infinity: naming which says more than its type.
function describeRefused(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeType(value);
}

/**
 * Throws AnnotationError unless X-Ray accepts `key` and `value` as an annotation. The value itself
 * is never put in the message (it may be a customer's data); its type is.
 *
 * @example
 * assertAnnotation('orderId', 'o-1'); // passes
 * assertAnnotation('order id', 'o-1'); // throws: Annotation "order id" rejected: ...
 */
export function assertAnnotation(key: unknown, value: unknown): asserts value is AnnotationValue {
  if (typeof key !== 'string') {
    throw new AnnotationError(String(key), `the key must be a string, got ${describeRefused(key)}`);
  }
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !VALID_KEY.test(key)) {
    throw new AnnotationError(
      key,
      `keys may only hold letters, digits and underscores (1 to ${MAX_KEY_LENGTH} characters)`,
    );
  }
  const type = typeof value;
  if (type === 'boolean') return;
  if (type === 'string') {
    const { length } = value as string;
    if (length <= MAX_STRING_LENGTH) return;
    throw new AnnotationError(
      key,
      `string values may hold up to ${MAX_STRING_LENGTH} characters, got ${length}`,
    );
  }
  if (type === 'number' && Number.isFinite(value)) return;
  throw new AnnotationError(
    key,
    `the value must be a string, a finite number or a boolean, got ${describeRefused(value)}`,
  );
}
