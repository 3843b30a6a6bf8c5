import {
  MAX_ABS_VALUE,
  MAX_DIMENSION_NAME_LENGTH,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TIMESTAMP_FUTURE_MS,
  MAX_TIMESTAMP_PAST_MS,
  MetricResolution,
  MetricUnit,
  MIN_ABS_VALUE,
} from './constants.js';
import { MetricsValidationError } from './errors.js';

/** The key of the EMF metadata object; no metric, dimension or metadata may take it. */
export const RESERVED_KEY = '_aws';

// The specification's schema gives names the pattern ^(.*)$, which rejects line terminators.
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
// CloudWatch dimension names: printable ASCII, not starting with ':' (and not blank, see isBlank).
const DIMENSION_NAME = /^(?!:)[\x20-\x7e]+$/;
// Dimension values: no control characters (and not blank).
const CONTROL_CHARACTER = /\p{Cc}/u;

const RESERVED_RULE = 'is reserved for the EMF metadata object';

/** The rule of a name or value of `length` characters, when at most `max` are allowed. */
function lengthRule(max: number, length: number): string {
  return `must be 1 to ${max} characters long (has ${length})`;
}

/** `String(value)`, or its type when even that throws (a Symbol in a template, a hostile toString). */
function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** Powertools' messages for a metric name, where it throws for the same name (its length limit is 255). */
const POWERTOOLS_NAME_MESSAGES = {
  type: (name: unknown) => `${printable(name)} is not a valid string`,
  length: (max: number) => `The metric name should be between 1 and ${max} characters`,
};

function checkName(
  subject: string,
  name: unknown,
  max: number,
  messages?: typeof POWERTOOLS_NAME_MESSAGES,
): asserts name is string {
  if (typeof name !== 'string') {
    throw new MetricsValidationError(subject, name, 'must be a string', { message: messages?.type(name) });
  }
  if (name.length === 0 || name.length > max) {
    throw new MetricsValidationError(subject, name, lengthRule(max, name.length), {
      message: messages?.length(max),
    });
  }
  if (LINE_TERMINATOR.test(name)) {
    throw new MetricsValidationError(subject, name, 'must not contain a line break');
  }
  if (name === RESERVED_KEY) {
    throw new MetricsValidationError(subject, name, RESERVED_RULE);
  }
}

/**
 * Checks a metric name against the specification: a string of 1 to 1024 characters on one line,
 * not "_aws".
 *
 * @example
 * checkMetricName('successfulBooking');
 */
export function checkMetricName(name: unknown): asserts name is string {
  checkName('metric name', name, MAX_NAME_LENGTH, POWERTOOLS_NAME_MESSAGES);
}

/**
 * Checks a metric's unit: one of the units of the specification.
 *
 * @example
 * checkUnit('latency', 'Milliseconds');
 */
export function checkUnit(name: string, unit: unknown): asserts unit is MetricUnit {
  // Runs once per metric shape (the shapes are cached), so a linear search is fine here.
  const units: readonly unknown[] = Object.values(MetricUnit);
  if (!units.includes(unit)) {
    throw new MetricsValidationError(
      `metric "${name}"`,
      unit,
      `is not a unit; expected one of ${units.join(', ')}`,
      { message: `Invalid metric unit '${printable(unit)}', expected either option: ${units.join(',')}` },
    );
  }
}

/**
 * Checks a metric's storage resolution: 60 (standard) or 1 (high).
 *
 * @example
 * checkResolution('latency', MetricResolution.High);
 */
export function checkResolution(name: string, resolution: unknown): asserts resolution is MetricResolution {
  if (resolution !== MetricResolution.Standard && resolution !== MetricResolution.High) {
    throw new MetricsValidationError(
      `metric "${name}"`,
      resolution,
      'is not a storage resolution; expected 60 (MetricResolution.Standard) or 1 (MetricResolution.High)',
      { message: `Invalid metric resolution '${printable(resolution)}', expected either option: 60,1` },
    );
  }
}

/**
 * True for a number CloudWatch stores: finite, within +-2^360, and zero or at least 2^-360 away
 * from zero. Kept to comparisons so that the hot path stays cheap; NaN fails every comparison.
 *
 * @example
 * isStorableValue(12.5); // true
 */
export function isStorableValue(value: unknown): value is number {
  if (typeof value !== 'number') return false;
  if (value > 0) return value <= MAX_ABS_VALUE && value >= MIN_ABS_VALUE;
  if (value < 0) return value >= -MAX_ABS_VALUE && value <= -MIN_ABS_VALUE;
  return value === 0;
}

/**
 * The error for a value `isStorableValue` refused, naming the metric and the rule.
 *
 * @example
 * if (!isStorableValue(v)) throw valueError('latency', v);
 */
export function valueError(name: string, value: unknown): MetricsValidationError {
  const subject = `metric "${name}"`;
  if (typeof value !== 'number') {
    return new MetricsValidationError(subject, value, 'is not a number', {
      message: `${printable(value)} is not a valid number`,
    });
  }
  if (!Number.isFinite(value)) return new MetricsValidationError(subject, value, 'is not a finite number');
  return new MetricsValidationError(
    subject,
    value,
    'is outside the range CloudWatch stores (zero, or an absolute value from 2^-360 to 2^360)',
  );
}

/**
 * True for what Powertools skips as a dimension name or value, with a warning: not a string, or
 * only white space.
 *
 * @example
 * isBlank(' '); // true
 */
export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim().length === 0;
}

/**
 * Checks a dimension whose name and value are not blank (see isBlank, which is checked first): a
 * name of at most 250 printable ASCII characters, not starting with ':', and a value of at most
 * 1024 characters without control characters.
 *
 * @example
 * checkDimension('environment', 'prod');
 */
export function checkDimension(name: string, value: string): void {
  checkName('dimension name', name, MAX_DIMENSION_NAME_LENGTH);
  if (!DIMENSION_NAME.test(name)) {
    throw new MetricsValidationError(
      'dimension name',
      name,
      "must be printable ASCII and not start with ':'",
    );
  }
  const subject = `dimension "${name}"`;
  if (value.length > MAX_DIMENSION_VALUE_LENGTH) {
    throw new MetricsValidationError(subject, value, lengthRule(MAX_DIMENSION_VALUE_LENGTH, value.length));
  }
  if (CONTROL_CHARACTER.test(value)) {
    throw new MetricsValidationError(subject, value, 'must not contain control characters');
  }
}

/**
 * Checks a namespace: 1 to 1024 characters on one line, not starting with ':' or "AWS/" (reserved
 * for AWS services).
 *
 * @example
 * checkNamespace('serverlessAirline');
 */
export function checkNamespace(namespace: unknown): asserts namespace is string {
  checkName('namespace', namespace, MAX_NAME_LENGTH);
  if (namespace.startsWith(':') || namespace.startsWith('AWS/')) {
    throw new MetricsValidationError('namespace', namespace, "must not start with ':' or 'AWS/'");
  }
}

/**
 * Checks a metadata key: a string (empty is valid JSON and EMF, and Powertools takes it), not "_aws".
 *
 * @example
 * checkMetadataKey('bookingId');
 */
export function checkMetadataKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new MetricsValidationError('metadata key', key, 'must be a string');
  if (key === RESERVED_KEY) {
    throw new MetricsValidationError('metadata key', key, RESERVED_RULE);
  }
}

/**
 * Turns a Date or epoch milliseconds into the EMF timestamp, refusing what CloudWatch would skip:
 * not an integer, or more than 14 days in the past or 2 hours in the future of `now`.
 *
 * @example
 * toEmfTimestamp(new Date(), Date.now());
 */
export function toEmfTimestamp(timestamp: unknown, now: number): number {
  const ms = timestamp instanceof Date ? timestamp.getTime() : timestamp;
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw new MetricsValidationError('timestamp', timestamp, 'must be a Date or integer epoch milliseconds');
  }
  if (ms < now - MAX_TIMESTAMP_PAST_MS || ms > now + MAX_TIMESTAMP_FUTURE_MS) {
    throw new MetricsValidationError(
      'timestamp',
      timestamp,
      `must be within 14 days before and 2 hours after now (${new Date(now).toISOString()})`,
    );
  }
  return ms;
}

/**
 * Serializes a metadata value, or throws naming the key when it is not JSON (a function, a
 * BigInt, a cycle).
 *
 * @example
 * serializeMetadata('cart', { items: 3 }); // '{"items":3}'
 */
export function serializeMetadata(key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new MetricsValidationError(`metadata "${key}"`, value, 'cannot be serialized to JSON', {
      cause: error,
    });
  }
  if (json === undefined) throw new MetricsValidationError(`metadata "${key}"`, value, 'is not a JSON value');
  return json;
}
