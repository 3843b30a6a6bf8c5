/**
 * The units the Embedded Metric Format accepts, under the names Powertools for AWS Lambda uses, so
 * switching is an import change.
 *
 * @example
 * metrics.addMetric('uploadSize', MetricUnit.Kilobytes, 512);
 */
export const MetricUnit = {
  Seconds: 'Seconds',
  Microseconds: 'Microseconds',
  Milliseconds: 'Milliseconds',
  Bytes: 'Bytes',
  Kilobytes: 'Kilobytes',
  Megabytes: 'Megabytes',
  Gigabytes: 'Gigabytes',
  Terabytes: 'Terabytes',
  Bits: 'Bits',
  Kilobits: 'Kilobits',
  Megabits: 'Megabits',
  Gigabits: 'Gigabits',
  Terabits: 'Terabits',
  Percent: 'Percent',
  Count: 'Count',
  BytesPerSecond: 'Bytes/Second',
  KilobytesPerSecond: 'Kilobytes/Second',
  MegabytesPerSecond: 'Megabytes/Second',
  GigabytesPerSecond: 'Gigabytes/Second',
  TerabytesPerSecond: 'Terabytes/Second',
  BitsPerSecond: 'Bits/Second',
  KilobitsPerSecond: 'Kilobits/Second',
  MegabitsPerSecond: 'Megabits/Second',
  GigabitsPerSecond: 'Gigabits/Second',
  TerabitsPerSecond: 'Terabits/Second',
  CountPerSecond: 'Count/Second',
  NoUnit: 'None',
} as const;

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
/** CloudWatch rejects values outside +-2^360 and non-zero values closer to zero than 2^-360. */
export const MAX_ABS_VALUE = 2 ** 360;
export const MIN_ABS_VALUE = 2 ** -360;
/** CloudWatch accepts timestamps up to 14 days in the past and 2 hours in the future. */
export const MAX_TIMESTAMP_PAST_MS = 14 * 24 * 60 * 60 * 1000;
export const MAX_TIMESTAMP_FUTURE_MS = 2 * 60 * 60 * 1000;

/** The warning Powertools prints when a flush finds no metrics; kept word for word. */
export const EMPTY_METRICS_WARNING =
  'No application metrics to publish. The cold-start metric may be published if enabled. ' +
  'If application metrics should never be empty, consider using `throwOnEmptyMetrics`';

/** The error Powertools throws when a flush finds no metrics and throwOnEmptyMetrics is on. */
export const EMPTY_METRICS_ERROR = 'The number of metrics recorded must be higher than zero';

export const NAMESPACE_WARNING = 'Namespace should be defined, default used';
