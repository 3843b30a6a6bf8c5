import { MAX_DIMENSIONS_PER_SET } from './constants.js';
import { MetricsValidationError } from './errors.js';
import { checkDimension, isBlank } from './validate.js';

/** A validated dimension, serialized once: the pieces every document it appears in is built from. */
export interface DimensionEntry {
  readonly name: string;
  readonly value: string;
  /** `"name"`, for the Dimensions array. */
  readonly quoted: string;
  /** `,"name":"value"`, the top-level member. */
  readonly member: string;
}

/** Dimensions by name; the per-instance cache of entries, and the default dimensions, are such maps. */
export type DimensionEntries = Map<string, DimensionEntry>;

/** Dimension entries kept per instance; names and values usually repeat from one invocation to the next. */
const ENTRY_CACHE_LIMIT = 1000;

/**
 * Validates a dimension and returns its serialized entry, from `cache` when the same name had the
 * same value before (the common case: no validation, no serialization); undefined when the name or
 * the value is not a non-blank string, which Powertools skips with a warning.
 *
 * @example
 * const entry = dimensionEntry(cache, 'environment', 'prod');
 */
export function dimensionEntry(
  cache: DimensionEntries,
  name: string,
  value: string,
): DimensionEntry | undefined {
  const cached = cache.get(name);
  if (cached !== undefined && cached.value === value) return cached;
  if (isBlank(name) || isBlank(value)) return undefined;
  checkDimension(name, value);
  const quoted = JSON.stringify(name);
  const entry: DimensionEntry = { name, value, quoted, member: `,${quoted}:${JSON.stringify(value)}` };
  if (cache.size < ENTRY_CACHE_LIMIT || cached !== undefined) cache.set(name, entry);
  return entry;
}

/**
 * Throws when a dimension set (the default dimensions plus `keys`, plus `extra`) would hold more than
 * the 30 dimensions the specification allows in one set.
 *
 * @example
 * checkSetSize(defaults, ['region'], 'tenant');
 */
export function checkSetSize(
  defaults: ReadonlyMap<string, unknown>,
  keys: readonly string[],
  extra?: string,
): void {
  // Without counting, when the set could not exceed the limit even with no name in common.
  if (defaults.size + keys.length + (extra === undefined ? 0 : 1) <= MAX_DIMENSIONS_PER_SET) return;
  const names = new Set([...defaults.keys(), ...keys]);
  if (extra !== undefined) names.add(extra);
  if (names.size > MAX_DIMENSIONS_PER_SET) {
    throw new MetricsValidationError(
      extra === undefined ? 'dimension set' : `dimension "${extra}"`,
      names.size,
      `dimensions in one set with the default ones are more than the ${MAX_DIMENSIONS_PER_SET} a set holds (${[...names].join(', ')})`,
    );
  }
}

/**
 * The error for a dimension given a second, different value while a dimension set of the
 * invocation uses the first: one document holds one value per name.
 *
 * @example
 * throw conflictError(entry, previous);
 */
export function conflictError(entry: DimensionEntry, previous: DimensionEntry): MetricsValidationError {
  return new MetricsValidationError(
    `dimension "${entry.name}"`,
    entry.value,
    `conflicts with the value ${JSON.stringify(previous.value)} a dimension set of this invocation already gave it; a document holds one value per dimension`,
  );
}
