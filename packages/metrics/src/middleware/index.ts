export { type LogMetricsOptions, logMetrics } from '../log-metrics.js';
