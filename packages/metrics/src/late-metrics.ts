import { abandonedWarning, LATE_WITHOUT_METRICS_WARNING, lateWarning } from './constants.js';
import { hasContent, type InvocationMetrics, newInvocationMetrics } from './invocation-metrics.js';
import type { MetricsWarn, MetricsWarningCode } from './settings.js';

/** Says a warning once per instance (and its singleMetric() children), by its code. */
export type SayOnce = (code: MetricsWarningCode, message: string) => void;

/**
 * What was added to invocations that can no longer publish it, kept for the next flush of the same
 * Metrics (of any invocation): metrics that work the handler did not await added after logMetrics
 * flushed their invocation, and what an invocation still held when the next one replaced it.
 *
 * @example
 * const late = new LateMetrics(sayOnce);
 * const store = late.storeFor('Metric "latency"');
 */
export class LateMetrics {
  #store: InvocationMetrics | undefined;
  readonly #sayOnce: SayOnce;

  constructor(sayOnce: SayOnce) {
    this.#sayOnce = sayOnce;
  }

  /** The store for what is added to an invocation logMetrics already flushed; says so the first time. */
  storeFor(what: string): InvocationMetrics {
    this.#sayOnce('METRICS_LATE_METRIC', lateWarning(what));
    return (this.#store ??= newInvocationMetrics());
  }

  /**
   * Keeps what an invocation held when the next one replaced it without a flush in between (no
   * logMetrics; work that outlived a manual flush, or no flush at all) for the next flush. When
   * leftovers are already waiting, the new ones are dropped, and that is said once.
   */
  keepAbandoned(store: InvocationMetrics): void {
    const names = [...store.metrics.keys()];
    if (this.#store === undefined || !hasContent(this.#store)) {
      this.#store = store;
      if (names.length > 0) this.#sayOnce('METRICS_ABANDONED', abandonedWarning(names, false));
    } else {
      this.#sayOnce('METRICS_ABANDONED_DROPPED', abandonedWarning(names, true));
    }
  }

  /** True when late metrics wait for the next flush. */
  hasMetrics(): boolean {
    return this.#store !== undefined && this.#store.metrics.size > 0;
  }

  /**
   * Hands what waits to a flush and forgets it. Dimensions or metadata with no metric cannot be
   * published: `warn` says so.
   */
  take(warn: MetricsWarn): InvocationMetrics | undefined {
    const store = this.#store;
    this.#store = undefined;
    if (store === undefined) return undefined;
    if (store.metrics.size === 0) {
      if (hasContent(store)) warn('METRICS_LATE_WITHOUT_METRICS', LATE_WITHOUT_METRICS_WARNING);
      return undefined;
    }
    return store;
  }

  /** What clear* acts on: in work that outlived its flushed invocation, what that work added late. */
  clearable(current: InvocationMetrics): InvocationMetrics {
    return current.ended && this.#store !== undefined ? this.#store : current;
  }
}
