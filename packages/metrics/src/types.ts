import type { MetricUnit } from './constants.js';

/** Dimension names and their values. */
export type Dimensions = Record<string, string>;

/** Where warnings go; any logger with a `warn` method (console, @lambkit/logger, Powertools' Logger). */
export interface MetricsLogger {
  warn(message: string, ...rest: unknown[]): void;
}

/** Options of `new Metrics(...)`, named as in Powertools for AWS Lambda. */
export interface MetricsOptions {
  /** The CloudWatch namespace; else POWERTOOLS_METRICS_NAMESPACE; else "default_namespace" with a warning. */
  namespace?: string;
  /** The value of the "service" dimension; else POWERTOOLS_SERVICE_NAME; else "service_undefined". */
  serviceName?: string;
  /** Dimensions added to every metric, after "service" (which they may override). */
  defaultDimensions?: Dimensions;
  /** The function_name dimension of the ColdStart metric; else POWERTOOLS_METRICS_FUNCTION_NAME; else the context's. */
  functionName?: string;
  /** Publish every metric in its own document as soon as it is added. */
  singleMetric?: boolean;
  /** Where warnings go; default: one line on stderr. */
  logger?: MetricsLogger;
}

/** One parsed EMF document, as `serializeMetrics` returns it. */
export interface EmfOutput {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: MetricUnit; StorageResolution?: 1 }[];
    }[];
  };
  [member: string]: unknown;
}
