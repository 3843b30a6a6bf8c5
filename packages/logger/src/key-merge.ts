import type { JsonReplacer } from './serialize.js';
import { listKeys, normalizeAttributes, readMember, setMember, stringifySafe } from './serialize.js';
import type { LogAttributes } from './types.js';

/**
 * Keys Powertools reserves: values given for them are dropped with a warning.
 *
 * @example
 * RESERVED_KEYS.has('service'); // true
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'level',
  'message',
  'sampling_rate',
  'service',
  'timestamp',
]);

/**
 * `attributes` without reserved keys (each reported to `onReserved`), its members read safely; an
 * object whose keys cannot be listed goes under "extra", to be marked when written.
 *
 * @example
 * withoutReserved({ service: 'x', orderId: 'o-1' }, warn); // { orderId: 'o-1' }, warn('service')
 */
export function withoutReserved(
  attributes: Record<string, unknown>,
  onReserved: (key: string) => void,
): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  const keys = listKeys(attributes);
  if (keys === undefined) own.extra = attributes;
  else {
    for (const key of keys) {
      if (RESERVED_KEYS.has(key)) onReserved(key);
      else setMember(own, key, readMember(attributes, key));
    }
  }
  return own;
}

/**
 * `attributes` without reserved keys, normalized so later changes to the caller's objects are not
 * seen, deep-merged into `target` (or a new object). Throws a TypeError, naming `method`, when
 * `attributes` is not an object of keys and values.
 *
 * @example
 * persistent = mergeKeys(persistent, { team: 'checkout' }, 'appendPersistentKeys', undefined, warn);
 */
export function mergeKeys(
  target: Record<string, unknown> | undefined,
  attributes: LogAttributes,
  method: string,
  replacer: JsonReplacer | undefined,
  onReserved: (key: string) => void,
): Record<string, unknown> {
  if (typeof attributes !== 'object' || attributes === null || isArray(attributes)) {
    throw new TypeError(`${method} expects an object of keys and values, got ${stringifySafe(attributes)}`);
  }
  const normalized = normalizeAttributes(withoutReserved(attributes, onReserved), replacer);
  return deepMerge(target ?? {}, normalized);
}

/**
 * Object.assign without its "__proto__" setter.
 *
 * @example
 * assign(record, persistentKeys);
 */
export function assign(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const key of Object.keys(source)) setMember(target, key, source[key]);
  return target;
}

/** Array.isArray, false for a revoked Proxy (on which it throws). */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** Merges normalized values: objects key by key, anything else replaced. */
function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const key of Object.keys(source)) {
    const next = source[key];
    // Own members only: target.__proto__ would otherwise be Object.prototype, merged into.
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    setMember(target, key, isMergeable(current) && isMergeable(next) ? deepMerge(current, next) : next);
  }
  return target;
}

function isMergeable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
