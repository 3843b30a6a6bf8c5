import { describeType, ParseError, type PathSegment } from '../errors.js';
import { type ParseOptions, type ResolvedParseOptions, resolveOptions } from '../options.js';

// JSON may spell any character of a key as \uXXXX, so a key that parses to "__proto__" or
// "constructor" is either in the text as it is or holds a \u00XX escape of one of their letters
// (_ c n o p r s t u); no other escape (\u00e9, \u4e2d) can make either key. Only a match pays for
// the walk. One regex pass costs no more than the two includes() it replaced (median CPU time: ~0.06
// us for a 196-character order whose JSON.parse takes ~0.9 us; 0.7 us against 1.2 us for 4 KB with 120
// non-ASCII escapes, where also walking every payload with a \u escape would cost 2.6 us).
const MAY_NAME_PROTOTYPE_KEY = /__proto__|constructor|\\u00(?:5[fF]|6[3eEfF]|7[02-5])/;

/** The options of {@link parseJson}: the limits of {@link ParseOptions} that apply to JSON text. */
export type JsonOptions = Pick<ParseOptions, 'maxLength' | 'maxDepth' | 'protoAction'>;

const ROOT: readonly PathSegment[] = [];

/**
 * Parses JSON text with the decoder, limits and errors of the envelopes: text longer than
 * `maxLength` (6 MiB) or nested deeper than `maxDepth` (64), text that is not JSON, and a
 * `"__proto__"` key or a `"constructor"` key holding a `"prototype"` (however spelled) each throw a
 * ParseError at the root, which a caller places with `error.withPrefix(path, recordIndex)`. The
 * ParseError never quotes the text. Options are checked on each call (a bad one throws a TypeError
 * naming it); without options the call allocates nothing beyond JSON.parse's value.
 *
 * @example
 * const order = parseJson(record.body); // the value, or a ParseError
 */
export function parseJson(text: string, options?: JsonOptions): unknown {
  if (typeof text !== 'string') {
    throw new ParseError({ expected: 'JSON string', received: describeType(text) });
  }
  return decodeJson(text, ROOT, undefined, resolveOptions(options));
}

/**
 * Parses a JSON payload within the limits of `options`: refuses text longer than `maxLength` or nested
 * deeper than `maxDepth`, and keys that could reach a prototype (`__proto__`, `constructor.prototype`)
 * are refused or removed. Any failure is a ParseError at `path`.
 *
 * @example
 * decodeJson('{"total":1}', ['Records', 0, 'body'], 0, DEFAULT_OPTIONS); // { total: 1 }
 */
export function decodeJson(
  text: string,
  path: readonly PathSegment[],
  recordIndex: number | undefined,
  options: ResolvedParseOptions,
): unknown {
  checkLength(text.length, path, recordIndex, options.maxLength, 'characters');
  if (exceedsDepth(text, options.maxDepth)) {
    throw new ParseError({
      path,
      recordIndex,
      expected: `JSON nested at most ${options.maxDepth} levels deep`,
      received: 'deeper nesting',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ParseError({
      path,
      recordIndex,
      expected: 'JSON',
      received: 'string that is not valid JSON',
      cause: redactSyntaxError(error),
    });
  }
  if (MAY_NAME_PROTOTYPE_KEY.test(text)) guardPrototypes(value, path, recordIndex, options.protoAction);
  return value;
}

/**
 * Refuses a payload longer than `max`.
 *
 * @example
 * checkLength(body.length, ['body'], undefined, 1024, 'characters');
 */
export function checkLength(
  length: number,
  path: readonly PathSegment[],
  recordIndex: number | undefined,
  max: number,
  unit: string,
): void {
  if (length > max) {
    throw new ParseError({
      path,
      recordIndex,
      expected: `at most ${max} ${unit}`,
      received: `${length} ${unit}`,
    });
  }
}

/**
 * True when `text` nests objects or arrays deeper than `limit`. Nesting can be no deeper than the
 * number of `{` and `[` in the text, so counting them with native indexOf settles almost every payload
 * (~50 ns for a 200-character body, against ~1.6 us for its JSON.parse); only text with more openers
 * than the limit gets the exact scan (about a third of JSON.parse's time).
 */
function exceedsDepth(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let openers = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) {
    if (++openers > limit) return scanDepth(text, limit);
  }
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) {
    if (++openers > limit) return scanDepth(text, limit);
  }
  return false;
}

function scanDepth(text: string, limit: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      i = endOfString(text, i);
      if (i === -1) return false; // unterminated: JSON.parse reports it
    } else if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (code === 125 /* } */ || code === 93 /* ] */) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote closing the string opened at `start`, skipping escaped quotes. */
function endOfString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let k = end - 1; text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/**
 * Walks the parsed value (iteratively: depth is bounded, but a wide value should not recurse either)
 * and refuses or removes keys that would reach a prototype if the value were later merged into
 * another object.
 */
function guardPrototypes(
  root: unknown,
  path: readonly PathSegment[],
  recordIndex: number | undefined,
  action: 'error' | 'remove',
): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (Object.hasOwn(record, '__proto__')) refuseOrRemove(record, '__proto__', path, recordIndex, action);
    const ctor = Object.hasOwn(record, 'constructor') ? record.constructor : undefined;
    if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
      refuseOrRemove(record, 'constructor', path, recordIndex, action);
    }
    for (const key in record) stack.push(record[key]);
  }
}

function refuseOrRemove(
  record: Record<string, unknown>,
  key: string,
  path: readonly PathSegment[],
  recordIndex: number | undefined,
  action: 'error' | 'remove',
): void {
  if (action === 'remove') {
    delete record[key];
    return;
  }
  throw new ParseError({
    path,
    recordIndex,
    expected: 'JSON without "__proto__" or "constructor.prototype" keys',
    received: `a "${key}" key`,
  });
}

// V8 quotes the bad text whole when it is short ("not json"), and ten characters of it, with "..." on
// the sides it cut, when it is longer: `"password=h"... is not valid JSON`.
const QUOTED_TEXT = /, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s;

/**
 * V8 quotes the bad text in a JSON SyntaxError ("Unexpected token 'o', "not json" is not valid
 * JSON"). The payload may hold a secret, so the cause keeps the token but not the quote.
 */
function redactSyntaxError(error: unknown): unknown {
  if (!(error instanceof SyntaxError)) return error;
  const message = error.message.replace(QUOTED_TEXT, ' in JSON');
  return message === error.message ? error : new SyntaxError(message);
}
