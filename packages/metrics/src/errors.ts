/**
 * A metric, dimension, metadata key, namespace or timestamp that would make the EMF document
 * invalid (CloudWatch would drop it without a word). The message names what is at fault, its value
 * and the rule it breaks; the same facts are on `subject`, `value` and `rule`.
 *
 * @example
 * try { metrics.addMetric('latency', MetricUnit.Milliseconds, Number.NaN); }
 * catch (e) { if (e instanceof MetricsValidationError) console.error(e.subject, e.rule); }
 */
export class MetricsValidationError extends RangeError {
  override readonly name = 'MetricsValidationError';
  constructor(
    /** What is at fault, e.g. `metric "latency"` or `dimension "env"`. */
    readonly subject: string,
    /** The offending value. */
    readonly value: unknown,
    /** The rule it breaks. */
    readonly rule: string,
    /** `message`: Powertools' message, where it throws for the same input, so code matching on it still matches. */
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? `${subject}: ${describe(value)} ${rule}`, options);
  }
}

/**
 * The error for a name that would be both a metric and a dimension or metadata key (one top-level
 * member holds one value), in Powertools' words; lambkit throws it at the call that brings the
 * second use, so what was stored before is still published.
 *
 * @example
 * throw collisionError('region', 'dimension');
 */
export function collisionError(name: string, source: string): MetricsValidationError {
  return new MetricsValidationError(
    'metric name',
    name,
    `is also a ${source}; one top-level member cannot be both`,
    {
      message: `EMF key collision on "${name}": registered as both a metric (number) and a ${source} (string)`,
    },
  );
}

/** A short, printable rendering of a value for an error message. */
export function describe(value: unknown): string {
  const type = typeof value;
  let text: string = type;
  if (type === 'string') text = JSON.stringify(value);
  else if (value instanceof Date) text = `Date(${value.getTime()})`;
  // An object, a function or a symbol is named by its type; null and the other primitives are printed.
  else if (value === null || (type !== 'object' && type !== 'function' && type !== 'symbol'))
    text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
