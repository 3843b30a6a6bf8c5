import type { DimensionEntries } from './dimension-entry.js';
import { collisionError } from './errors.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import type { DefinitionNode } from './piece-cache.js';
import type { EmfKeySource } from './types.js';

/**
 * Throws when a new metric's name is already a dimension (default, of the invocation or of a
 * dimension set) or a metadata key: a metric's value is one top-level member of the document.
 * Whether the name is a default dimension only changes with the defaults, so it is checked once
 * per cached definition node (`node.freeOf`).
 *
 * @example
 * checkFreeForMetric(store, defaults, 'latency', node);
 */
export function checkFreeForMetric(
  store: InvocationMetrics,
  defaults: DimensionEntries,
  name: string,
  node: DefinitionNode | undefined,
): void {
  const defaultsChecked = node !== undefined && node.freeOf === defaults;
  const isDimension =
    (store.dimensions.size > 0 && store.dimensions.has(name)) || (!defaultsChecked && defaults.has(name));
  if (isDimension || store.metadata?.has(name)) {
    throw collisionError(name, isDimension ? dimensionSource(store, name) : 'metadata');
  }
  if (node !== undefined) node.freeOf = defaults;
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
