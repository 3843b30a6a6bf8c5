import { isPlainObject } from '@lambkit/core';

/**
 * Overrides for an event: every field optional, at every depth. Objects are merged into the generated
 * event; arrays and maps (headers, message attributes, images, detail) replace what was generated; a
 * field set to `undefined` is left out of the event, as AWS leaves out a field whose feature is off.
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

/**
 * Keys whose values are maps chosen by the sender (headers, query strings, attributes, images, detail):
 * an override replaces the generated map instead of merging into it, so the event carries exactly the
 * headers a test gives.
 */
export const MAP_KEYS: ReadonlySet<string> = new Set([
  'headers',
  'multiValueHeaders',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'pathParameters',
  'stageVariables',
  'messageAttributes',
  'MessageAttributes',
  'claims',
  'detail',
  'Keys',
  'NewImage',
  'OldImage',
  'lambda',
  'extractedFields',
]);

/** Raised by every factory for input of the wrong type; names the factory, the field and the value. */
export class EventFactoryError extends TypeError {
  override name = 'EventFactoryError';
}

/** The value as it appears in an error message: JSON, cut to 80 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isPlainObject(value)) return 'an object';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

export function fail(factory: string, field: string, expected: string, value: unknown): never {
  throw new EventFactoryError(`${factory}: ${field} must be ${expected}, got ${describeValue(value)}`);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Checks `override` against the generated `template`, field by field: a string stays a string, an
 * object an object, a list a list. A field the template holds as null takes any value (AWS sends
 * null there when a feature is off). Fields the template does not have, and map entries, are not
 * checked: AWS adds fields, and maps are the sender's.
 */
export function checkAgainst(
  factory: string,
  template: unknown,
  override: unknown,
  path: string,
  maps: ReadonlySet<string> = MAP_KEYS,
  key = '',
): void {
  if (override === undefined || template === null || template === undefined) return;
  if (Array.isArray(template)) {
    if (!Array.isArray(override)) fail(factory, path, 'an array', override);
    const item = template[0];
    if (item === undefined) return;
    override.forEach((entry, index) => {
      checkAgainst(factory, item, entry, join(path, index), maps);
    });
    return;
  }
  if (isPlainObject(template)) {
    if (!isPlainObject(override)) fail(factory, path, 'an object', override);
    if (maps.has(key)) return;
    for (const name of Object.keys(override)) {
      if (name in template)
        checkAgainst(factory, template[name], override[name], join(path, name), maps, name);
    }
    return;
  }
  if (override === null) return;
  const expected = kindOf(template);
  if (kindOf(override) !== expected) fail(factory, path, expected, override);
}

/**
 * `override` checked against the generated `base` (`checkAgainst`), then merged into it
 * (`deepMerge`): how every factory applies what a test gives to what it generates.
 */
export function mergeChecked<T>(
  factory: string,
  base: T,
  override: unknown,
  path: string,
  maps: ReadonlySet<string> = MAP_KEYS,
): T {
  checkAgainst(factory, base, override, path, maps);
  return deepMerge(base, override, maps);
}

/** How `buildRecords` builds the records of an event. */
export interface RecordPlan<R> {
  factory: string;
  /** How many records (see `recordCount`). */
  count: number;
  /** The test's `records` entries, merged into the generated records index by index. */
  entries: readonly unknown[] | undefined;
  /**
   * Set where an entry may also be a string (a body, a message): what that string is, for the
   * error naming a bad entry, e.g. `'a body string'`. The string goes to `base`, not into the merge.
   */
  text?: string;
  /** The record generated at `index`; `text` is the entry when it is a string. */
  base(index: number, text: string | undefined): R;
  /** What the event source derives from the merged fields (hashes, ids), redone unless the override set it. */
  finish?(record: R, override: DeepPartial<R> | undefined, index: number): R;
}

/**
 * The records of an event: for each index, the generated record with the test's entry checked
 * against it and merged in, then finished.
 */
export function buildRecords<R>(plan: RecordPlan<R>): R[] {
  const { factory, entries, text } = plan;
  const records: R[] = [];
  for (let i = 0; i < plan.count; i++) {
    const entry = entries?.[i];
    const isText = text !== undefined && typeof entry === 'string';
    if (text !== undefined && entry !== undefined && !isText && !isPlainObject(entry)) {
      fail(factory, `records[${i}]`, `${text} or an object of record fields`, entry);
    }
    const override = isText ? undefined : (entry as DeepPartial<R> | undefined);
    const record = mergeChecked(
      factory,
      plan.base(i, isText ? (entry as string) : undefined),
      override,
      `records[${i}]`,
    );
    records.push(plan.finish === undefined ? record : plan.finish(record, override, i));
  }
  return records;
}

/**
 * Merges `override` into `base` (both left untouched): objects merge field by field, arrays and map
 * keys replace, `undefined` removes the field.
 */
export function deepMerge<T>(base: T, override: unknown, maps: ReadonlySet<string> = MAP_KEYS): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) {
      delete merged[key];
    } else if (!maps.has(key) && isPlainObject(merged[key]) && isPlainObject(value)) {
      merged[key] = deepMerge(merged[key], value, maps);
    } else {
      merged[key] = value;
    }
  }
  return merged as T;
}

/** Rejects options that are not an object (undefined is fine: every option has a default). */
export function checkOptions(factory: string, options: unknown): void {
  if (options !== undefined && !isPlainObject(options)) fail(factory, 'options', 'an object', options);
}

/** Rejects an option of the wrong primitive type, naming it. */
export function checkType(
  factory: string,
  field: string,
  value: unknown,
  type: 'string' | 'number' | 'boolean',
): void {
  if (value !== undefined && typeof value !== type) fail(factory, field, `a ${type}`, value);
}

/** Rejects per-record overrides that are not an array of objects, naming the bad entry. */
export function checkRecordOverrides(factory: string, records: unknown): void {
  checkArray(factory, 'records', records);
  (records as unknown[] | undefined)?.forEach((record, index) => {
    if (!isPlainObject(record)) fail(factory, `records[${index}]`, 'an object of record fields', record);
  });
}

/** Rejects each named option that is set to something other than a string. */
export function checkStrings<O>(factory: string, options: O, fields: readonly (keyof O & string)[]): void {
  for (const field of fields) checkType(factory, field, options[field], 'string');
}

/** Rejects a list option that is not an array, naming it. */
export function checkArray(factory: string, field: string, value: unknown): void {
  if (value !== undefined && !Array.isArray(value)) fail(factory, field, 'an array', value);
}

/**
 * How many records to build: the longest of the shorthand list (bodies, payloads, ...) and the raw
 * `records` overrides, and at least one.
 */
export function recordCount(...lists: (readonly unknown[] | undefined)[]): number {
  let count = 1;
  for (const list of lists) if (list && list.length > count) count = list.length;
  return count;
}
