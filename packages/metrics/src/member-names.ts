import type { DimensionEntries } from './dimension-entry.js';
import { collisionError } from './errors.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import type { EmfKeySource } from './types.js';

/**
 * What a top-level key of the document is besides a metric: a dimension of addDimension, of a
 * dimension set, a default dimension, else metadata.
 *
 * @example
 * keySource(store, defaults, 'region'); // 'dimension'
 */
export function keySource(
  store: InvocationMetrics,
  defaults: ReadonlyMap<string, unknown>,
  key: string,
): EmfKeySource {
  if (store.dimensions.has(key)) return store.mainKeys.includes(key) ? 'dimension' : 'dimension set';
  return defaults.has(key) ? 'default dimension' : 'metadata';
}

/**
 * Throws when a new metric's name is already a dimension (default, of the invocation or of a
 * dimension set) or a metadata key: a metric's value is one top-level member of the document.
 *
 * @example
 * checkFreeForMetric(store, defaults, 'latency');
 */
export function checkFreeForMetric(store: InvocationMetrics, defaults: DimensionEntries, name: string): void {
  if (
    (store.dimensions.size > 0 && store.dimensions.has(name)) ||
    defaults.has(name) ||
    store.metadata?.has(name)
  ) {
    throw collisionError(name, keySource(store, defaults, name));
  }
}

/**
 * Throws when a dimension or metadata key (`source`) is named like a metric of the invocation.
 *
 * @example
 * checkNotMetric(store, 'dimension', 'region');
 */
export function checkNotMetric(store: InvocationMetrics, source: EmfKeySource, name: string): void {
  if (store.metrics.has(name)) throw collisionError(name, source);
}
