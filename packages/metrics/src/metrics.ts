import {
  getInvocationState,
  getServiceName,
  type HandlerMethodDecorator,
  isColdStart,
  readEnvString,
} from '@lambkit/core';
import {
  COLD_START_METRIC,
  DEFAULT_NAMESPACE,
  MetricResolution,
  MetricUnit,
  resolutionIgnoredWarning,
  skippedDimensionWarning,
} from './constants.js';
import { logMetricsDecorator } from './decorator.js';
import { type DimensionEntries, type DimensionEntry, dimensionEntry } from './dimension-entry.js';
import { addDimensionSet, addToMainSet, checkDefaultDimensions } from './dimension-store.js';
import { buildDocumentConfig, type DocumentConfig } from './emf-document.js';
import {
  clearStoredDimensions,
  clearStoredMetadata,
  clearStoredMetrics,
  type InvocationMetrics,
  InvocationStores,
} from './invocation-metrics.js';
import { LateMetrics } from './late-metrics.js';
import { checkNotMetric } from './member-names.js';
import { storeMetadata } from './metadata.js';
import { type MetricContext, storeMetric } from './metric-store.js';
import { type Output, publish, sayOnce, serialize } from './publish.js';
import { disabledFromEnv, type MetricsWarn, namespaceFromEnv, warnTo } from './settings.js';
import type { Dimensions, EmfOutput, LogMetricsOptions, MetricsInterface, MetricsOptions } from './types.js';
import { checkMetadataKey, checkNamespace, isStorableValue, toEmfTimestamp, valueError } from './validate.js';

/**
 * CloudWatch metrics as Embedded Metric Format documents on stdout, with Powertools' API and
 * output. Configuration (namespace, service, default dimensions) lives on the instance, created
 * once at INIT; metrics, dimensions, metadata and the timestamp of an invocation live on that
 * invocation's state, so concurrent invocations never mix them.
 *
 * @example
 * const metrics = new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
 * metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
 * metrics.publishStoredMetrics();
 */
export class Metrics implements MetricsInterface {
  #defaults: DimensionEntries = new Map();
  #out: Output;
  #functionName: string | undefined;
  #single: boolean;
  #coldStartChecked = false;
  readonly #entries: DimensionEntries = new Map();
  readonly #late = new LateMetrics((code, message) => sayOnce(this.#out, code, message));
  readonly #stores = new InvocationStores(this, (store) => this.#late.keepAbandoned(store));
  readonly #metricContext: MetricContext = {
    shapes: new Map(),
    defaults: this.#defaults,
    onResolutionIgnored: (name, resolution, kept) =>
      sayOnce(this.#out, 'METRICS_RESOLUTION_IGNORED', resolutionIgnoredWarning(name, resolution, kept)),
  };

  constructor(options: MetricsOptions = {}) {
    // customConfigService is Powertools' deprecated way to read the configuration; honoured as there.
    const service = options.customConfigService;
    const namespace = options.namespace || service?.getNamespace() || namespaceFromEnv();
    if (namespace !== undefined) checkNamespace(namespace);
    this.#functionName = options.functionName?.trim() || readEnvString('POWERTOOLS_METRICS_FUNCTION_NAME');
    this.#single = options.singleMetric === true;
    const config = buildDocumentConfig(namespace ?? DEFAULT_NAMESPACE, this.#defaults);
    this.#out = {
      config,
      namespace,
      disabled: disabledFromEnv(),
      logger: options.logger,
      throwOnEmpty: false,
      said: new Set(),
    };
    const serviceName = getServiceName(options.serviceName || service?.getServiceName() || undefined);
    this.setDefaultDimensions({ service: serviceName, ...options.defaultDimensions });
  }

  /**
   * Records a value. The same name again makes an array of values; more than 100 values, or more
   * than 100 metrics, are split over several documents at flush, never dropped.
   *
   * @example
   * metrics.addMetric('latency', MetricUnit.Milliseconds, 42, MetricResolution.High);
   */
  addMetric(
    name: string,
    unit: MetricUnit,
    value: number,
    resolution: MetricResolution = MetricResolution.Standard,
  ): this {
    if (!isStorableValue(value)) throw valueError(name, value);
    storeMetric(this.#store('Metric', name), this.#metricContext, name, unit, value, resolution);
    if (this.#single) this.publishStoredMetrics();
    return this;
  }

  /**
   * Adds a dimension to this invocation's dimension set (after the default dimensions).
   *
   * @example
   * metrics.addDimension('environment', 'prod');
   */
  addDimension(name: string, value: string): this {
    const entry = this.#entryOrSkip(name, value);
    if (entry === undefined) return this;
    const store = this.#store('Dimension', name);
    checkNotMetric(store, 'dimension', name);
    addToMainSet(store, this.#out.config, entry, this.#warnOverwrite);
    return this;
  }

  /**
   * Adds a dimension set of its own: the metrics are published under the default dimensions plus
   * these, in addition to the other sets.
   *
   * @example
   * metrics.addDimensions({ environment: 'prod', region: 'eu-west-1' });
   */
  addDimensions(dimensions: Dimensions): this {
    const store = this.#store('Dimension set', Object.keys(dimensions));
    const entries: DimensionEntry[] = [];
    for (const [name, value] of Object.entries(dimensions)) {
      const entry = this.#entryOrSkip(name, value);
      if (entry === undefined) continue;
      checkNotMetric(store, 'dimension set', name);
      entries.push(entry);
    }
    addDimensionSet(store, this.#defaults, entries, this.#warnOverwrite);
    return this;
  }

  /**
   * Adds to the dimensions every metric of this instance gets, in every invocation. Call it at INIT.
   *
   * @example
   * metrics.setDefaultDimensions({ environment: 'prod' });
   */
  setDefaultDimensions(dimensions: Dimensions | undefined): this {
    const merged: DimensionEntries = new Map(this.#defaults);
    for (const [name, value] of Object.entries(dimensions ?? {})) {
      const entry = this.#entryOrSkip(name, value);
      if (entry !== undefined) merged.set(name, entry);
    }
    checkDefaultDimensions(merged, this.#stores.peek());
    this.#useDefaults(merged);
    return this;
  }

  /**
   * Removes every default dimension, "service" included.
   *
   * @example
   * metrics.clearDefaultDimensions();
   */
  clearDefaultDimensions(): void {
    this.#useDefaults(new Map());
  }

  /**
   * Adds a member to the document that is not a metric: searchable in CloudWatch Logs Insights,
   * free of metric cost. Any JSON value.
   *
   * @example
   * metrics.addMetadata('bookingId', '7051cd10-6283-11ec-90d6-0242ac120003');
   */
  addMetadata(key: string, value: unknown): this {
    checkMetadataKey(key);
    const store = this.#store('Metadata', key);
    checkNotMetric(store, 'metadata', key);
    storeMetadata(store, key, value);
    return this;
  }

  /**
   * Sets the timestamp of this invocation's metrics (a Date or epoch milliseconds, within 14 days
   * before and 2 hours after now, as CloudWatch requires). Default: the time of the flush.
   *
   * @example
   * metrics.setTimestamp(new Date(event.time));
   */
  setTimestamp(timestamp: number | Date): this {
    const checked = toEmfTimestamp(timestamp, Date.now());
    const store = this.#stores.current();
    (store.ended ? this.#late.storeFor('A timestamp') : store).timestamp = checked;
    return this;
  }

  /**
   * Writes this invocation's metrics to stdout as EMF documents (one `process.stdout.write` each),
   * then forgets them along with the invocation's dimensions and metadata. Metrics that work the
   * handler did not await added to an invocation already flushed by logMetrics are published
   * first, in documents of their own. With no metrics it warns, or throws a RangeError after
   * `setThrowOnEmptyMetrics(true)`; a failure to write is a warning, never an error.
   *
   * @example
   * metrics.publishStoredMetrics();
   */
  publishStoredMetrics(): this {
    const store = this.#stores.current();
    const late = this.#late.take(this.#warn);
    try {
      publish(this.#out, store, late);
    } finally {
      clearStoredMetrics(store);
      clearStoredDimensions(store);
      clearStoredMetadata(store);
      if (this.#single) this.#stores.release();
    }
    return this;
  }

  /**
   * Publishes the stored metrics when a `using` binding of the instance leaves its scope, error or
   * not (Powertools' Disposable support; `using` needs Node.js 24, or a compiler that lowers it).
   *
   * @example
   * export const handler = async () => {
   *   using _ = metrics;
   *   metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
   * };
   */
  [Symbol.dispose](): void {
    this.publishStoredMetrics();
  }

  /**
   * A class method decorator (legacy `experimentalDecorators`, as in Powertools) for a Lambda handler
   * method: publishes the stored metrics when the method returns or throws, and optionally the
   * ColdStart metric first. Its options apply once, when the class is defined; like the logMetrics
   * middleware, an empty flush after a failed handler does not replace the handler's error.
   *
   * @example
   * class Lambda implements LambdaInterface {
   *   @metrics.logMetrics({ captureColdStartMetric: true })
   *   public async handler(_event: unknown, _context: Context) {
   *     metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
   *   }
   * }
   */
  logMetrics(options: LogMetricsOptions = {}): HandlerMethodDecorator {
    return logMetricsDecorator(this, options);
  }

  /**
   * Publishes a ColdStart metric (Count 1) in a document of its own, with the default dimensions
   * and function_name, on the first invocation of the execution environment; afterwards, nothing.
   *
   * @example
   * metrics.captureColdStartMetric(context.functionName);
   */
  captureColdStartMetric(functionName?: string): void {
    if (this.#coldStartChecked) return;
    this.#coldStartChecked = true;
    if (!isColdStart(getInvocationState().requestId)) return;
    const single = this.singleMetric();
    const name = this.#functionName ?? functionName?.trim();
    if (name) single.addDimension('function_name', name);
    single.addMetric(COLD_START_METRIC, MetricUnit.Count, 1);
  }

  /**
   * A Metrics with this one's namespace, default dimensions and settings that publishes every
   * metric as soon as it is added, in a document of its own (for a metric with other dimensions).
   *
   * @example
   * metrics.singleMetric().addDimension('paymentMethod', 'card').addMetric('payment', MetricUnit.Count, 1);
   */
  singleMetric(): Metrics {
    const child = new Metrics({
      namespace: this.#out.namespace,
      functionName: this.#functionName,
      singleMetric: true,
    });
    child.#out = { ...this.#out };
    child.#useDefaults(this.#defaults, this.#out.config);
    return child;
  }

  /**
   * Makes a flush with no metrics throw instead of warn.
   *
   * @example
   * metrics.setThrowOnEmptyMetrics(true);
   */
  setThrowOnEmptyMetrics(enabled: boolean): this {
    this.#out.throwOnEmpty = enabled;
    return this;
  }

  /**
   * Makes a flush with no metrics throw instead of warn.
   *
   * @deprecated Use {@link Metrics.setThrowOnEmptyMetrics | `setThrowOnEmptyMetrics(true)`}, as in Powertools.
   * @example
   * metrics.throwOnEmptyMetrics();
   */
  throwOnEmptyMetrics(): void {
    this.#out.throwOnEmpty = true;
  }

  /**
   * Sets the function_name dimension of the ColdStart metric.
   *
   * @example
   * metrics.setFunctionName('orders-api');
   */
  setFunctionName(name: string): void {
    this.#functionName = name.trim() || undefined;
  }

  /**
   * Forgets this invocation's metrics and timestamp.
   *
   * @example
   * metrics.clearMetrics();
   */
  clearMetrics(): void {
    clearStoredMetrics(this.#late.clearable(this.#stores.current()));
  }

  /**
   * Forgets this invocation's dimensions and dimension sets (not the default dimensions).
   *
   * @example
   * metrics.clearDimensions();
   */
  clearDimensions(): void {
    clearStoredDimensions(this.#late.clearable(this.#stores.current()));
  }

  /**
   * Forgets this invocation's metadata.
   *
   * @example
   * metrics.clearMetadata();
   */
  clearMetadata(): void {
    clearStoredMetadata(this.#late.clearable(this.#stores.current()));
  }

  /**
   * True when this invocation has metrics waiting for a flush (late ones of a flushed invocation included).
   *
   * @example
   * if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
   */
  hasStoredMetrics(): boolean {
    return this.#stores.current().metrics.size > 0 || this.#late.hasMetrics();
  }

  /**
   * True when POWERTOOLS_METRICS_DISABLED (or POWERTOOLS_DEV) turned publishing off.
   *
   * @example
   * metrics.isDisabled(); // false
   */
  isDisabled(): boolean {
    return this.#out.disabled;
  }

  /**
   * This invocation's metrics as the EMF document a flush would write (the first one, when they
   * need several), without writing or forgetting them. For tests.
   *
   * @example
   * metrics.serializeMetrics()._aws.CloudWatchMetrics[0].Namespace; // 'serverlessAirline'
   */
  serializeMetrics(): EmfOutput {
    return serialize(this.#out, this.#stores.current());
  }

  /**
   * The store of the invocation in progress, or, when logMetrics has already flushed it, the store
   * for the next flush, saying once that it came late (e.g. `Metric "latency"`; `name` is quoted,
   * or as JSON when it is an array, the names of a dimension set).
   */
  #store(kind: string, name: unknown): InvocationMetrics {
    const store = this.#stores.current();
    return store.ended
      ? this.#late.storeFor(`${kind} ${Array.isArray(name) ? JSON.stringify(name) : `"${name}"`}`)
      : store;
  }

  /**
   * The entry of a dimension, or undefined when its name or value is not a non-blank string: as in
   * Powertools, such a dimension (often a missing field of the event) is skipped with its warning
   * rather than failing the invocation. Any other invalid dimension throws (see validate.ts).
   */
  #entryOrSkip(name: string, value: string): DimensionEntry | undefined {
    const entry = dimensionEntry(this.#entries, name, value);
    if (entry === undefined) this.#warn('METRICS_DIMENSION_SKIPPED', skippedDimensionWarning(name));
    return entry;
  }

  /** The default dimensions change rarely (at INIT): the document pieces that depend on them are rebuilt then. */
  #useDefaults(defaults: DimensionEntries, config?: DocumentConfig): void {
    this.#defaults = defaults;
    this.#metricContext.defaults = defaults;
    this.#out.config = config ?? buildDocumentConfig(this.#out.namespace ?? DEFAULT_NAMESPACE, defaults);
  }

  /** Gives a warning to the logger option, else as lambkit's warning line (see warnTo). */
  readonly #warn: MetricsWarn = (code, message) => warnTo(this.#out.logger, code, message);

  readonly #warnOverwrite = (name: string): void => {
    this.#warn(
      'METRICS_DIMENSION_OVERWRITTEN',
      `Dimension "${name}" has already been added. The previous value will be overwritten.`,
    );
  };
}
