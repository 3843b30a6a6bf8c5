import { MetricResolution, type MetricUnit } from './constants.js';
import { MetricsValidationError } from './errors.js';
import { checkMetricName, checkResolution, checkUnit } from './validate.js';

/**
 * What one metric name looks like in a document, serialized once and cached on the Metrics
 * instance: its entry in the directive's Metrics array and the start of its target member.
 */
export interface MetricShape {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly resolution: MetricResolution;
  /** `{"Name":"latency","Unit":"Milliseconds"}`, with `"StorageResolution":1` when high. */
  readonly definition: string;
  /** `,"latency":` */
  readonly member: string;
}

/** Metric shapes kept per instance; names are usually a small fixed set, this bounds the odd case. */
const SHAPE_CACHE_LIMIT = 1000;

/**
 * The shape of a metric: from `cache` when this name was seen with this unit and resolution (no
 * validation, no serialization), else validated and serialized.
 *
 * @example
 * const shape = metricShape(cache, 'latency', 'Milliseconds', 60);
 */
export function metricShape(
  cache: Map<string, MetricShape>,
  name: string,
  unit: MetricUnit,
  resolution: MetricResolution,
): MetricShape {
  const cached = cache.get(name);
  if (cached !== undefined && cached.unit === unit && cached.resolution === resolution) return cached;
  checkMetricName(name);
  checkUnit(name, unit);
  checkResolution(name, resolution);
  const quoted = JSON.stringify(name);
  const storage = resolution === MetricResolution.High ? ',"StorageResolution":1' : '';
  const shape: MetricShape = {
    name,
    unit,
    resolution,
    definition: `{"Name":${quoted},"Unit":"${unit}"${storage}}`,
    member: `,${quoted}:`,
  };
  if (cache.size < SHAPE_CACHE_LIMIT || cached !== undefined) cache.set(name, shape);
  return shape;
}

/**
 * The error for a metric added again with another unit within one invocation, in Powertools' words.
 *
 * @example
 * throw mismatchError(shape, 'Seconds');
 */
export function mismatchError(shape: MetricShape, unit: unknown): MetricsValidationError {
  return new MetricsValidationError(
    `metric "${shape.name}"`,
    unit,
    `is not the unit "${shape.unit}" it was first added with in this invocation; one metric has one unit`,
    {
      message: `Metric "${shape.name}" has already been added with unit "${shape.unit}", but we received unit "${String(unit)}". Did you mean to use metric unit "${shape.unit}"?`,
    },
  );
}
