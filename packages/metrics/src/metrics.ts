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
  DISABLED_WARNING,
  EMPTY_METRICS_ERROR,
  EMPTY_METRICS_WARNING,
  MAX_DIMENSIONS_PER_SET,
  MetricResolution,
  MetricUnit,
  NAMESPACE_WARNING,
  publishFailureWarning,
  resolutionIgnoredWarning,
  skippedDimensionWarning,
} from './constants.js';
import { logMetricsDecorator } from './decorator.js';
import {
  checkSetSize,
  type DimensionEntries,
  type DimensionEntry,
  dimensionEntry,
} from './dimension-entry.js';
import { addDimensionSet, addToMainSet } from './dimension-store.js';
import { buildDocumentConfig, type DocumentConfig, renderDocuments } from './emf-document.js';
import { MetricsValidationError } from './errors.js';
import {
  clearStoredDimensions,
  clearStoredMetadata,
  clearStoredMetrics,
  type InvocationMetrics,
  InvocationStores,
} from './invocation-metrics.js';
import { LateMetrics, type Notices, newNotices } from './late-metrics.js';
import { checkNotMetric } from './member-names.js';
import { storeMetadata } from './metadata.js';
import { type MetricContext, storeMetric } from './metric-store.js';
import { definitionRoot } from './piece-cache.js';
import { disabledFromEnv, namespaceFromEnv, warnTo } from './settings.js';
import type {
  Dimensions,
  EmfOutput,
  LogMetricsOptions,
  MetricsInterface,
  MetricsLogger,
  MetricsOptions,
} from './types.js';
import { checkMetadataKey, checkNamespace, isStorableValue, toEmfTimestamp, valueError } from './validate.js';

function writeStdout(document: string): void {
  process.stdout.write(document);
}

let storesOf: (metrics: Metrics) => InvocationStores;

/**
 * Opens the invocation in progress for `metrics` (logMetrics' `before`): a retry that reuses the
 * request id, and so the state, of the previous invocation is a new invocation, not late work.
 *
 * @example
 * openInvocationMetrics(metrics);
 */
export function openInvocationMetrics(metrics: Metrics): void {
  storesOf(metrics).current().ended = false;
}

/**
 * Ends the invocation in progress for `metrics` after its flush (logMetrics' `after`): what work
 * the handler did not await adds to it afterwards is published with the next flush, not lost.
 *
 * @example
 * endInvocationMetrics(metrics);
 */
export function endInvocationMetrics(metrics: Metrics): void {
  storesOf(metrics).current().ended = true;
}

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
  #namespace: string | undefined;
  #defaults: DimensionEntries = new Map();
  #config: DocumentConfig;
  #functionName: string | undefined;
  #single: boolean;
  #disabled: boolean;
  #throwOnEmpty = false;
  #logger: MetricsLogger | undefined;
  #notices: Notices = newNotices();
  #coldStartChecked = false;
  readonly #entries: DimensionEntries = new Map();
  readonly #late = new LateMetrics((notice, message) => this.#sayOnce(notice, message));
  readonly #stores = new InvocationStores(this, (store) => this.#late.keepAbandoned(store));
  readonly #metricContext: MetricContext = {
    shapes: new Map(),
    definitionRoot: definitionRoot(),
    defaults: this.#defaults,
    onResolutionIgnored: (name, resolution, kept) =>
      this.#sayOnce('resolution', resolutionIgnoredWarning(name, resolution, kept)),
  };

  static {
    storesOf = (metrics) => metrics.#stores;
  }

  constructor(options: MetricsOptions = {}) {
    // customConfigService is Powertools' deprecated way to read the configuration; honoured as there.
    const config = options.customConfigService;
    const namespace = options.namespace || config?.getNamespace() || namespaceFromEnv();
    if (namespace !== undefined) checkNamespace(namespace);
    this.#namespace = namespace;
    this.#functionName = options.functionName?.trim() || readEnvString('POWERTOOLS_METRICS_FUNCTION_NAME');
    this.#single = options.singleMetric === true;
    this.#logger = options.logger;
    this.#disabled = disabledFromEnv();
    this.#config = buildDocumentConfig(this.#namespace ?? DEFAULT_NAMESPACE, this.#defaults);
    const service = getServiceName(options.serviceName || config?.getServiceName() || undefined);
    this.setDefaultDimensions({ service, ...options.defaultDimensions });
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
    let store = this.#stores.current();
    if (store.ended) store = this.#late.storeFor(`Metric "${name}"`);
    storeMetric(store, this.#metricContext, name, unit, value, resolution);
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
    let store = this.#stores.current();
    if (store.ended) store = this.#late.storeFor(`Dimension "${name}"`);
    checkNotMetric(store, 'dimension', name);
    addToMainSet(store, this.#config, entry, this.#warnOverwrite);
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
    let store = this.#stores.current();
    if (store.ended) store = this.#late.storeFor(`Dimension set ${JSON.stringify(Object.keys(dimensions))}`);
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
    if (merged.size > MAX_DIMENSIONS_PER_SET) {
      throw new MetricsValidationError(
        'default dimensions',
        merged.size,
        `are more than the ${MAX_DIMENSIONS_PER_SET} a dimension set holds (${[...merged.keys()].join(', ')})`,
      );
    }
    const store = this.#stores.peek();
    if (store !== undefined) {
      for (const name of merged.keys()) checkNotMetric(store, 'default dimension', name);
      for (const set of [store.mainKeys, ...(store.sets ?? [])]) checkSetSize(merged, set);
    }
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
    let store = this.#stores.current();
    if (store.ended) store = this.#late.storeFor(`Metadata "${key}"`);
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
    let store = this.#stores.current();
    if (store.ended) store = this.#late.storeFor('A timestamp');
    store.timestamp = checked;
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
      if (store.metrics.size === 0 && late === undefined) {
        if (!this.#throwOnEmpty) this.#warn(EMPTY_METRICS_WARNING);
        else if (!this.#disabled) throw new RangeError(EMPTY_METRICS_ERROR);
      } else if (this.#disabled) {
        this.#sayOnce('disabled', DISABLED_WARNING);
      } else {
        if (this.#namespace === undefined) this.#sayOnce('namespace', NAMESPACE_WARNING);
        if (late !== undefined) this.#write(late);
        if (store.metrics.size > 0) this.#write(store);
      }
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
    return logMetricsDecorator(this, options, openInvocationMetrics, endInvocationMetrics);
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
      namespace: this.#namespace,
      functionName: this.#functionName,
      singleMetric: true,
      logger: this.#logger,
    });
    child.#useDefaults(this.#defaults, this.#config);
    child.#disabled = this.#disabled;
    child.#throwOnEmpty = this.#throwOnEmpty;
    child.#notices = this.#notices;
    return child;
  }

  /**
   * Makes a flush with no metrics throw instead of warn.
   *
   * @example
   * metrics.setThrowOnEmptyMetrics(true);
   */
  setThrowOnEmptyMetrics(enabled: boolean): this {
    this.#throwOnEmpty = enabled;
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
    this.#throwOnEmpty = true;
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
    return this.#disabled;
  }

  /**
   * This invocation's metrics as the EMF document a flush would write (the first one, when they
   * need several), without writing or forgetting them. For tests.
   *
   * @example
   * metrics.serializeMetrics()._aws.CloudWatchMetrics[0].Namespace; // 'serverlessAirline'
   */
  serializeMetrics(): EmfOutput {
    const store = this.#stores.current();
    if (store.metrics.size === 0 && this.#throwOnEmpty) throw new RangeError(EMPTY_METRICS_ERROR);
    let first: string | undefined;
    renderDocuments(this.#config, store, store.timestamp ?? Date.now(), (document) => {
      first ??= document;
    });
    return JSON.parse(first!);
  }

  /** Writes one store's documents; a failure (a closed stdout, documents that cannot be built) is reported, not thrown into the handler. */
  #write(store: InvocationMetrics): void {
    try {
      renderDocuments(this.#config, store, store.timestamp ?? Date.now(), writeStdout);
    } catch (error) {
      this.#warn(publishFailureWarning([...store.metrics.keys()], error));
    }
  }

  /**
   * The entry of a dimension, or undefined when its name or value is not a non-blank string: as in
   * Powertools, such a dimension (often a missing field of the event) is skipped with its warning
   * rather than failing the invocation. Any other invalid dimension throws (see validate.ts).
   */
  #entryOrSkip(name: string, value: string): DimensionEntry | undefined {
    const entry = dimensionEntry(this.#entries, name, value);
    if (entry === undefined) this.#warn(skippedDimensionWarning(name));
    return entry;
  }

  #sayOnce(notice: keyof Notices, message: string): void {
    if (this.#notices[notice]) return;
    this.#notices[notice] = true;
    this.#warn(message);
  }

  /** The default dimensions change rarely (at INIT): the document pieces that depend on them are rebuilt then. */
  #useDefaults(defaults: DimensionEntries, config?: DocumentConfig): void {
    this.#defaults = defaults;
    this.#metricContext.defaults = defaults;
    this.#config = config ?? buildDocumentConfig(this.#namespace ?? DEFAULT_NAMESPACE, defaults);
  }

  readonly #warn = (message: string): void => warnTo(this.#logger, message);

  readonly #warnOverwrite = (name: string): void => {
    this.#warn(`Dimension "${name}" has already been added. The previous value will be overwritten.`);
  };
}
