import { setMember } from './serialize.js';
import type { LogRecordOrderKeys } from './types.js';

/**
 * Rewrites a JSON line with the keys of `order` first, in that order, then the other keys in the
 * order they had: Powertools' `logRecordOrder`. Costs a parse and a stringify per line (about
 * twice a default line), paid only by loggers given the option.
 *
 * @example
 * orderLine('{"level":"INFO","message":"m"}\n', ['message']); // '{"message":"m","level":"INFO"}\n'
 */
export function orderLine(line: string, order: readonly string[]): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (Object.hasOwn(record, key)) setMember(ordered, key, record[key]);
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(ordered, key)) setMember(ordered, key, record[key]);
  }
  return `${JSON.stringify(ordered)}\n`;
}

/**
 * The keys of a `logRecordOrder` option as a list, or undefined when it is not an array or a Set
 * of strings.
 *
 * @example
 * recordOrderKeys(new Set(['message', 'level'])); // ['message', 'level']
 */
export function recordOrderKeys(value: LogRecordOrderKeys): string[] | undefined {
  const keys = value instanceof Set ? [...value] : Array.isArray(value) ? [...value] : undefined;
  if (keys === undefined || keys.some((key) => typeof key !== 'string')) return undefined;
  return [...new Set(keys)];
}
