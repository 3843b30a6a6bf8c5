import {
  checkSetSize,
  conflictError,
  type DimensionEntries,
  type DimensionEntry,
} from './dimension-entry.js';
import type { DocumentConfig } from './emf-document.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import { checkNotMetric } from './member-names.js';

/**
 * Adds a validated dimension to the invocation's own set (addDimension). A new value for a name
 * the set or a default already has replaces it, with a warning, unless a dimension set of
 * addDimensions uses the name: one document holds one value per name.
 *
 * @example
 * addToMainSet(store, config, entry, (name) => console.warn(name));
 */
export function addToMainSet(
  store: InvocationMetrics,
  config: DocumentConfig,
  entry: DimensionEntry,
  warnOverwrite: (name: string) => void,
): void {
  const name = entry.name;
  const previous = store.dimensions.get(name) ?? config.defaults.get(name);
  if (previous !== undefined && previous.value !== entry.value) {
    if (store.setKeys?.has(name)) throw conflictError(entry, previous);
    warnOverwrite(name);
  }
  if (!store.mainKeys.includes(name)) {
    checkSetSize(config.defaults, store.mainKeys, name);
    store.mainKeys.push(name);
  }
  store.dimensions.set(name, entry);
}

/**
 * Adds a dimension set of its own (addDimensions), all or nothing: a name the invocation already
 * gave another value is a conflict, and the set with the defaults must hold at most 30 names.
 *
 * @example
 * addDimensionSet(store, defaults, [entry], (name) => console.warn(name));
 */
export function addDimensionSet(
  store: InvocationMetrics,
  defaults: DimensionEntries,
  entries: readonly DimensionEntry[],
  warnOverwrite: (name: string) => void,
): void {
  if (entries.length === 0) return;
  for (const entry of entries) {
    const previous = store.dimensions.get(entry.name);
    if (previous !== undefined && previous.value !== entry.value) throw conflictError(entry, previous);
  }
  const keys = entries.map((entry) => entry.name);
  checkSetSize(defaults, keys);
  for (const entry of entries) {
    const fallback = defaults.get(entry.name);
    if (!store.dimensions.has(entry.name) && fallback !== undefined && fallback.value !== entry.value) {
      warnOverwrite(entry.name);
    }
    store.dimensions.set(entry.name, entry);
    (store.setKeys ??= new Set()).add(entry.name);
  }
  (store.sets ??= []).push(keys);
}

/**
 * Checks new default dimensions (setDefaultDimensions): at most 30, and none that would overflow a
 * dimension set or clash with a metric of the invocation in progress.
 *
 * @example
 * checkDefaultDimensions(merged, stores.peek());
 */
export function checkDefaultDimensions(merged: DimensionEntries, store: InvocationMetrics | undefined): void {
  checkSetSize(merged, []);
  if (store === undefined) return;
  for (const name of merged.keys()) checkNotMetric(store, 'default dimension', name);
  for (const set of [store.mainKeys, ...(store.sets ?? [])]) checkSetSize(merged, set);
}
