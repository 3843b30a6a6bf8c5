import { isPlainObject } from '@lambkit/core';
import { LogLevelThreshold, levelName } from './levels.js';
import { errorText, isError, listKeys, readMember, setMember, textOf } from './serialize.js';

/** The start of a line at each level, up to the message value: `{"level":"INFO","message":`. */
const HEADS: string[] = [];
for (const level of Object.values(LogLevelThreshold))
  HEADS[level] = `{"level":"${levelName(level)}","message":`;

/**
 * The start of a line at `level`.
 *
 * @example
 * lineHead(12); // '{"level":"INFO","message":'
 */
export function lineHead(level: number): string {
  // Every level a Logger writes at has its head; one outside the table is built the same way.
  return HEADS[level] ?? `{"level":"${levelName(level)}","message":`;
}

/**
 * Copies the own enumerable members of `source` into `target`; a getter that throws is written as
 * text. Returns false, copying nothing, when the keys cannot be listed.
 */
function copyMembers(source: object, target: Record<string, unknown>): boolean {
  const keys = listKeys(source);
  if (keys === undefined) return false;
  for (const key of keys) setMember(target, key, readMember(source, key));
  return true;
}

/**
 * The message of a log call whose first argument is not a string.
 *
 * @example
 * messageOf({ message: 'placed', orderId: 'o-1' }); // 'placed'
 */
export function messageOf(input: unknown): string {
  if (typeof input === 'object' && input !== null) {
    let message: unknown;
    try {
      message = (input as { message?: unknown }).message;
    } catch (error) {
      return `[Getter threw: ${errorText(error)}]`;
    }
    return typeof message === 'string' ? message : message === undefined ? '' : textOf(message);
  }
  return input === undefined ? '' : textOf(input);
}

/**
 * Gathers what a log call adds to its line into one object: the first argument's keys other than
 * `message` (an Error given first goes under "error"), then each extra: a plain object's keys, an
 * Error under "error", anything else under "extra" (an array when there are several), and so does
 * an object whose keys cannot be listed, to be written as "[Unserializable: ...]". Returns
 * undefined when nothing is added.
 *
 * @example
 * collectAttributes(undefined, [{ a: 1 }, new Error('x'), 'text']); // { a: 1, error: Error, extra: 'text' }
 */
export function collectAttributes(
  input: unknown,
  extras: readonly unknown[],
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  let extra: unknown[] | undefined;
  if (typeof input === 'object' && input !== null) {
    out = {};
    if (isError(input)) out.error = input;
    else if (copyMembers(input, out)) delete out.message;
    else extra = [input];
  }
  for (const item of extras) {
    if (item === undefined || item === null) continue;
    out ??= {};
    if (isError(item)) out.error = item;
    else if (!isPlainObject(item) || !copyMembers(item, out)) (extra ??= []).push(item);
  }
  // out is always set once extra is; `??=` only tells the compiler so.
  if (extra !== undefined) (out ??= {}).extra = extra.length === 1 ? extra[0] : extra;
  return out;
}
