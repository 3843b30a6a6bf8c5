/**
 * Builds the unit table from its pattern (sizes of bytes and bits, each also per second) rather
 * than listing 27 names twice in every bundle. Powertools' order, which its unit error lists.
 */
function metricUnits(): typeof MetricUnit {
  const sized = (unit: string) =>
    ['', 'Kilo', 'Mega', 'Giga', 'Tera'].map((prefix) => (prefix ? prefix + unit.toLowerCase() : unit));
  const rates = [...sized('Bytes'), ...sized('Bits'), 'Count'];
  const table: Record<string, string> = {
    Seconds: 'Seconds',
    Microseconds: 'Microseconds',
    Milliseconds: 'Milliseconds',
  };
  for (const unit of [...rates.slice(0, 10), 'Percent', 'Count']) table[unit] = unit;
  for (const unit of rates) table[`${unit}PerSecond`] = `${unit}/Second`;
  table.NoUnit = 'None';
  return table as unknown as typeof MetricUnit;
}

/**
 * The units the Embedded Metric Format accepts, under the names Powertools for AWS Lambda uses, so
 * switching is an import change. The type lists them as Powertools declares them (types cost no
 * bytes in a bundle); the value is built by metricUnits().
 *
 * @example
 * metrics.addMetric('uploadSize', MetricUnit.Kilobytes, 512);
 */
export const MetricUnit: {
  readonly Seconds: 'Seconds';
  readonly Microseconds: 'Microseconds';
  readonly Milliseconds: 'Milliseconds';
  readonly Bytes: 'Bytes';
  readonly Kilobytes: 'Kilobytes';
  readonly Megabytes: 'Megabytes';
  readonly Gigabytes: 'Gigabytes';
  readonly Terabytes: 'Terabytes';
  readonly Bits: 'Bits';
  readonly Kilobits: 'Kilobits';
  readonly Megabits: 'Megabits';
  readonly Gigabits: 'Gigabits';
  readonly Terabits: 'Terabits';
  readonly Percent: 'Percent';
  readonly Count: 'Count';
  readonly BytesPerSecond: 'Bytes/Second';
  readonly KilobytesPerSecond: 'Kilobytes/Second';
  readonly MegabytesPerSecond: 'Megabytes/Second';
  readonly GigabytesPerSecond: 'Gigabytes/Second';
  readonly TerabytesPerSecond: 'Terabytes/Second';
  readonly BitsPerSecond: 'Bits/Second';
  readonly KilobitsPerSecond: 'Kilobits/Second';
  readonly MegabitsPerSecond: 'Megabits/Second';
  readonly GigabitsPerSecond: 'Gigabits/Second';
  readonly TerabitsPerSecond: 'Terabits/Second';
  readonly CountPerSecond: 'Count/Second';
  readonly NoUnit: 'None';
} = /* @__PURE__ */ metricUnits();

/** One of the unit strings of `MetricUnit`, e.g. `'Count'` or `'Bytes/Second'`. */
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/**
 * Storage resolution of a metric: Standard (60 seconds, the default) or High (1 second).
 *
 * @example
 * metrics.addMetric('latency', MetricUnit.Milliseconds, 12, MetricResolution.High);
 */
export const MetricResolution = {
  Standard: 60,
  High: 1,
} as const;

/** 60 or 1. */
export type MetricResolution = (typeof MetricResolution)[keyof typeof MetricResolution];

/**
 * The name of the cold start metric, as Powertools publishes it.
 *
 * @example
 * documents.filter((document) => COLD_START_METRIC in document);
 */
export const COLD_START_METRIC = 'ColdStart';

/**
 * The namespace used when none is configured, as Powertools does, with a warning.
 *
 * @example
 * new Metrics().serializeMetrics()._aws.CloudWatchMetrics[0].Namespace === DEFAULT_NAMESPACE; // true
 */
export const DEFAULT_NAMESPACE = 'default_namespace';

/** Limits of the EMF specification (CloudWatch user guide, "Specification: Embedded metric format"). */
export const MAX_METRICS_PER_DOCUMENT = 100;
export const MAX_VALUES_PER_METRIC = 100;
export const MAX_DIMENSIONS_PER_SET = 30;
export const MAX_NAME_LENGTH = 1024;
export const MAX_DIMENSION_NAME_LENGTH = 250;
export const MAX_DIMENSION_VALUE_LENGTH = 1024;
/**
 * The specification caps a document at 1 MB (1,048,576 bytes, of which CloudWatch Logs counts 26
 * per event as overhead). Documents are kept under a round 1,000,000 bytes so that a prefix added
 * on the way never pushes one over.
 */
export const MAX_DOCUMENT_BYTES = 1_000_000;
/** Room kept in every document for the directive and at least one metric, beside metadata and dimensions. */
export const RESERVED_DOCUMENT_BYTES = 100_000;
/**
 * CloudWatch rejects values outside +-2^360 and non-zero values closer to zero than 2^-360. Written
 * as literals (exactly 2 ** 360 and 2 ** -360): an expression at module level would stay in every
 * bundle that imports this module, used or not (as would the products for the timestamp limits).
 */
export const MAX_ABS_VALUE = 2.3485425827738332e108;
export const MIN_ABS_VALUE = 4.257959840008151e-109;
/** CloudWatch accepts timestamps up to 14 days in the past and 2 hours in the future. */
export const MAX_TIMESTAMP_PAST_MS = 1_209_600_000; // 14 days
export const MAX_TIMESTAMP_FUTURE_MS = 7_200_000; // 2 hours

/** The warning Powertools prints when a flush finds no metrics; kept word for word. */
export const EMPTY_METRICS_WARNING =
  'No application metrics to publish. The cold-start metric may be published if enabled. ' +
  'If application metrics should never be empty, consider using `throwOnEmptyMetrics`';

/** The error Powertools throws when a flush finds no metrics and throwOnEmptyMetrics is on. */
export const EMPTY_METRICS_ERROR = 'The number of metrics recorded must be higher than zero';

/** Powertools' warning when no namespace is configured, with the two ways to set one (its own text names neither). */
export const NAMESPACE_WARNING =
  'Namespace should be defined, default used ("default_namespace"). Set POWERTOOLS_METRICS_NAMESPACE or the namespace option';

/** Said once per instance when POWERTOOLS_METRICS_DISABLED (or POWERTOOLS_DEV) keeps metrics from being published. */
export const DISABLED_WARNING =
  'Metrics are disabled by POWERTOOLS_METRICS_DISABLED (or POWERTOOLS_DEV): nothing is published. Set POWERTOOLS_METRICS_DISABLED=false to publish';

/**
 * Said once per instance when work the handler did not await adds to an invocation that logMetrics
 * has already flushed; `what` is e.g. `Metric "latency"`.
 *
 * @example
 * lateWarning('Metric "latency"');
 */
export function lateWarning(what: string): string {
  return `${what} was added after its invocation's metrics were published, by work the handler did not await; it is published with the next flush. Await that work before the handler returns`;
}

/**
 * Powertools' warning for a dimension whose name or value is not a non-blank string, kept word for
 * word; the dimension is skipped.
 *
 * @example
 * skippedDimensionWarning('paymentMethod');
 */
export function skippedDimensionWarning(name: unknown): string {
  return `The dimension ${String(name)} doesn't meet the requirements and won't be added. Ensure the dimension name and value are non empty strings`;
}

/**
 * Said once per instance when a metric is added again with another storage resolution: as in
 * Powertools, the metric keeps the one it was first added with in the invocation.
 *
 * @example
 * resolutionIgnoredWarning('latency', 1, 60);
 */
export function resolutionIgnoredWarning(name: string, resolution: unknown, kept: number): string {
  return `Metric "${name}" was added with storage resolution ${String(resolution)} after ${kept} in this invocation; ${kept} is kept. Use one resolution per metric name`;
}

/** Said when what was added late to a flushed invocation held dimensions or metadata but no metric to publish them with. */
export const LATE_WITHOUT_METRICS_WARNING =
  "Dimensions or metadata added after their invocation's metrics were published, with no metric, are not published. Add them before the handler returns";

/**
 * Said once per instance when a new invocation starts while the previous one still holds metrics
 * that no flush published (no logMetrics, and work that outlived a manual flush, or no flush):
 * they are published with the next flush, or `dropped` when others already wait for it.
 *
 * @example
 * abandonedWarning(['latency'], false);
 */
export function abandonedWarning(names: readonly string[], dropped: boolean): string {
  return `Metrics ${quoteAll(names)} of an invocation that ended without publishing them ${dropped ? 'are dropped: others already wait' : 'are published with the next flush'}. Publish in a finally block after awaiting all work, or use logMetrics`;
}

function quoteAll(names: readonly string[]): string {
  return names.length === 0
    ? '(none; dimensions or metadata only)'
    : names.map((name) => JSON.stringify(name)).join(', ');
}

/**
 * Said when writing a flush's documents fails: those metrics are dropped (retrying the same
 * documents would fail the same way), and the handler does not fail for its telemetry.
 *
 * @example
 * publishFailureWarning(['latency'], new Error('EPIPE'));
 */
export function publishFailureWarning(names: readonly string[], error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Metrics ${quoteAll(names)} could not be published; what was not yet written is dropped: ${reason}`;
}
