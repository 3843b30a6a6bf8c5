import { decodeBase64 } from './decode/base64.js';
import { describeType, ParseError, type PathSegment } from './errors.js';

/** A DynamoDB AttributeValue as it appears in a stream record or an SDK response. */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string | Uint8Array }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Array<string | Uint8Array> }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

/** Options of {@link unmarshall}. */
export interface UnmarshallOptions {
  /**
   * Numbers a double cannot hold exactly (beyond Number.MAX_SAFE_INTEGER): `'bigint'` (the default, as
   * @aws-sdk/util-dynamodb does) or `'string'` (the exact digits, also for large decimals a BigInt
   * cannot hold). With `'bigint'`, a large decimal is a ParseError.
   */
  largeNumbers?: 'bigint' | 'string';
  /** Every N through this function instead (util-dynamodb's `wrapNumbers` as a function). */
  wrapNumbers?: (value: string) => unknown;
}

/**
 * Deepest nesting accepted. DynamoDB itself allows 32 levels; the margin covers SDK-built values
 * while keeping a hostile image from reaching a stack overflow.
 */
export const MAX_UNMARSHALL_DEPTH = 64;

/**
 * Turns a DynamoDB AttributeValue map (a stream record's NewImage, OldImage or Keys) into a plain object,
 * with @aws-sdk/util-dynamodb's semantics: N becomes a number (a BigInt beyond safe integers), B a
 * Uint8Array (decoded from base64 in stream records), SS / NS / BS a Set, L an array, M an object,
 * NULL null, BOOL a boolean. A malformed value is a ParseError naming the attribute path.
 *
 * @example
 * unmarshall({ id: { S: 'a1' }, total: { N: '42.5' }, tags: { SS: ['x'] } });
 * // { id: 'a1', total: 42.5, tags: Set { 'x' } }
 */
export function unmarshall(
  image: Record<string, AttributeValue> | Record<string, unknown>,
  options: UnmarshallOptions = {},
): Record<string, unknown> {
  if (!isPlainObject(image)) {
    throw new ParseError({ expected: 'AttributeValue map', received: describeType(image) });
  }
  return convertMap(image, options, [], 0);
}

/**
 * Converts one AttributeValue (`{ N: '1' }`) rather than a map of them.
 *
 * @example
 * unmarshallValue({ L: [{ S: 'a' }, { BOOL: true }] }); // ['a', true]
 */
export function unmarshallValue(value: AttributeValue | unknown, options: UnmarshallOptions = {}): unknown {
  return convertValue(value, options, [], 0);
}

function convertValue(
  value: unknown,
  options: UnmarshallOptions,
  path: PathSegment[],
  depth: number,
): unknown {
  if (!isPlainObject(value)) {
    throw new ParseError({ path, expected: 'AttributeValue', received: describeType(value) });
  }
  if (depth > MAX_UNMARSHALL_DEPTH) {
    throw new ParseError({
      path,
      expected: `nesting of at most ${MAX_UNMARSHALL_DEPTH} levels`,
      received: 'deeper nesting',
    });
  }
  for (const key in value) {
    const inner = value[key];
    if (inner === undefined) continue;
    return convertTyped(key, inner, options, path, depth);
  }
  throw new ParseError({ path, expected: 'AttributeValue with one type key', received: 'empty object' });
}

function convertTyped(
  type: string,
  inner: unknown,
  options: UnmarshallOptions,
  path: PathSegment[],
  depth: number,
): unknown {
  switch (type) {
    case 'S':
      return expectString(inner, path, 'S');
    case 'N':
      return convertNumber(expectString(inner, path, 'N'), options, path);
    case 'BOOL':
      if (typeof inner !== 'boolean') throw typeError(path, 'BOOL', 'boolean', inner);
      return inner;
    case 'NULL':
      return null;
    case 'B':
      return convertBinary(inner, path);
    case 'L':
      return convertList(expectArray(inner, path, 'L'), options, path, depth);
    case 'M':
      if (!isPlainObject(inner)) throw typeError(path, 'M', 'object', inner);
      return convertMap(inner, options, path, depth);
    case 'SS':
      return convertSet(expectArray(inner, path, 'SS'), path, (item, at) => expectString(item, at, 'SS'));
    case 'NS':
      return convertSet(expectArray(inner, path, 'NS'), path, (item, at) =>
        convertNumber(expectString(item, at, 'NS'), options, at),
      );
    case 'BS':
      return convertSet(expectArray(inner, path, 'BS'), path, convertBinary);
    default:
      throw new ParseError({
        path,
        expected: 'AttributeValue type S, N, B, SS, NS, BS, M, L, NULL or BOOL',
        received: 'unknown type key',
      });
  }
}

function convertMap(
  map: Record<string, unknown>,
  options: UnmarshallOptions,
  path: PathSegment[],
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    // One shared path array, pushed and popped: a ParseError copies it, so no array per attribute.
    path.push(key);
    const converted = convertValue(map[key], options, path, depth + 1);
    path.pop();
    // An attribute named __proto__ is data, not the object's prototype.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: converted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[key] = converted;
    }
  }
  return out;
}

function convertList(
  list: unknown[],
  options: UnmarshallOptions,
  path: PathSegment[],
  depth: number,
): unknown[] {
  const out = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    path.push(i);
    out[i] = convertValue(list[i], options, path, depth + 1);
    path.pop();
  }
  return out;
}

function convertSet<T>(
  items: unknown[],
  path: PathSegment[],
  convert: (item: unknown, at: PathSegment[]) => T,
): Set<T> {
  const out = new Set<T>();
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    out.add(convert(items[i], path));
    path.pop();
  }
  return out;
}

function convertNumber(text: string, options: UnmarshallOptions, path: PathSegment[]): unknown {
  if (options.wrapNumbers !== undefined) return options.wrapNumbers(text);
  const num = Number(text);
  if (Number.isNaN(num) || text.trim() === '') {
    throw new ParseError({ path, expected: 'N holding a decimal number', received: 'non-numeric string' });
  }
  if (num <= Number.MAX_SAFE_INTEGER && num >= Number.MIN_SAFE_INTEGER) return num;
  if (!Number.isFinite(num)) return num;
  if (options.largeNumbers === 'string') return text;
  try {
    return BigInt(text);
  } catch (cause) {
    throw new ParseError({
      path,
      expected: 'integer beyond safe range convertible to BigInt (or largeNumbers: "string")',
      received: 'large decimal number',
      cause,
    });
  }
}

function convertBinary(value: unknown, path: readonly PathSegment[]): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const buffer = decodeBase64(value, path);
  // A copy, so the caller does not hold a slice of Node's shared Buffer pool.
  return new Uint8Array(buffer);
}

function expectString(value: unknown, path: PathSegment[], type: string): string {
  if (typeof value !== 'string') throw typeError(path, type, 'string', value);
  return value;
}

function expectArray(value: unknown, path: PathSegment[], type: string): unknown[] {
  if (!Array.isArray(value)) throw typeError(path, type, 'array', value);
  return value;
}

function typeError(path: PathSegment[], type: string, expected: string, value: unknown): ParseError {
  return new ParseError({ path, expected: `${type} holding ${expected}`, received: describeType(value) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
