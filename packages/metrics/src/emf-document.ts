import {
  MAX_DOCUMENT_BYTES,
  MAX_METRICS_PER_DOCUMENT,
  MAX_VALUES_PER_METRIC,
  RESERVED_DOCUMENT_BYTES,
} from './constants.js';
import type { DimensionEntry } from './dimension-entry.js';
import { MetricsValidationError } from './errors.js';
import type { InvocationMetrics, StoredMetric } from './invocation-metrics.js';

/**
 * A directive already written, with its dimension members: `,"CloudWatchMetrics":[..]}` up to the
 * metric values. `key` holds the metric shapes, then the dimension entries, it was built from.
 */
interface CachedDirective {
  readonly key: readonly unknown[];
  readonly text: string;
}

/**
 * Directives kept per configuration. Invocations usually add the same metrics under the same
 * dimensions, so the directive of the last few documents is reused as one flat string: writing a
 * string built by concatenation makes V8 flatten it, at about 35 ns per piece (bench/), which would
 * cost more than the rest of the flush. bench/budgets.mjs holds the cached flush to 0.9x the other.
 */
const CACHED_DIRECTIVES = 16;

/**
 * The parts of every document a Metrics instance writes that only change with its configuration,
 * serialized when the configuration changes (at INIT) instead of on every flush.
 */
export interface DocumentConfig {
  /** `,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":` */
  readonly afterTimestamp: string;
  /** The default dimensions by name. */
  readonly defaults: ReadonlyMap<string, DimensionEntry>;
  /** `"service","env"`: the default dimension names, which open every dimension set. */
  readonly defaultNames: string;
  /** The members of the default dimensions, concatenated. */
  readonly defaultMembers: string;
  /** The directives of recent documents without metadata or dimension sets. */
  readonly directives: CachedDirective[];
}

/**
 * Serializes the per-instance parts of a document.
 *
 * @example
 * const config = buildDocumentConfig('shop', defaults);
 */
export function buildDocumentConfig(
  namespace: string,
  defaults: ReadonlyMap<string, DimensionEntry>,
): DocumentConfig {
  let defaultNames = '';
  let defaultMembers = '';
  for (const entry of defaults.values()) {
    defaultNames += defaultNames === '' ? entry.quoted : `,${entry.quoted}`;
    defaultMembers += entry.member;
  }
  return {
    afterTimestamp: `,"CloudWatchMetrics":[{"Namespace":${JSON.stringify(namespace)},"Dimensions":`,
    defaults,
    defaultNames,
    defaultMembers,
    directives: [],
  };
}

/** A dimension set: the default names, then `keys` that are not defaults. */
function dimensionSet(config: DocumentConfig, keys: readonly string[]): string {
  let names = config.defaultNames;
  for (const key of keys) {
    if (!config.defaults.has(key)) names += (names === '' ? '' : ',') + JSON.stringify(key);
  }
  return `[${names}]`;
}

/** The Dimensions array: the addDimension set, then each addDimensions set, each led by the defaults. */
function dimensionSets(config: DocumentConfig, store: InvocationMetrics): string {
  // An empty set is allowed and keeps Dimensions non-empty, as the schema requires.
  if (store.dimensions.size === 0) return `[[${config.defaultNames}]]`;
  const sets = store.mainKeys.length > 0 ? [store.mainKeys, ...(store.sets ?? [])] : (store.sets ?? []);
  return `[${sets.map((keys) => dimensionSet(config, keys)).join(',')}]`;
}

/** Metadata, then default dimensions (a per-invocation value wins), then per-invocation dimensions. */
function fixedMembers(config: DocumentConfig, store: InvocationMetrics): string {
  const dimensions = store.dimensions;
  let out = '';
  for (const [key, member] of store.metadata ?? []) {
    // A dimension and a metadata key cannot share the one top-level member; the dimension wins.
    if (!dimensions.has(key) && !config.defaults.has(key)) out += member;
  }
  if (dimensions.size === 0) return out + config.defaultMembers;
  for (const [name, entry] of config.defaults) out += (dimensions.get(name) ?? entry).member;
  for (const [name, entry] of dimensions) if (!config.defaults.has(name)) out += entry.member;
  return out;
}

/** Values `from` to `to` (excluded) of a metric: one number, or an array of them. */
function valuesText(metric: StoredMetric, from: number, to: number): string {
  const values = metric.rest === undefined ? [metric.first] : [metric.first, ...metric.rest];
  return to - from === 1 ? String(values[from]) : `[${values.slice(from, to).join(',')}]`;
}

/** The metric members: `,"name":1,"other":[1,2]`. */
function metricValues(store: InvocationMetrics): string {
  let members = '';
  for (const metric of store.metrics.values()) {
    members +=
      metric.shape.member +
      (metric.rest === undefined ? metric.first : `[${metric.first},${metric.rest.join(',')}]`);
  }
  return members;
}

/**
 * Writes the invocation's metrics as EMF documents through `emit`, one string per document ending
 * in a newline. One document when it fits (at most 100 metrics, 100 values per metric, 1,000,000
 * bytes); otherwise as many as needed, each repeating the dimensions and metadata, so that no
 * value is dropped.
 *
 * @example
 * renderDocuments(config, store, Date.now(), (doc) => process.stdout.write(doc));
 */
export function renderDocuments(
  config: DocumentConfig,
  store: InvocationMetrics,
  timestamp: number,
  emit: (document: string) => void,
): void {
  if (store.metrics.size <= MAX_METRICS_PER_DOCUMENT && store.mostValues <= MAX_VALUES_PER_METRIC) {
    const document = `{"_aws":{"Timestamp":${timestamp}${directive(config, store)}${metricValues(store)}}\n`;
    // A UTF-8 byte is at most 3 per UTF-16 unit: only long documents need counting.
    if (document.length * 3 <= MAX_DOCUMENT_BYTES || Buffer.byteLength(document) <= MAX_DOCUMENT_BYTES) {
      emit(document);
      return;
    }
  }
  const head = `{"_aws":{"Timestamp":${timestamp}${config.afterTimestamp}${dimensionSets(config, store)},"Metrics":[`;
  renderSplit(head, `]}]}${fixedMembers(config, store)}`, [...store.metrics.values()], emit);
}

/** Everything between the timestamp and the metric values, from the cache when it can be. */
function directive(config: DocumentConfig, store: InvocationMetrics): string {
  // Metadata and dimension sets are rare, and would need their own key: not cached.
  const cacheable = store.metadata === undefined && store.sets === undefined;
  if (cacheable) {
    for (const cached of config.directives) if (isKeyOf(cached.key, store)) return cached.text;
  }
  let definitions = '';
  for (const metric of store.metrics.values()) {
    definitions += definitions === '' ? metric.shape.definition : `,${metric.shape.definition}`;
  }
  const text = `${config.afterTimestamp}${dimensionSets(config, store)},"Metrics":[${definitions}]}]}${fixedMembers(config, store)}`;
  if (cacheable && config.directives.length < CACHED_DIRECTIVES) {
    // Reading a character flattens the string in place, once, instead of at every write.
    text.charCodeAt(0);
    const key: unknown[] = [];
    for (const metric of store.metrics.values()) key.push(metric.shape);
    config.directives.push({ key: [...key, ...store.dimensions.values()], text });
  }
  return text;
}

/** True when `key` lists the store's metric shapes, then its dimension entries, in order. */
function isKeyOf(key: readonly unknown[], store: InvocationMetrics): boolean {
  if (key.length !== store.metrics.size + store.dimensions.size) return false;
  let i = 0;
  for (const metric of store.metrics.values()) if (metric.shape !== key[i++]) return false;
  for (const entry of store.dimensions.values()) if (entry !== key[i++]) return false;
  return true;
}

/**
 * Splits the metrics over documents: each round takes the next 100 values of every metric with
 * values left, packed into documents of at most 100 metrics and 1,000,000 bytes. A metric appears
 * at most once per document, since its values are one top-level member.
 */
function renderSplit(head: string, middle: string, metrics: StoredMetric[], emit: (d: string) => void): void {
  const baseBytes = Buffer.byteLength(head) + Buffer.byteLength(middle) + 2;
  if (baseBytes > MAX_DOCUMENT_BYTES - RESERVED_DOCUMENT_BYTES) {
    // Dimensions and metadata repeat in every document, so they cannot be split.
    throw new MetricsValidationError(
      'dimensions and metadata',
      baseBytes,
      `bytes leave no room for metrics in an EMF document (at most ${MAX_DOCUMENT_BYTES - RESERVED_DOCUMENT_BYTES} bytes)`,
    );
  }
  let definitions = '';
  let members = '';
  let count = 0;
  let bytes = baseBytes;
  const flush = (): void => {
    emit(`${head}${definitions}${middle}${members}}\n`);
    definitions = '';
    members = '';
    count = 0;
    bytes = baseBytes;
  };
  for (let from = 0, more = true; more; from += MAX_VALUES_PER_METRIC) {
    more = false;
    for (const metric of metrics) {
      const total = 1 + (metric.rest?.length ?? 0);
      if (from >= total) continue;
      const to = Math.min(total, from + MAX_VALUES_PER_METRIC);
      const { definition, member } = metric.shape;
      const values = valuesText(metric, from, to);
      const size = Buffer.byteLength(definition) + Buffer.byteLength(member) + 1 + values.length;
      if (count > 0 && (count === MAX_METRICS_PER_DOCUMENT || bytes + size > MAX_DOCUMENT_BYTES)) flush();
      definitions += count === 0 ? definition : `,${definition}`;
      members += member + values;
      count++;
      bytes += size;
      if (to < total) more = true;
    }
    if (count > 0) flush();
  }
}
