export { COLD_START_METRIC, DEFAULT_NAMESPACE, MetricResolution, MetricUnit } from './constants.js';
export { MetricsValidationError } from './errors.js';
export { type LogMetricsOptions, logMetrics } from './log-metrics.js';
export { Metrics } from './metrics.js';
export type { Dimensions, EmfOutput, MetricsLogger, MetricsOptions } from './types.js';
