import type { HandlerMethodDecorator } from '@lambkit/core';
import type { MetricResolution, MetricUnit } from './constants.js';

export type { MetricResolution, MetricUnit };

/** Dimension names and their values. */
export type Dimensions = Record<string, string>;

/** Where a top-level member of a document comes from, as Powertools names it in its collision errors. */
export type EmfKeySource = 'default dimension' | 'dimension' | 'dimension set' | 'metadata';

/** Where warnings go; any logger with a `warn` method (console, @lambkit/logger, Powertools' Logger). */
export interface MetricsLogger {
  warn(message: string, ...rest: unknown[]): void;
}

/**
 * Powertools' configuration service, read for the namespace and the service name.
 *
 * @deprecated Use the options of new Metrics() or the POWERTOOLS_* environment variables, as in Powertools.
 */
export interface ConfigServiceInterface {
  get(name: string): string;
  getServiceName(): string;
  getXrayTraceId(): string | undefined;
  getXrayTraceSampled(): boolean;
  isDevMode(): boolean;
  isValueTrue(value: string): boolean;
  getNamespace(): string;
  getFunctionName(): string;
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
  /** Where warnings go, as text; default: lambkit's warning line on stderr, with a code (docs/warnings.md). */
  logger?: MetricsLogger;
  /**
   * Read for the namespace and the service name when the options do not give them.
   *
   * @deprecated Use the other options or the POWERTOOLS_* environment variables, as in Powertools.
   */
  customConfigService?: ConfigServiceInterface;
}

/** Options of the `logMetrics` middleware and decorator, named as in Powertools for AWS Lambda. */
export interface LogMetricsOptions {
  /** Publish a ColdStart metric on the first invocation of the execution environment. */
  captureColdStartMetric?: boolean;
  /** Throw when an invocation ends without metrics (instead of a warning). */
  throwOnEmptyMetrics?: boolean;
  /** Default dimensions to add to every metric of these instances. */
  defaultDimensions?: Dimensions;
}

/** Powertools' name for {@link LogMetricsOptions}. */
export type ExtraOptions = LogMetricsOptions;

/** A metric's entry in the directive's `Metrics` array. */
export interface MetricDefinition {
  Name: string;
  Unit: MetricUnit;
  StorageResolution?: MetricResolution;
}

/** A metric as it was added: its name, unit, value (an array once added more than once) and resolution. */
export interface StoredMetric {
  name: string;
  unit: MetricUnit;
  value: number | number[];
  resolution: MetricResolution;
}

/** Stored metrics by name. */
export type StoredMetrics = Record<string, StoredMetric>;

/** One parsed EMF document, as `serializeMetrics` returns it. */
export interface EmfOutput {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: MetricDefinition[];
    }[];
  };
  [member: string]: unknown;
}

/**
 * The public API of `Metrics`, as Powertools declares it.
 *
 * @example
 * const record = (metrics: MetricsInterface) => metrics.addMetric('orders', 'Count', 1);
 */
export interface MetricsInterface {
  addDimension(name: string, value: string): MetricsInterface;
  addDimensions(dimensions: Dimensions): MetricsInterface;
  addMetadata(key: string, value: string): MetricsInterface;
  addMetric(name: string, unit: MetricUnit, value: number, resolution?: MetricResolution): MetricsInterface;
  captureColdStartMetric(functionName?: string): void;
  clearDefaultDimensions(): void;
  clearDimensions(): void;
  clearMetadata(): void;
  clearMetrics(): void;
  logMetrics(options?: ExtraOptions): HandlerMethodDecorator;
  publishStoredMetrics(): void;
  [Symbol.dispose](): void;
  serializeMetrics(): EmfOutput;
  setDefaultDimensions(dimensions: Dimensions | undefined): void;
  setFunctionName(name: string): void;
  setThrowOnEmptyMetrics(enabled: boolean): void;
  setTimestamp(timestamp: number | Date): MetricsInterface;
  singleMetric(): MetricsInterface;
}
