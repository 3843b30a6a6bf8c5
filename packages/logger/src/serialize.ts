/**
 * Turns any value into JSON without ever throwing. The common case (plain objects, arrays and
 * primitives) goes straight to the native JSON.stringify after a cheap check; anything else is first
 * normalized into a plain tree: Errors (with cause and AggregateError's errors), BigInt, symbols,
 * Map, Set, typed arrays, circular references, getters that throw and objects nested deeper than
 * MAX_DEPTH.
 */

/**
 * Sets a member on a plain object. Output objects are `{}` literals rather than
 * Object.create(null), which V8 keeps in dictionary mode (measured: building and serializing a
 * 9-key record costs ~4x more); a "__proto__" key is therefore defined, never assigned.
 *
 * @example
 * setMember(out, '__proto__', value); // an own key, not a new prototype
 */
export function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * The own enumerable keys of `value`, or undefined when they cannot be listed (a revoked Proxy, a
 * Proxy whose ownKeys trap throws). Callers write such an object as "[Unserializable: ...]".
 *
 * @example
 * listKeys({ a: 1 }); // ['a']
 */
export function listKeys(value: object): string[] | undefined {
  try {
    return Object.keys(value);
  } catch {
    return undefined;
  }
}

/**
 * `value[key]`, or "[Getter threw: Error: message]" when reading it throws.
 *
 * @example
 * readMember({ get a() { throw new Error('x'); } }, 'a'); // '[Getter threw: Error: x]'
 */
export function readMember(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch (error) {
    return `[Getter threw: ${errorText(error)}]`;
  }
}

/**
 * `value instanceof Error`, false when the check itself throws (a revoked Proxy).
 *
 * @example
 * isError(new TypeError('x')); // true
 */
export function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/**
 * `String(value)`, or "[Unserializable: Error: message]" when its toString throws.
 *
 * @example
 * textOf({ toString() { throw new Error('x'); } }); // '[Unserializable: Error: x]'
 */
export function textOf(value: unknown): string {
  try {
    return String(value);
  } catch (error) {
    return `[Unserializable: ${errorText(error)}]`;
  }
}

/**
 * How deep a line's values are written; objects and arrays this many levels below the line (a key
 * you log is level 1) become "[Object]" and "[Array]".
 *
 * @example
 * MAX_DEPTH; // 32
 */
export const MAX_DEPTH = 32;

/** A replacer as JSON.stringify takes it, called for every key (see LoggerOptions.jsonReplacerFn). */
export type JsonReplacer = (this: unknown, key: string, value: unknown) => unknown;

const ERROR_OWN_KEYS = new Set(['name', 'message', 'stack', 'cause', 'errors']);
// Powertools' rule: the first stack frame written `(file:line:col)`. A frame without parentheses
// (an anonymous function, module code) is skipped, as Powertools skips it, so `location` is the same.
const LOCATION = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/;

/**
 * True when `value` holds something the native JSON.stringify would drop or mangle (Error, Map,
 * Set, typed array, BigInt, symbol, a toJSON other than Date's) or nesting deeper than MAX_DEPTH
 * (which also catches cycles).
 * Getters it reads may throw; callers catch that and normalize.
 *
 * @example
 * needsNormalizing({ a: [1, 'x'] }, 0); // false
 * needsNormalizing({ a: new Map() }, 0); // true
 */
export function needsNormalizing(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null)
    return typeof value === 'bigint' || typeof value === 'symbol';
  if (depth >= MAX_DEPTH) return true;
  // What a toJSON gives is only known once called, and may hold a Map or an Error the native path
  // would write as {}: only Date's, which gives a string, stays on the native path.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toJSON !== Date.prototype.toJSON;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsNormalizing(value[i], depth + 1)) return true;
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (value instanceof Error || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
      return true;
    }
  }
  for (const key in value) {
    if (needsNormalizing((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * JSON text of `value`; never throws. Values the native JSON.stringify handles as wanted take the
 * native path (measured ~5x faster than a replacer function on a typical log record; a line's keys
 * cost 0.78x the normalizing path, held to 0.92x by bench/budgets.mjs).
 *
 * @example
 * stringifySafe({ id: 1n, err: new Error('x') }); // '{"id":"1","err":{"name":"Error",...}}'
 */
export function stringifySafe(value: unknown): string {
  try {
    if (!needsNormalizing(value, 0)) return JSON.stringify(value) ?? 'null';
  } catch {
    // A getter or toJSON threw, or a BigInt was hidden behind toJSON: normalize below.
  }
  try {
    return JSON.stringify(normalize(value)) ?? 'null';
  } catch (error) {
    return JSON.stringify(`[Unserializable: ${errorText(error)}]`);
  }
}

/**
 * A plain, JSON-safe copy of `value` (plain objects, arrays and primitives).
 *
 * @example
 * normalize(new Map([['a', 1n]])); // { a: '1' }
 */
export function normalize(value: unknown): unknown {
  // No replacer, so no holder to call it with.
  return normalizeValue(undefined, '', value, 0, [], undefined);
}

/**
 * A plain, JSON-safe copy of the own members of `attributes` (keys given to a log line), with
 * `replacer` applied to each member the way JSON.stringify applies it.
 *
 * @example
 * normalizeAttributes({ tags: new Set(['a']) }, (key, value) => value); // { tags: ['a'] }
 */
export function normalizeAttributes(
  attributes: Record<string, unknown>,
  replacer: JsonReplacer | undefined,
): Record<string, unknown> {
  const keys = listKeys(attributes);
  // Keys that cannot be listed cannot be merged: the object goes under "extra", marked.
  if (keys === undefined) return { extra: normalize(attributes) };
  return normalizeMembers(attributes, keys, 1, [attributes], replacer, {});
}

function normalizeValue(
  holder: unknown,
  key: string,
  value: unknown,
  depth: number,
  stack: object[],
  replacer: JsonReplacer | undefined,
): unknown {
  if (replacer !== undefined) {
    try {
      // As JSON.stringify: toJSON first (an Error's too), then the replacer on what it gave.
      if (typeof value === 'object' && value !== null) {
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === 'function') value = toJSON.call(value, key);
      }
      value = replacer.call(holder, key, value);
    } catch (error) {
      return `[Unserializable: ${errorText(error)}]`;
    }
  }
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
    case 'symbol':
      return value.toString();
    case 'function':
      return undefined;
  }
  if (value === null) return null;
  return normalizeObject(value as object, key, depth, stack, replacer);
}

function normalizeObject(
  value: object,
  key: string,
  depth: number,
  stack: object[],
  replacer: JsonReplacer | undefined,
): unknown {
  if (stack.includes(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  stack.push(value);
  try {
    return convertObject(value, key, depth + 1, stack, replacer);
  } catch (error) {
    return `[Unserializable: ${errorText(error)}]`;
  } finally {
    stack.pop();
  }
}

function convertObject(
  value: object,
  key: string,
  depth: number,
  stack: object[],
  replacer: JsonReplacer | undefined,
): unknown {
  // As JSON.stringify: toJSON wins (on an Error or a Map too), and a replacer's result is taken as it
  // is. The fast path writes such objects natively, so a line writes them alike whatever sits beside.
  if (replacer === undefined) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      return normalizeValue(undefined, key, toJSON.call(value, key), depth - 1, stack, undefined);
    }
  }
  // new Number(1), new String('a'), new Boolean(true): their primitive, converted as JSON.stringify
  // converts them (ToNumber and ToString call an overridden valueOf or toString; a Boolean's is its own).
  if (value instanceof Number) return +value;
  if (value instanceof String) return String(value);
  if (value instanceof Boolean) return Boolean.prototype.valueOf.call(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      out.push(normalizeValue(value, String(i), value[i], depth, stack, replacer) ?? null);
    }
    return out;
  }
  if (value instanceof Error) return normalizeError(value, depth, stack, replacer);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      const name = textOf(k);
      const normalized = normalizeValue(value, name, v, depth, stack, replacer);
      if (normalized !== undefined) setMember(out, name, normalized);
    }
    return out;
  }
  if (value instanceof Set) {
    const out: unknown[] = [];
    let i = 0;
    for (const v of value) out.push(normalizeValue(value, String(i++), v, depth, stack, replacer) ?? null);
    return out;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return normalizeValue(
      undefined,
      key,
      Array.from(value as unknown as ArrayLike<unknown>),
      depth - 1,
      stack,
      undefined,
    );
  }
  return normalizeMembers(value, Object.keys(value), depth, stack, replacer, {});
}

function normalizeMembers(
  value: object,
  keys: string[],
  depth: number,
  stack: object[],
  replacer: JsonReplacer | undefined,
  out: Record<string, unknown>,
): Record<string, unknown> {
  for (const key of keys) {
    const normalized = normalizeValue(value, key, readMember(value, key), depth, stack, replacer);
    if (normalized !== undefined) setMember(out, key, normalized);
  }
  return out;
}

/**
 * An Error as Powertools writes it (name, location, message, stack, cause), plus AggregateError's
 * errors and the error's own enumerable properties (an AWS SDK error's $metadata, a code, ...).
 */
function normalizeError(
  error: Error,
  depth: number,
  stack: object[],
  replacer: JsonReplacer | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // name, message and stack pass no replacer, as the keys Powertools builds, but need not be strings:
  // they are normalized too (a BigInt left as it is would make the whole line unserializable).
  const own = (key: string, value: unknown) => normalizeValue(error, key, value, depth, stack, undefined);
  const errorStack = readMember(error, 'stack');
  out.name = own('name', readMember(error, 'name'));
  out.location = codeLocation(errorStack);
  out.message = own('message', readMember(error, 'message'));
  out.stack = own('stack', errorStack);
  const cause = readMember(error, 'cause');
  if (cause !== undefined) out.cause = normalizeValue(error, 'cause', cause, depth, stack, replacer);
  // AggregateError's errors, or an own `errors` member of any kind (Powertools writes it too).
  const errors = readMember(error, 'errors');
  if (errors !== undefined) out.errors = normalizeValue(error, 'errors', errors, depth, stack, replacer);
  const extra = Object.keys(error).filter((key) => !ERROR_OWN_KEYS.has(key));
  return normalizeMembers(error, extra, depth, stack, replacer, out);
}

/**
 * "file:line" of the first stack frame written with parentheses: Powertools' `location` key.
 *
 * @example
 * codeLocation('Error: x\n    at run (/var/task/index.js:3:9)'); // '/var/task/index.js:3'
 */
export function codeLocation(stack: unknown): string {
  if (typeof stack !== 'string') return '';
  for (const line of stack.split('\n')) {
    const match = LOCATION.exec(line);
    if (match !== null) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

/**
 * "Name: message" of what a getter, toJSON or replacer threw; never throws itself.
 *
 * @example
 * errorText(new TypeError('bad')); // 'TypeError: bad'
 */
export function errorText(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return 'unknown error';
  }
}
