/**
 * True for a value with a callable `then`: what `await` and `Promise.resolve` treat as a promise.
 * Used to keep sync paths sync: only a thenable result is awaited. A native promise is recognised
 * without reading `then`; for any other object `then` is read once, so a revoked Proxy throws here.
 *
 * @example
 * const result = handler(event);
 * if (isThenable(result)) return Promise.resolve(result).then(finish);
 * return finish(result);
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value instanceof Promise) return true;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  return typeof (value as PromiseLike<unknown>).then === 'function';
}

/**
 * True for `{}` literals and `Object.create(null)` objects: what is merged key by key, unlike an
 * array, a Map, a Date or a class instance. False, without throwing, for an object whose prototype
 * cannot be read (a revoked Proxy).
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Map()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/**
 * Names the type of a value for an error or warning message without revealing the value (it may be
 * a customer's data): `null`, `array`, `Uint8Array`, or what `typeof` gives (`object`, `string`,
 * `number`, `undefined`, ...).
 *
 * @example
 * throw new TypeError(`recordHandler must be a function, got ${describeType(handler)}`); // '... got array'
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value;
}

// One character class and a length check, not groups of four: V8 runs out of stack on a grouped
// pattern such as /^(?:[A-Za-z0-9+/]{4})*…$/ from about 5 MB of text (RangeError: Maximum call stack
// size exceeded), short of the 6 MiB a Lambda payload may carry.
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * True for standard, padded base64 (the alphabet, length a multiple of 4, at most two `=` at the end).
 * `Buffer.from(text, 'base64')` skips characters outside the alphabet instead of failing, so a corrupt
 * payload would decode to other bytes without a word: check with this first.
 *
 * @example
 * isBase64('eyJhIjoxfQ=='); // true
 * isBase64('eyJhIjoxfQ'); // false: unpadded
 */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_ALPHABET.test(text);
}
