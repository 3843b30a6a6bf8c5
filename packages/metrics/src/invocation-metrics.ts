import type { MetricResolution, MetricUnit } from './constants.js';

/**
 * What one metric name looks like in a document, serialized once and cached on the Metrics
 * instance: its entry in the directive's Metrics array and the start of its target member.
 */
export interface MetricShape {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly resolution: MetricResolution;
  /** `{"Name":"latency","Unit":"Milliseconds"}`, with `"StorageResolution":1` when high. */
  readonly definition: string;
  /** `,"latency":` */
  readonly member: string;
}

/** One metric of the invocation: its shape and its values (most metrics have a single value). */
export interface StoredMetric {
  shape: MetricShape;
  first: number;
  rest: number[] | undefined;
}

/**
 * The metrics, dimensions, metadata and timestamp of one invocation for one Metrics instance. It
 * lives on the invocation's state (@lambkit/core), so invocations running side by side in one
 * process (Lambda Managed Instances) never see each other's.
 */
export interface InvocationMetrics {
  metrics: Map<string, StoredMetric>;
  /** The most values any one metric holds; above 100 the flush splits documents. */
  mostValues: number;
  /** Per-invocation dimensions by name: the serialized member `,"name":"value"`. */
  dimensions: Map<string, string>;
  /** The dimension set of addDimension, in order of first addition. */
  mainKeys: string[];
  /** The dimension sets of addDimensions. */
  sets: string[][];
  /** Names used by the sets of addDimensions (their values cannot change afterwards). */
  setKeys: Set<string>;
  /** Metadata by key: the serialized member `,"key":<json>`. */
  metadata: Map<string, string>;
  metadataBytes: number;
  timestamp: number | undefined;
}

/**
 * A fresh, empty store.
 *
 * @example
 * const store = newInvocationMetrics();
 */
export function newInvocationMetrics(): InvocationMetrics {
  return {
    metrics: new Map(),
    mostValues: 0,
    dimensions: new Map(),
    mainKeys: [],
    sets: [],
    setKeys: new Set(),
    metadata: new Map(),
    metadataBytes: 0,
    timestamp: undefined,
  };
}

/**
 * Forgets the stored metrics and the timestamp.
 *
 * @example
 * clearStoredMetrics(store);
 */
export function clearStoredMetrics(store: InvocationMetrics): void {
  if (store.metrics.size > 0) store.metrics.clear();
  store.mostValues = 0;
  store.timestamp = undefined;
}

/**
 * Forgets the per-invocation dimensions and dimension sets.
 *
 * @example
 * clearStoredDimensions(store);
 */
export function clearStoredDimensions(store: InvocationMetrics): void {
  if (store.dimensions.size === 0 && store.sets.length === 0) return;
  store.dimensions.clear();
  store.mainKeys.length = 0;
  store.sets.length = 0;
  store.setKeys.clear();
}

/**
 * Forgets the metadata.
 *
 * @example
 * clearStoredMetadata(store);
 */
export function clearStoredMetadata(store: InvocationMetrics): void {
  if (store.metadata.size > 0) store.metadata.clear();
  store.metadataBytes = 0;
}

/**
 * True when the store holds anything a flush would publish or attach.
 *
 * @example
 * if (hasContent(store)) adopt(store);
 */
export function hasContent(store: InvocationMetrics): boolean {
  return (
    store.metrics.size > 0 || store.dimensions.size > 0 || store.sets.length > 0 || store.metadata.size > 0
  );
}
