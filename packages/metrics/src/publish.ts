import {
  DISABLED_WARNING,
  EMPTY_METRICS_ERROR,
  EMPTY_METRICS_WARNING,
  NAMESPACE_WARNING,
  publishFailureWarning,
} from './constants.js';
import { type DocumentConfig, renderDocuments } from './emf-document.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import { keySource } from './member-names.js';
import { type MetricsWarningCode, warnTo } from './settings.js';
import type { EmfOutput, MetricsLogger } from './types.js';

function writeStdout(document: string): void {
  process.stdout.write(document);
}

/**
 * How a Metrics instance publishes: its document configuration, its output settings and the
 * warnings it says once. A singleMetric() child gets a copy that shares what was said, so neither
 * repeats nor hides a warning.
 *
 * @example
 * const publisher = new Publisher(config, namespace, disabledFromEnv(), logger);
 * publisher.publish(store, undefined);
 */
export class Publisher {
  config: DocumentConfig;
  namespace: string | undefined;
  disabled: boolean;
  logger: MetricsLogger | undefined;
  throwOnEmpty = false;
  /** The codes of the warnings said once, and `<code><key>` for those said once per key. */
  said = new Set<string>();

  constructor(
    config: DocumentConfig,
    namespace: string | undefined,
    disabled: boolean,
    logger: MetricsLogger | undefined,
  ) {
    this.config = config;
    this.namespace = namespace;
    this.disabled = disabled;
    this.logger = logger;
  }

  /** A copy for a singleMetric() child, sharing what was said. */
  copy(): Publisher {
    const copy = new Publisher(this.config, this.namespace, this.disabled, this.logger);
    copy.throwOnEmpty = this.throwOnEmpty;
    copy.said = this.said;
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
      this.sayOnce('METRICS_DISABLED', DISABLED_WARNING);
    } else {
      if (this.namespace === undefined) this.sayOnce('METRICS_NO_NAMESPACE', NAMESPACE_WARNING);
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

  /** Gives a warning the first time only; `key` makes it once per key instead. */
  sayOnce(code: MetricsWarningCode, message: string, key = ''): void {
    if (this.said.has(code + key)) return;
    this.said.add(code + key);
    this.warn(code, message);
  }

  readonly warn = (code: MetricsWarningCode, message: string): void => warnTo(this.logger, code, message);

  /** Writes one store's documents; a failure (a closed stdout, documents that cannot be built) is reported, not thrown into the handler. */
  #write(store: InvocationMetrics): void {
    // A metadata key that is also a dimension cannot be written twice in one document: the
    // dimension is kept (it is what CloudWatch aggregates by) and the metadata dropped, never silently.
    for (const key of store.metadata?.keys() ?? []) {
      const source = keySource(store, this.config.defaults, key);
      if (source === 'metadata') continue;
      this.sayOnce(
        'METRICS_METADATA_IS_DIMENSION',
        `EMF key "${key}" is defined as both a metadata and ${source}; the ${source} value will take precedence in the serialized output`,
        key,
      );
    }
    try {
      renderDocuments(this.config, store, store.timestamp ?? Date.now(), writeStdout);
    } catch (error) {
      this.warn('METRICS_PUBLISH_FAILED', publishFailureWarning([...store.metrics.keys()], error));
    }
  }
}
