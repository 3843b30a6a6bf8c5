import { getInvocationState, type InvocationState, sharedState } from '@lambkit/core';
import type { DimensionEntry } from './dimension-entry.js';
import type { MetricShape } from './metric-shape.js';

/** One metric of the invocation: its shape and its values (most metrics have a single value). */
export interface StoredMetric {
  shape: MetricShape;
  first: number;
  rest: number[] | undefined;
}

/**
 * The metrics, dimensions, metadata and timestamp of one invocation for one Metrics instance. It
 * lives on the invocation's state (@lambkit/core), so invocations running side by side in one
 * process (Lambda Managed Instances) never see each other's. What few invocations use (dimension
 * sets, metadata) is created on first use.
 */
export interface InvocationMetrics {
  metrics: Map<string, StoredMetric>;
  /** The most values any one metric holds; above 100 the flush splits documents. */
  mostValues: number;
  /** Per-invocation dimensions (of addDimension and addDimensions) by name. */
  dimensions: Map<string, DimensionEntry>;
  /** The dimension set of addDimension, in order of first addition. */
  mainKeys: string[];
  /** The dimension sets of addDimensions. */
  sets: string[][] | undefined;
  /** Names used by the sets of addDimensions (their values cannot change afterwards). */
  setKeys: Set<string> | undefined;
  /** Metadata by key: the serialized member `,"key":<json>`. */
  metadata: Map<string, string> | undefined;
  metadataBytes: number;
  timestamp: number | undefined;
  /**
   * Set by logMetrics once it has flushed the invocation: what is added afterwards (by work the
   * handler did not await) would never be flushed from here, so it goes to the next flush instead.
   */
  ended: boolean;
}

/**
 * An empty store.
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
    sets: undefined,
    setKeys: undefined,
    metadata: undefined,
    metadataBytes: 0,
    timestamp: undefined,
    ended: false,
  };
}

/**
 * Forgets the stored metrics and the timestamp.
 *
 * @example
 * clearStoredMetrics(store);
 */
export function clearStoredMetrics(store: InvocationMetrics): void {
  // A new Map: refilling a cleared one costs about 3 times as much in V8 (bench/).
  if (store.metrics.size > 0) store.metrics = new Map();
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
  if (store.dimensions.size === 0) return;
  store.dimensions = new Map();
  store.mainKeys.length = 0;
  store.sets = undefined;
  store.setKeys = undefined;
}

/**
 * Forgets the metadata.
 *
 * @example
 * clearStoredMetadata(store);
 */
export function clearStoredMetadata(store: InvocationMetrics): void {
  store.metadata = undefined;
  store.metadataBytes = 0;
}

/**
 * True when the store holds anything a flush would publish or drop.
 *
 * @example
 * if (hasContent(store)) publish(store);
 */
export function hasContent(store: InvocationMetrics): boolean {
  return store.metrics.size > 0 || store.dimensions.size > 0 || store.metadata !== undefined;
}

const STORES_KEY = Symbol.for('@lambkit/metrics.stores');

/** The stores of each Metrics instance, for logMetrics and the decorator, which only hold the instance. */
const storesByOwner = new WeakMap<object, InvocationStores>();

/**
 * Marks the invocation in progress for `metrics` as ended after logMetrics' flush, so that what
 * work the handler did not await adds afterwards is published with the next flush, not lost; or
 * as open again in logMetrics' `before` (a retry that reuses the request id, and so the state, of
 * the previous invocation is a new invocation, not late work).
 *
 * @example
 * markEnded(metrics, true);
 */
export function markEnded(metrics: object, ended: boolean): void {
  const stores = storesByOwner.get(metrics);
  if (stores !== undefined) stores.current().ended = ended;
}

type Stores = Map<object, InvocationMetrics>;

interface SlotStore {
  state: InvocationState;
  store: InvocationMetrics;
}

/**
 * Finds the store of the invocation in progress for one Metrics instance (its owner). The stores of
 * an invocation sit on its state under one registered symbol, one per owner.
 *
 * @example
 * const stores = new InvocationStores(this, (store) => keepForNextFlush(store));
 * stores.current().metrics.size;
 */
export class InvocationStores {
  readonly #owner: object;
  readonly #onAbandoned: (store: InvocationMetrics) => void;
  #lastState: InvocationState | undefined;
  #lastStore: InvocationMetrics | undefined;
  #init: SlotStore | undefined;
  /** The store of the process-wide slot's invocation, checked for leftovers when a new invocation replaces it. */
  #slot: SlotStore | undefined;

  /** `onAbandoned` receives a store with content whose invocation ended without a flush. */
  constructor(owner: object, onAbandoned: (store: InvocationMetrics) => void) {
    this.#owner = owner;
    this.#onAbandoned = onAbandoned;
    storesByOwner.set(owner, this);
  }

  /** The store of the invocation in progress, created on first use; calls come in runs, so the last one is cached. */
  current(): InvocationMetrics {
    const state = getInvocationState();
    return state === this.#lastState && this.#lastStore !== undefined
      ? this.#lastStore
      : this.#storeOf(state);
  }

  /** The store of the invocation in progress if it has one, without creating it. */
  peek(): InvocationMetrics | undefined {
    return (getInvocationState()[STORES_KEY] as Stores | undefined)?.get(this.#owner);
  }

  /**
   * Forgets the store of the invocation in progress. A Metrics made for one metric (singleMetric)
   * calls it after each flush, so that a long-lived state does not keep such instances alive.
   */
  release(): void {
    const state = getInvocationState();
    (state[STORES_KEY] as Stores | undefined)?.delete(this.#owner);
    if (state === this.#lastState) {
      this.#lastState = undefined;
      this.#lastStore = undefined;
    }
  }

  #storeOf(state: InvocationState): InvocationMetrics {
    let stores = state[STORES_KEY] as Stores | undefined;
    if (stores === undefined) {
      stores = new Map();
      state[STORES_KEY] = stores;
    }
    let store = stores.get(this.#owner);
    if (store === undefined) {
      store = this.#newStore(state);
      stores.set(this.#owner, store);
    }
    this.#lastState = state;
    this.#lastStore = store;
    return store;
  }

  /**
   * Metrics recorded outside any invocation (at INIT) sit in the process-wide slot; the first
   * invocation takes them over, so they are published with it instead of being lost. When a new
   * invocation replaces the slot's, what the old one still holds (added after its last flush, or
   * never flushed) can no longer be reached: it is handed to `onAbandoned`.
   */
  #newStore(state: InvocationState): InvocationMetrics {
    const slot = sharedState().single;
    const previous = this.#slot;
    let reusable: InvocationMetrics | undefined;
    if (previous !== undefined && previous.state !== slot) {
      this.#slot = undefined;
      if (previous !== this.#init) {
        if (hasContent(previous.store)) this.#onAbandoned(previous.store);
        else reusable = this.#detach(previous);
      }
    }
    let store: InvocationMetrics;
    const init = this.#init;
    if (state.requestId === undefined && state === slot) {
      store = newInvocationMetrics();
      this.#init = { state, store };
    } else if (init === undefined) {
      store = reusable ?? newInvocationMetrics();
    } else {
      this.#init = undefined;
      (init.state[STORES_KEY] as Stores | undefined)?.delete(this.#owner);
      store = hasContent(init.store) ? init.store : newInvocationMetrics();
    }
    if (state === slot) this.#slot = this.#init?.store === store ? this.#init : { state, store };
    return store;
  }

  /**
   * Takes the flushed, empty store of an invocation the process-wide slot no longer holds, for the
   * next invocation: in the classic one-at-a-time model no code can reach the old invocation's state
   * again, and reusing its store saves two Maps and an array per invocation (~10 % of a warm
   * logger + metrics invocation, bench/scenarios/product.bench.mjs).
   */
  #detach(previous: SlotStore): InvocationMetrics {
    (previous.state[STORES_KEY] as Stores | undefined)?.delete(this.#owner);
    const store = previous.store;
    store.ended = false;
    store.timestamp = undefined;
    return store;
  }
}
