import type { LineFormatter } from './format.js';
import type { LoggerScope } from './scope.js';
import type { LogAttributes } from './types.js';

// The keys a Logger adds to its lines: appended keys live in the invocation's scope, persistent
// keys in the LineFormatter. Where both hold a key, the one set last is written, as in Powertools.
// Each change drops the scope's cached prefix (appended keys) or bumps the formatter's version,
// which drops every scope's prefix (persistent keys).

/**
 * Adds keys to the lines of the current invocation.
 *
 * @example
 * appendScopeKeys(format, scope, { customerId: 'c-1' });
 */
export function appendScopeKeys(format: LineFormatter, scope: LoggerScope, attributes: LogAttributes): void {
  scope.appended = format.mergeKeys(scope.appended, attributes, 'appendKeys');
  // Set last, so written rather than a persistent key of the same name.
  if (scope.persistentOver !== undefined) for (const key in attributes) scope.persistentOver.delete(key);
  scope.prefix = undefined;
}

/**
 * Removes appended keys; a persistent key of the same name shows again.
 *
 * @example
 * removeScopeKeys(scope, ['customerId']);
 */
export function removeScopeKeys(scope: LoggerScope, keys: string[]): void {
  if (scope.appended === undefined) return;
  for (const key of keys) {
    delete scope.appended[key];
    scope.persistentOver?.delete(key);
  }
  scope.prefix = undefined;
}

/**
 * Removes every appended key and the correlation id.
 *
 * @example
 * resetScopeKeys(scope);
 */
export function resetScopeKeys(scope: LoggerScope): void {
  scope.appended = undefined;
  scope.persistentOver = undefined;
  scope.correlationId = undefined;
  scope.prefix = undefined;
}

/**
 * Adds persistent keys (or, with `replace`, replaces them all); `method` names the caller in the
 * TypeError thrown for attributes that are not an object.
 *
 * @example
 * setPersistentKeys(format, scope, { region: 'eu-west-1' }, 'appendPersistentKeys', false);
 */
export function setPersistentKeys(
  format: LineFormatter,
  scope: LoggerScope,
  attributes: LogAttributes,
  method: string,
  replace: boolean,
): void {
  format.persistent = format.mergeKeys(replace ? undefined : format.persistent, attributes, method);
  persistentSetLast(scope, attributes);
  format.version++;
}

/** Where the current invocation appended a key now set as persistent, the persistent one wins. */
function persistentSetLast(scope: LoggerScope, attributes: LogAttributes): void {
  const appended = scope.appended;
  if (appended === undefined) return;
  for (const key in attributes) {
    if (Object.hasOwn(appended, key)) (scope.persistentOver ??= new Set()).add(key);
  }
  scope.prefix = undefined;
}

/**
 * Removes persistent keys; an appended key of the same name shows again.
 *
 * @example
 * removePersistentKeys(format, scope, ['region']);
 */
export function removePersistentKeys(format: LineFormatter, scope: LoggerScope, keys: string[]): void {
  if (format.persistent === undefined) return;
  for (const key of keys) delete format.persistent[key];
  const over = scope.persistentOver;
  if (over !== undefined) for (const key of keys) over.delete(key);
  format.version++;
}
