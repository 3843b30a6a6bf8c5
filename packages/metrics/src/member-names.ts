import type { DimensionEntries } from './dimension-entry.js';
import { collisionError } from './errors.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import type { EmfKeySource } from './types.js';

/**
 * Throws when a new metric's name is already a dimension (default, of the invocation or of a
 * dimension set) or a metadata key: a metric's value is one top-level member of the document.
 *
 * @example
 * checkFreeForMetric(store, defaults, 'latency');
 */
export function checkFreeForMetric(store: InvocationMetrics, defaults: DimensionEntries, name: string): void {
  const isDimension = (store.dimensions.size > 0 && store.dimensions.has(name)) || defaults.has(name);
  if (isDimension || store.metadata?.has(name)) {
    throw collisionError(name, isDimension ? dimensionSource(store, name) : 'metadata');
  }
}

function dimensionSource(store: InvocationMetrics, name: string): EmfKeySource {
  if (!store.dimensions.has(name)) return 'default dimension';
  return store.mainKeys.includes(name) ? 'dimension' : 'dimension set';
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
