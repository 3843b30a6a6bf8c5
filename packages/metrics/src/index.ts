export { COLD_START_METRIC, DEFAULT_NAMESPACE, MetricResolution, MetricUnit } from './constants.js';
export { MetricsValidationError } from './errors.js';
export { logMetrics } from './log-metrics.js';
export { Metrics } from './metrics.js';
export type {
  ConfigServiceInterface,
  Dimensions,
  EmfKeySource,
  EmfOutput,
  ExtraOptions,
  LogMetricsOptions,
  MetricDefinition,
  MetricsInterface,
  MetricsLogger,
  MetricsOptions,
  StoredMetric,
  StoredMetrics,
} from './types.js';
