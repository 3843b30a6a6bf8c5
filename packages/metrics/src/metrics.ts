import {
  getInvocationState,
  getServiceName,
  type InvocationState,
  isColdStart,
  readEnvBoolean,
  readEnvString,
  sharedState,
} from '@lambkit/core';
import {
  COLD_START_METRIC,
  DEFAULT_NAMESPACE,
  EMPTY_METRICS_ERROR,
  EMPTY_METRICS_WARNING,
  MAX_DIMENSIONS_PER_SET,
  MAX_DOCUMENT_BYTES,
  MetricResolution,
  MetricUnit,
  NAMESPACE_WARNING,
  RESERVED_DOCUMENT_BYTES,
} from './constants.js';
import { buildDocumentConfig, type DocumentConfig, renderDocuments } from './emf-document.js';
import { MetricsValidationError } from './errors.js';
import {
  clearStoredDimensions,
  clearStoredMetadata,
  clearStoredMetrics,
  hasContent,
  type InvocationMetrics,
  type MetricShape,
  newInvocationMetrics,
} from './invocation-metrics.js';
import {
  checkDimension,
  checkMetadataKey,
  checkMetricName,
  checkNamespace,
  checkResolution,
  checkUnit,
  isStorableValue,
  toEmfTimestamp,
  valueError,
} from './validate.js';

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

const STORES_KEY = Symbol.for('@lambkit/metrics.stores');
/** Metric shapes kept per instance; names are usually a small fixed set, this bounds the odd case. */
const SHAPE_CACHE_LIMIT = 1000;

type Stores = Map<Metrics, InvocationMetrics>;

function writeStdout(document: string): void {
  process.stdout.write(document);
}

function dimensionMember(name: string, value: string): string {
  return `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
}

function memberValue(member: string, name: string): string {
  return JSON.parse(member.slice(JSON.stringify(name).length + 2));
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
  #defaults: Map<string, string> = new Map();
  #config: DocumentConfig;
  #functionName: string | undefined;
  #single: boolean;
  #disabled: boolean;
  #throwOnEmpty = false;
  #logger: MetricsLogger | undefined;
  #namespaceWarned = false;
  #coldStartChecked = false;
  #shapes = new Map<string, MetricShape>();
  #lastState: InvocationState | undefined;
  #lastStore: InvocationMetrics | undefined;
  #init: { state: InvocationState; store: InvocationMetrics } | undefined;

  constructor(options: MetricsOptions = {}) {
    const namespace = options.namespace || readEnvString('POWERTOOLS_METRICS_NAMESPACE');
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
    const store = this.#store();
    const stored = store.metrics.get(name);
    if (stored === undefined) {
      const shape = this.#shapeFor(name, unit, resolution);
      this.#checkFreeForMetric(store, name);
      store.metrics.set(name, { shape, first: value, rest: undefined });
    } else {
      if (stored.shape.unit !== unit || stored.shape.resolution !== resolution) {
        throw this.#mismatchError(stored.shape, unit, resolution);
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
    checkDimension(name, value);
    const store = this.#store();
    this.#checkNotMetric(store, 'dimension', name);
    const member = dimensionMember(name, value);
    const previous = store.dimensions.get(name) ?? this.#defaults.get(name);
    if (previous !== undefined && previous !== member) {
      if (store.setKeys.has(name)) throw this.#conflictError(name, value, previous);
      this.#warn(`Dimension "${name}" has already been added. The previous value will be overwritten.`);
    }
    if (!store.mainKeys.includes(name)) {
      this.#checkSetSize(store.mainKeys, name);
      store.mainKeys.push(name);
    }
    store.dimensions.set(name, member);
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
    const store = this.#store();
    const keys: string[] = [];
    const members: string[] = [];
    for (const [name, value] of Object.entries(dimensions)) {
      checkDimension(name, value);
      this.#checkNotMetric(store, 'dimension', name);
      const member = dimensionMember(name, value);
      const previous = store.dimensions.get(name);
      if (previous !== undefined && previous !== member) throw this.#conflictError(name, value, previous);
      const fallback = this.#defaults.get(name);
      if (previous === undefined && fallback !== undefined && fallback !== member) {
        this.#warn(`Dimension "${name}" has already been added. The previous value will be overwritten.`);
      }
      keys.push(name);
      members.push(member);
    }
    if (keys.length === 0) return this;
    this.#checkSetSize(keys);
    keys.forEach((name, i) => {
      store.dimensions.set(name, members[i]);
      store.setKeys.add(name);
    });
    store.sets.push(keys);
    return this;
  }

  /**
   * Adds to the dimensions every metric of this instance gets, in every invocation. Call it at INIT.
   *
   * @example
   * metrics.setDefaultDimensions({ environment: 'prod' });
   */
  setDefaultDimensions(dimensions: Dimensions | undefined): this {
    const merged = new Map(this.#defaults);
    for (const [name, value] of Object.entries(dimensions ?? {})) {
      checkDimension(name, value);
      merged.set(name, dimensionMember(name, value));
    }
    if (merged.size > MAX_DIMENSIONS_PER_SET) {
      throw new MetricsValidationError(
        'default dimensions',
        [...merged.keys()].join(', '),
        `are ${merged.size}; a dimension set holds at most ${MAX_DIMENSIONS_PER_SET}`,
      );
    }
    const store = this.#peekStore();
    if (store !== undefined) {
      for (const name of merged.keys()) this.#checkNotMetric(store, 'dimension', name);
      for (const set of [store.mainKeys, ...store.sets]) this.#checkSetSize(set, undefined, merged);
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
    const store = this.#store();
    this.#checkNotMetric(store, 'metadata', key);
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new MetricsValidationError(`metadata "${key}"`, value, 'cannot be serialized to JSON', {
        cause: error,
      });
    }
    if (json === undefined)
      throw new MetricsValidationError(`metadata "${key}"`, value, 'is not a JSON value');
    const member = `,${JSON.stringify(key)}:${json}`;
    const previous = store.metadata.get(key);
    const bytes =
      store.metadataBytes -
      (previous === undefined ? 0 : Buffer.byteLength(previous)) +
      Buffer.byteLength(member);
    const limit = MAX_DOCUMENT_BYTES - RESERVED_DOCUMENT_BYTES;
    if (bytes > limit) {
      throw new MetricsValidationError(
        `metadata "${key}"`,
        bytes,
        `bytes of metadata would not fit an EMF document beside its metrics (at most ${limit})`,
      );
    }
    store.metadata.set(key, member);
    store.metadataBytes = bytes;
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
    this.#store().timestamp = toEmfTimestamp(timestamp, Date.now());
    return this;
  }

  /**
   * Writes this invocation's metrics to stdout as EMF documents (one `process.stdout.write` each),
   * then forgets them along with the invocation's dimensions and metadata. With no metrics it
   * warns, or throws a RangeError after `setThrowOnEmptyMetrics(true)`.
   *
   * @example
   * metrics.publishStoredMetrics();
   */
  publishStoredMetrics(): this {
    const store = this.#store();
    try {
      if (store.metrics.size === 0) {
        if (!this.#throwOnEmpty) this.#warn(EMPTY_METRICS_WARNING);
        else if (!this.#disabled) throw new RangeError(EMPTY_METRICS_ERROR);
      } else if (!this.#disabled) {
        if (this.#namespace === undefined && !this.#namespaceWarned) {
          this.#namespaceWarned = true;
          this.#warn(NAMESPACE_WARNING);
        }
        renderDocuments(this.#config, store, store.timestamp ?? Date.now(), writeStdout);
      }
    } finally {
      clearStoredMetrics(store);
      clearStoredDimensions(store);
      clearStoredMetadata(store);
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
    child.#namespaceWarned = true;
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
    clearStoredMetrics(this.#store());
  }

  /**
   * Forgets this invocation's dimensions and dimension sets (not the default dimensions).
   *
   * @example
   * metrics.clearDimensions();
   */
  clearDimensions(): void {
    clearStoredDimensions(this.#store());
  }

  /**
   * Forgets this invocation's metadata.
   *
   * @example
   * metrics.clearMetadata();
   */
  clearMetadata(): void {
    clearStoredMetadata(this.#store());
  }

  /**
   * True when this invocation has metrics waiting for a flush.
   *
   * @example
   * if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
   */
  hasStoredMetrics(): boolean {
    return this.#store().metrics.size > 0;
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
    const store = this.#store();
    if (store.metrics.size === 0 && this.#throwOnEmpty) throw new RangeError(EMPTY_METRICS_ERROR);
    let first: string | undefined;
    renderDocuments(this.#config, store, store.timestamp ?? Date.now(), (document) => {
      first ??= document;
    });
    return JSON.parse(first!);
  }

  #warn(message: string): void {
    if (this.#logger !== undefined) this.#logger.warn(message);
    else process.stderr.write(`${message}\n`);
  }

  /** The store of the invocation in progress; the last one is cached, as calls come in runs. */
  #store(): InvocationMetrics {
    const state = getInvocationState();
    return state === this.#lastState ? this.#lastStore! : this.#storeOf(state);
  }

  #peekStore(): InvocationMetrics | undefined {
    return (getInvocationState()[STORES_KEY] as Stores | undefined)?.get(this);
  }

  #storeOf(state: InvocationState): InvocationMetrics {
    let stores = state[STORES_KEY] as Stores | undefined;
    if (stores === undefined) {
      stores = new Map();
      state[STORES_KEY] = stores;
    }
    let store = stores.get(this);
    if (store === undefined) {
      store = this.#newStore(state);
      stores.set(this, store);
    }
    this.#lastState = state;
    this.#lastStore = store;
    return store;
  }

  /**
   * Metrics recorded outside any invocation (at INIT) sit in the process-wide slot; the first
   * invocation takes them over, so they are published with it instead of being lost.
   */
  #newStore(state: InvocationState): InvocationMetrics {
    if (state.requestId === undefined && state === sharedState().single) {
      const store = newInvocationMetrics();
      this.#init = { state, store };
      return store;
    }
    const init = this.#init;
    if (init === undefined || init.state === state) return newInvocationMetrics();
    this.#init = undefined;
    (init.state[STORES_KEY] as Stores | undefined)?.delete(this);
    return hasContent(init.store) ? init.store : newInvocationMetrics();
  }

  #shapeFor(name: string, unit: MetricUnit, resolution: MetricResolution): MetricShape {
    const cached = this.#shapes.get(name);
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
    if (this.#shapes.size < SHAPE_CACHE_LIMIT || cached !== undefined) this.#shapes.set(name, shape);
    return shape;
  }

  /** A metric's value is one top-level member: no dimension or metadata may have its name. */
  #checkFreeForMetric(store: InvocationMetrics, name: string): void {
    const taken = store.dimensions.has(name) || this.#defaults.has(name) ? 'a dimension' : undefined;
    const kind = taken ?? (store.metadata.has(name) ? 'a metadata key' : undefined);
    if (kind !== undefined) {
      throw new MetricsValidationError(
        'metric name',
        name,
        `is already ${kind}; one top-level member cannot be both`,
      );
    }
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

  /** A dimension set is the default dimensions plus its own; at most 30 names in all. */
  #checkSetSize(
    keys: readonly string[],
    extra?: string,
    defaults: Map<string, string> = this.#defaults,
  ): void {
    let size = defaults.size;
    for (const key of keys) if (!defaults.has(key)) size++;
    if (extra !== undefined && !defaults.has(extra) && !keys.includes(extra)) size++;
    if (size > MAX_DIMENSIONS_PER_SET) {
      throw new MetricsValidationError(
        'dimension set',
        [...defaults.keys(), ...keys, ...(extra === undefined ? [] : [extra])].join(', '),
        `has ${size} dimensions with the defaults; at most ${MAX_DIMENSIONS_PER_SET} are allowed`,
      );
    }
  }

  #conflictError(name: string, value: string, previousMember: string): MetricsValidationError {
    return new MetricsValidationError(
      `dimension "${name}"`,
      value,
      `conflicts with the value ${JSON.stringify(memberValue(previousMember, name))} a dimension set of this invocation already gave it; a document holds one value per dimension`,
    );
  }

  #mismatchError(shape: MetricShape, unit: unknown, resolution: unknown): MetricsValidationError {
    if (shape.unit !== unit) {
      return new MetricsValidationError(
        `metric "${shape.name}"`,
        unit,
        `is not the unit "${shape.unit}" it was first added with in this invocation; one metric has one unit`,
      );
    }
    return new MetricsValidationError(
      `metric "${shape.name}"`,
      resolution,
      `is not the storage resolution ${shape.resolution} it was first added with in this invocation`,
    );
  }
}
