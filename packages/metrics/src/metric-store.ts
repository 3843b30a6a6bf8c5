import type { MetricResolution, MetricUnit } from './constants.js';
import type { DimensionEntries } from './dimension-entry.js';
import type { InvocationMetrics, StoredMetric } from './invocation-metrics.js';
import { checkFreeForMetric } from './member-names.js';
import { type MetricShape, metricShape, mismatchError } from './metric-shape.js';
import { checkResolution, checkUnit } from './validate.js';

/** What storing a metric needs of its Metrics instance. */
export interface MetricContext {
  readonly shapes: Map<string, MetricShape>;
  /** The instance's default dimensions, replaced (not changed) when they change. */
  defaults: DimensionEntries;
  /** Called when a metric is added again with another (valid) resolution, which is ignored. */
  readonly onResolutionIgnored: (name: string, resolution: MetricResolution, kept: MetricResolution) => void;
}

/**
 * Stores a value in the invocation's store: a new metric (validated, its shape cached), or one more value of a metric already there (same unit; as in Powertools, the
 * resolution it was first added with is kept).
 *
 * @example
 * storeMetric(store, context, 'latency', 'Milliseconds', 42, 60);
 */
export function storeMetric(
  store: InvocationMetrics,
  context: MetricContext,
  name: string,
  unit: MetricUnit,
  value: number,
  resolution: MetricResolution,
): void {
  const stored = store.metrics.get(name);
  if (stored !== undefined) {
    appendValue(store, stored, context, unit, value, resolution);
    return;
  }
  const shape = metricShape(context.shapes, name, unit, resolution);
  checkFreeForMetric(store, context.defaults, name);
  store.metrics.set(name, { shape, first: value, rest: undefined });
}

function appendValue(
  store: InvocationMetrics,
  stored: StoredMetric,
  context: MetricContext,
  unit: MetricUnit,
  value: number,
  resolution: MetricResolution,
): void {
  const { name } = stored.shape;
  if (stored.shape.unit !== unit) {
    checkUnit(name, unit);
    throw mismatchError(stored.shape, unit);
  }
  if (stored.shape.resolution !== resolution) {
    checkResolution(name, resolution);
    context.onResolutionIgnored(name, resolution, stored.shape.resolution);
  }
  if (stored.rest === undefined) stored.rest = [value];
  else stored.rest.push(value);
  if (stored.rest.length >= store.mostValues) store.mostValues = stored.rest.length + 1;
}
