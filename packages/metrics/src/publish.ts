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

/**
 * How a Metrics instance publishes: its document configuration, its output settings and the
 * warnings it has said once. A singleMetric() child gets a copy (`{ ...output }`) that shares
 * `said`, so neither repeats nor hides a warning.
 */
export interface Output {
  config: DocumentConfig;
  readonly namespace: string | undefined;
  readonly disabled: boolean;
  readonly logger: MetricsLogger | undefined;
  throwOnEmpty: boolean;
  /** The codes of the warnings said once, and `<code><key>` for those said once per key. */
  readonly said: Set<string>;
}

function writeStdout(document: string): void {
  process.stdout.write(document);
}

/**
 * Writes the late store's documents, then the invocation's; with neither, warns (or throws after
 * setThrowOnEmptyMetrics(true)). Disabled, it writes nothing and says so once.
 *
 * @example
 * publish(output, store, undefined);
 */
export function publish(out: Output, store: InvocationMetrics, late: InvocationMetrics | undefined): void {
  if (store.metrics.size === 0 && late === undefined) {
    if (!out.throwOnEmpty) warnTo(out.logger, 'METRICS_EMPTY_FLUSH', EMPTY_METRICS_WARNING);
    else if (!out.disabled) throw new RangeError(EMPTY_METRICS_ERROR);
  } else if (out.disabled) {
    sayOnce(out, 'METRICS_DISABLED', DISABLED_WARNING);
  } else {
    if (out.namespace === undefined) sayOnce(out, 'METRICS_NO_NAMESPACE', NAMESPACE_WARNING);
    if (late !== undefined) write(out, late);
    if (store.metrics.size > 0) write(out, store);
  }
}

/**
 * The first document a flush of `store` would write, parsed.
 *
 * @example
 * serialize(output, store)._aws.CloudWatchMetrics[0].Namespace;
 */
export function serialize(out: Output, store: InvocationMetrics): EmfOutput {
  if (store.metrics.size === 0 && out.throwOnEmpty) throw new RangeError(EMPTY_METRICS_ERROR);
  // renderDocuments writes at least one document, even for an empty store; none is ''.
  let first = '';
  renderDocuments(out.config, store, store.timestamp ?? Date.now(), (document) => {
    if (first === '') first = document;
  });
  return JSON.parse(first);
}

/**
 * Gives a warning the first time only; `key` makes it once per key instead.
 *
 * @example
 * sayOnce(output, 'METRICS_NO_NAMESPACE', NAMESPACE_WARNING);
 */
export function sayOnce(out: Output, code: MetricsWarningCode, message: string, key = ''): void {
  if (out.said.has(code + key)) return;
  out.said.add(code + key);
  warnTo(out.logger, code, message);
}

/** Writes one store's documents; a failure (a closed stdout, documents that cannot be built) is reported, not thrown into the handler. */
function write(out: Output, store: InvocationMetrics): void {
  // A metadata key that is also a dimension cannot be written twice in one document: the
  // dimension is kept (it is what CloudWatch aggregates by) and the metadata dropped, never silently.
  for (const key of store.metadata?.keys() ?? []) {
    const source = keySource(store, out.config.defaults, key);
    if (source === 'metadata') continue;
    sayOnce(
      out,
      'METRICS_METADATA_IS_DIMENSION',
      `EMF key "${key}" is defined as both a metadata and ${source}; the ${source} value will take precedence in the serialized output`,
      key,
    );
  }
  try {
    renderDocuments(out.config, store, store.timestamp ?? Date.now(), writeStdout);
  } catch (error) {
    warnTo(out.logger, 'METRICS_PUBLISH_FAILED', publishFailureWarning([...store.metrics.keys()], error));
  }
}
