import {
  DISABLED_WARNING,
  EMPTY_METRICS_ERROR,
  EMPTY_METRICS_WARNING,
  NAMESPACE_WARNING,
  publishFailureWarning,
} from './constants.js';
import { type DocumentConfig, renderDocuments } from './emf-document.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import type { Notices } from './late-metrics.js';
import { type MetricsWarningCode, warnTo } from './settings.js';
import type { EmfOutput, MetricsLogger } from './types.js';

/** The code of each warning said once per instance. */
const NOTICE_CODES: Readonly<Record<keyof Notices, MetricsWarningCode>> = {
  namespace: 'METRICS_NO_NAMESPACE',
  disabled: 'METRICS_DISABLED',
  late: 'METRICS_LATE_METRIC',
  abandoned: 'METRICS_ABANDONED',
  dropped: 'METRICS_ABANDONED_DROPPED',
  resolution: 'METRICS_RESOLUTION_IGNORED',
};

function writeStdout(document: string): void {
  process.stdout.write(document);
}

/**
 * How a Metrics instance publishes: its document configuration, its output settings and the
 * warnings it says once. A singleMetric() child gets a copy that shares the notices, so neither
 * repeats nor hides a warning.
 *
 * @example
 * const publisher = new Publisher(config, namespace, disabledFromEnv(), logger, newNotices());
 * publisher.publish(store, undefined);
 */
export class Publisher {
  config: DocumentConfig;
  namespace: string | undefined;
  disabled: boolean;
  logger: MetricsLogger | undefined;
  notices: Notices;
  throwOnEmpty = false;
  /** Keys already reported as both metadata and a dimension, shared like the notices. */
  readonly #collisions: Set<string>;

  constructor(
    config: DocumentConfig,
    namespace: string | undefined,
    disabled: boolean,
    logger: MetricsLogger | undefined,
    notices: Notices,
    collisions = new Set<string>(),
  ) {
    this.config = config;
    this.namespace = namespace;
    this.disabled = disabled;
    this.logger = logger;
    this.notices = notices;
    this.#collisions = collisions;
  }

  /** A copy for a singleMetric() child, sharing the notices. */
  copy(): Publisher {
    const copy = new Publisher(
      this.config,
      this.namespace,
      this.disabled,
      this.logger,
      this.notices,
      this.#collisions,
    );
    copy.throwOnEmpty = this.throwOnEmpty;
    return copy;
  }

  /**
   * Writes the late store's documents, then the invocation's; with neither, warns (or throws after
   * setThrowOnEmptyMetrics(true)). Disabled, it writes nothing and says so once.
   */
  publish(store: InvocationMetrics, late: InvocationMetrics | undefined): void {
    if (store.metrics.size === 0 && late === undefined) {
      if (!this.throwOnEmpty) this.warn('METRICS_EMPTY_FLUSH', EMPTY_METRICS_WARNING);
      else if (!this.disabled) throw new RangeError(EMPTY_METRICS_ERROR);
    } else if (this.disabled) {
      this.sayOnce('disabled', DISABLED_WARNING);
    } else {
      if (this.namespace === undefined) this.sayOnce('namespace', NAMESPACE_WARNING);
      if (late !== undefined) this.#write(late);
      if (store.metrics.size > 0) this.#write(store);
    }
  }

  /** The first document a flush of `store` would write, parsed. */
  serialize(store: InvocationMetrics): EmfOutput {
    if (store.metrics.size === 0 && this.throwOnEmpty) throw new RangeError(EMPTY_METRICS_ERROR);
    // renderDocuments writes at least one document, even for an empty store; none is ''.
    let first = '';
    renderDocuments(this.config, store, store.timestamp ?? Date.now(), (document) => {
      if (first === '') first = document;
    });
    return JSON.parse(first);
  }

  sayOnce(notice: keyof Notices, message: string): void {
    if (this.notices[notice]) return;
    this.notices[notice] = true;
    this.warn(NOTICE_CODES[notice], message);
  }

  readonly warn = (code: MetricsWarningCode, message: string): void => warnTo(this.logger, code, message);

  /** Writes one store's documents; a failure (a closed stdout, documents that cannot be built) is reported, not thrown into the handler. */
  #write(store: InvocationMetrics): void {
    if (store.metadata !== undefined) this.#warnCollisions(store, store.metadata);
    try {
      renderDocuments(this.config, store, store.timestamp ?? Date.now(), writeStdout);
    } catch (error) {
      this.warn('METRICS_PUBLISH_FAILED', publishFailureWarning([...store.metrics.keys()], error));
    }
  }

  /**
   * A metadata key that is also a dimension cannot be written twice in one document: the dimension
   * is kept (it is what CloudWatch aggregates by) and the metadata dropped. Said once per key, in
   * Powertools' words, so the drop is never silent.
   */
  #warnCollisions(store: InvocationMetrics, metadata: NonNullable<InvocationMetrics['metadata']>): void {
    for (const key of metadata.keys()) {
      const source = dimensionSource(this.config, store, key);
      if (source === undefined || this.#collisions.has(key)) continue;
      this.#collisions.add(key);
      this.warn(
        'METRICS_METADATA_IS_DIMENSION',
        `EMF key "${key}" is defined as both a metadata and ${source}; the ${source} value will take precedence in the serialized output`,
      );
    }
  }
}

function dimensionSource(config: DocumentConfig, store: InvocationMetrics, key: string): string | undefined {
  if (store.dimensions.has(key)) return store.mainKeys.includes(key) ? 'dimension' : 'dimension set';
  return config.defaults.has(key) ? 'default dimension' : undefined;
}
