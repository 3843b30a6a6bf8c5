export { COLD_START_METRIC, DEFAULT_NAMESPACE, MetricResolution, MetricUnit } from './constants.js';
export { MetricsValidationError } from './errors.js';
export { type LogMetricsOptions, logMetrics } from './log-metrics.js';
export {
  type Dimensions,
  type EmfOutput,
  Metrics,
  type MetricsLogger,
  type MetricsOptions,
} from './metrics.js';
