import {
  getInvocationState,
  getServiceName,
  isColdStart,
  readEnvBoolean,
  readEnvString,
  warnInvalidEnv,
} from '@lambkit/core';
import {
  abandonedDroppedWarning,
  abandonedWarning,
  COLD_START_METRIC,
  DEFAULT_NAMESPACE,
  DISABLED_WARNING,
  EMPTY_METRICS_ERROR,
  EMPTY_METRICS_WARNING,
  LATE_WITHOUT_METRICS_WARNING,
  lateWarning,
  MAX_DIMENSIONS_PER_SET,
  MetricResolution,
  MetricUnit,
  NAMESPACE_WARNING,
  publishFailureWarning,
} from './constants.js';
import { checkSetSize, type DimensionEntries, dimensionEntry } from './dimension-entry.js';
import { addDimensionSet, addToMainSet } from './dimension-store.js';
import { buildDocumentConfig, type DocumentConfig, renderDocuments } from './emf-document.js';
import { MetricsValidationError } from './errors.js';
import {
  clearStoredDimensions,
  clearStoredMetadata,
  clearStoredMetrics,
  hasContent,
  type InvocationMetrics,
  InvocationStores,
  newInvocationMetrics,
} from './invocation-metrics.js';
import { storeMetadata } from './metadata.js';
import { type MetricShape, metricShape, mismatchError } from './metric-shape.js';
import { type DefinitionNode, definitionRoot, nextDefinition } from './piece-cache.js';
import type { Dimensions, EmfOutput, MetricsLogger, MetricsOptions } from './types.js';
import { checkMetadataKey, checkNamespace, isStorableValue, toEmfTimestamp, valueError } from './validate.js';

function writeStdout(document: string): void {
  process.stdout.write(document);
}

/**
 * POWERTOOLS_METRICS_NAMESPACE, unless CloudWatch would reject it: then undefined, so the default
 * namespace is used (metrics kept, not dropped), with one warning naming the variable and the value.
 */
function namespaceFromEnv(): string | undefined {
  const namespace = readEnvString('POWERTOOLS_METRICS_NAMESPACE');
  if (namespace === undefined) return undefined;
  try {
    checkNamespace(namespace);
    return namespace;
  } catch (error) {
    const rule = error instanceof MetricsValidationError ? error.rule : 'not a valid namespace';
    warnInvalidEnv('POWERTOOLS_METRICS_NAMESPACE', namespace, rule, DEFAULT_NAMESPACE);
    return undefined;
  }
}

/** Warnings said once, shared by an instance and its singleMetric() children, so neither repeats nor hides them. */
interface Notices {
  namespace: boolean;
  disabled: boolean;
  late: boolean;
  abandoned: boolean;
  dropped: boolean;
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
export class Metrics {
  #namespace: string | undefined;
  #defaults: DimensionEntries = new Map();
  #config: DocumentConfig;
  #functionName: string | undefined;
  #single: boolean;
  #disabled: boolean;
  #throwOnEmpty = false;
  #logger: MetricsLogger | undefined;
  #notices: Notices = { namespace: false, disabled: false, late: false, abandoned: false, dropped: false };
  /** What was added to invocations after logMetrics flushed them, for the next flush (of any invocation). */
  #late: InvocationMetrics | undefined;
  #coldStartChecked = false;
  readonly #shapes = new Map<string, MetricShape>();
  readonly #entries: DimensionEntries = new Map();
  readonly #stores = new InvocationStores(this, (store) => this.#keepAbandoned(store));
  readonly #definitionRoot = definitionRoot();

  static {
    storesOf = (metrics) => metrics.#stores;
  }

  constructor(options: MetricsOptions = {}) {
    const namespace = options.namespace || namespaceFromEnv();
    if (namespace !== undefined) checkNamespace(namespace);
    this.#namespace = namespace;
    this.#functionName = options.functionName?.trim() || readEnvString('POWERTOOLS_METRICS_FUNCTION_NAME');
    this.#single = options.singleMetric === true;
    this.#logger = options.logger;
    // As in Powertools: POWERTOOLS_METRICS_DISABLED decides; unset, POWERTOOLS_DEV turns metrics off.
    this.#disabled = readEnvBoolean('POWERTOOLS_METRICS_DISABLED') ?? readEnvBoolean('POWERTOOLS_DEV', false);
    this.#config = buildDocumentConfig(this.#namespace ?? DEFAULT_NAMESPACE, this.#defaults);
    this.setDefaultDimensions({ service: getServiceName(options.serviceName), ...options.defaultDimensions });
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
    if (store.ended) store = this.#lateStore(`Metric "${name}"`);
    const stored = store.metrics.get(name);
    if (stored === undefined) {
      const parent = store.metrics.size === 0 ? this.#definitionRoot : store.definitionNode;
      // The usual next metric is found in the cached pieces with its shape: one lookup.
      let node = parent?.children?.get(name);
      if (node === undefined || node.shape!.unit !== unit || node.shape!.resolution !== resolution) {
        node = parent && nextDefinition(parent, metricShape(this.#shapes, name, unit, resolution));
      }
      const shape = node?.shape ?? metricShape(this.#shapes, name, unit, resolution);
      this.#checkFreeForMetric(store, name, node);
      store.definitionNode = node;
      store.metrics.set(name, { shape, first: value, rest: undefined });
    } else {
      if (stored.shape.unit !== unit || stored.shape.resolution !== resolution) {
        throw mismatchError(stored.shape, unit, resolution);
      }
      if (stored.rest === undefined) stored.rest = [value];
      else stored.rest.push(value);
      if (stored.rest.length >= store.mostValues) store.mostValues = stored.rest.length + 1;
    }
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
    const entry = dimensionEntry(this.#entries, name, value);
    let store = this.#stores.current();
    if (store.ended) store = this.#lateStore(`Dimension "${name}"`);
    this.#checkNotMetric(store, 'dimension', name);
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
    if (store.ended) store = this.#lateStore(`Dimension set ${JSON.stringify(Object.keys(dimensions))}`);
    const entries = Object.entries(dimensions).map(([name, value]) => {
      this.#checkNotMetric(store, 'dimension', name);
      return dimensionEntry(this.#entries, name, value);
    });
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
      merged.set(name, dimensionEntry(this.#entries, name, value));
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
      for (const name of merged.keys()) this.#checkNotMetric(store, 'dimension', name);
      for (const set of [store.mainKeys, ...(store.sets ?? [])]) checkSetSize(merged, set);
    }
    this.#defaults = merged;
    this.#config = buildDocumentConfig(this.#namespace ?? DEFAULT_NAMESPACE, merged);
    return this;
  }

  /**
   * Removes every default dimension, "service" included.
   *
   * @example
   * metrics.clearDefaultDimensions();
   */
  clearDefaultDimensions(): void {
    this.#defaults = new Map();
    this.#config = buildDocumentConfig(this.#namespace ?? DEFAULT_NAMESPACE, this.#defaults);
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
    if (store.ended) store = this.#lateStore(`Metadata "${key}"`);
    this.#checkNotMetric(store, 'metadata', key);
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
    if (store.ended) store = this.#lateStore('A timestamp');
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
    const late = this.#late;
    this.#late = undefined;
    try {
      if (store.metrics.size === 0 && (late === undefined || late.metrics.size === 0)) {
        if (!this.#throwOnEmpty) this.#warn(EMPTY_METRICS_WARNING);
        else if (!this.#disabled) throw new RangeError(EMPTY_METRICS_ERROR);
      } else if (this.#disabled) {
        this.#sayOnce('disabled', DISABLED_WARNING);
      } else {
        if (this.#namespace === undefined) this.#sayOnce('namespace', NAMESPACE_WARNING);
        if (late !== undefined && late.metrics.size > 0) this.#write(late);
        if (store.metrics.size > 0) this.#write(store);
      }
      if (late !== undefined && late.metrics.size === 0 && hasContent(late)) {
        this.#warn(LATE_WITHOUT_METRICS_WARNING);
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
    child.#defaults = this.#defaults;
    child.#config = this.#config;
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
    clearStoredMetrics(this.#clearable());
  }

  /**
   * Forgets this invocation's dimensions and dimension sets (not the default dimensions).
   *
   * @example
   * metrics.clearDimensions();
   */
  clearDimensions(): void {
    clearStoredDimensions(this.#clearable());
  }

  /**
   * Forgets this invocation's metadata.
   *
   * @example
   * metrics.clearMetadata();
   */
  clearMetadata(): void {
    clearStoredMetadata(this.#clearable());
  }

  /**
   * True when this invocation has metrics waiting for a flush (late ones of a flushed invocation included).
   *
   * @example
   * if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
   */
  hasStoredMetrics(): boolean {
    return (
      this.#stores.current().metrics.size > 0 || (this.#late !== undefined && this.#late.metrics.size > 0)
    );
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

  /** What clear* acts on: in work that outlived its flushed invocation, what that work added late. */
  #clearable(): InvocationMetrics {
    const store = this.#stores.current();
    return store.ended && this.#late !== undefined ? this.#late : store;
  }

  /**
   * Keeps what an invocation held when the next one replaced it without a flush in between (no
   * logMetrics; work that outlived a manual flush, or no flush at all) for the next flush.
   */
  #keepAbandoned(store: InvocationMetrics): void {
    const names = [...store.metrics.keys()];
    if (this.#late === undefined || !hasContent(this.#late)) {
      this.#late = store;
      if (names.length > 0) this.#sayOnce('abandoned', abandonedWarning(names));
    } else {
      this.#sayOnce('dropped', abandonedDroppedWarning(names));
    }
  }

  /** The store for what is added to an invocation logMetrics already flushed; says so the first time. */
  #lateStore(what: string): InvocationMetrics {
    this.#sayOnce('late', lateWarning(what));
    return (this.#late ??= newInvocationMetrics());
  }

  #sayOnce(notice: keyof Notices, message: string): void {
    if (this.#notices[notice]) return;
    this.#notices[notice] = true;
    this.#warn(message);
  }

  #warn(message: string): void {
    if (this.#logger !== undefined) {
      try {
        this.#logger.warn(message);
        return;
      } catch {
        // A logger that fails must not fail the handler through its metrics: stderr still gets the warning.
      }
    }
    process.stderr.write(`${message}\n`);
  }

  readonly #warnOverwrite = (name: string): void => {
    this.#warn(`Dimension "${name}" has already been added. The previous value will be overwritten.`);
  };

  /** A metric's value is one top-level member: no dimension or metadata may have its name. */
  #checkFreeForMetric(store: InvocationMetrics, name: string, node: DefinitionNode | undefined): void {
    // Whether the name is a default dimension only changes with the defaults: checked once per node.
    const defaultsChecked = node !== undefined && node.freeOf === this.#defaults;
    const isDimension =
      (store.dimensions.size > 0 && store.dimensions.has(name)) ||
      (!defaultsChecked && this.#defaults.has(name));
    if (isDimension || store.metadata?.has(name)) {
      throw new MetricsValidationError(
        'metric name',
        name,
        `is already ${isDimension ? 'a dimension' : 'a metadata key'}; one top-level member cannot be both`,
      );
    }
    if (node !== undefined) node.freeOf = this.#defaults;
  }

  #checkNotMetric(store: InvocationMetrics, kind: 'dimension' | 'metadata', name: string): void {
    if (store.metrics.has(name)) {
      throw new MetricsValidationError(
        `${kind} name`,
        name,
        'is already a metric name; one top-level member cannot be both',
      );
    }
  }
}
