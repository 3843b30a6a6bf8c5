// The edges of each validation rule: the last value a rule accepts and the first it refuses, on both
// sides, and the texts of the errors users match on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureEmf, setEnv } from '../test/test-emf.js';
import { MetricResolution, Metrics, type MetricsValidationError, MetricUnit } from './index.js';

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv({ POWERTOOLS_SERVICE_NAME: undefined, POWERTOOLS_METRICS_NAMESPACE: undefined });
});
afterEach(() => {
  restoreEnv();
  vi.useRealTimers();
});

function newMetrics(): Metrics {
  return new Metrics({ namespace: 'shop', serviceName: 'cart' });
}

/** Runs `act` and returns what it threw. */
function thrownBy(act: () => unknown): MetricsValidationError {
  try {
    act();
  } catch (error) {
    return error as MetricsValidationError;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('metric values near zero and at the extremes', () => {
  it('accepts -2^-360, the negative value closest to zero that CloudWatch stores', async () => {
    const metrics = newMetrics();
    metrics.addMetric('delta', MetricUnit.NoUnit, -(2 ** -360));

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].delta).toBe(-(2 ** -360));
  });

  it('rejects -2^-361, a negative value closer to zero than CloudWatch stores', () => {
    const error = thrownBy(() => newMetrics().addMetric('delta', MetricUnit.NoUnit, -(2 ** -361)));

    expect(error.message).toBe(
      'metric "delta": -2.1289799200040754e-109 is outside the range CloudWatch stores (zero, or an absolute value from 2^-360 to 2^360)',
    );
  });

  it('rejects -2^361, a negative value beyond the range CloudWatch stores', () => {
    const error = thrownBy(() => newMetrics().addMetric('delta', MetricUnit.NoUnit, -(2 ** 361)));

    expect(error.rule).toBe(
      'is outside the range CloudWatch stores (zero, or an absolute value from 2^-360 to 2^360)',
    );
    expect(error.value).toBe(-(2 ** 361));
  });

  it('rejects Number.MIN_VALUE, which is positive but far closer to zero than 2^-360', () => {
    expect(() => newMetrics().addMetric('delta', MetricUnit.NoUnit, Number.MIN_VALUE)).toThrow(
      /outside the range CloudWatch stores/,
    );
  });

  it('says a non-finite value is not finite, with the rule on the error', () => {
    const error = thrownBy(() => newMetrics().addMetric('delta', MetricUnit.NoUnit, Number.NaN));

    expect(error.subject).toBe('metric "delta"');
    expect(error.rule).toBe('is not a finite number');
  });

  it('says a value that is not a number is not a number, in the rule', () => {
    const error = thrownBy(() => newMetrics().addMetric('delta', MetricUnit.NoUnit, null as never));

    expect(error.rule).toBe('is not a number');
    expect(error.message).toBe('null is not a valid number');
  });
});

describe('metric names, units and resolutions', () => {
  it.each([
    ['a carriage return', 'orders\rplaced'],
    ['a line separator', 'orders\u2028placed'],
    ['a paragraph separator', 'orders\u2029placed'],
  ])('rejects a metric name with %s', (_case, name) => {
    const error = thrownBy(() => newMetrics().addMetric(name, MetricUnit.Count, 1));

    expect(error.rule).toBe('must not contain a line break');
  });

  it('accepts a metric name of one character', async () => {
    const metrics = newMetrics();
    metrics.addMetric('m', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].m).toBe(1);
  });

  it('names the type of a metric name that cannot be turned into a string', () => {
    const hostile = {
      toString(): string {
        throw new Error('no string');
      },
    };

    const error = thrownBy(() => newMetrics().addMetric(hostile as never, MetricUnit.Count, 1));

    expect(error.message).toBe('object is not a valid string');
    expect(error.rule).toBe('must be a string');
  });

  it('names the length rule of a metric name over 1024 characters', () => {
    const error = thrownBy(() => newMetrics().addMetric('m'.repeat(1025), MetricUnit.Count, 1));

    expect(error.rule).toBe('must be 1 to 1024 characters long (has 1025)');
  });

  it('lists every unit in the rule of a unit error', () => {
    const error = thrownBy(() => newMetrics().addMetric('latency', 'Ticks' as MetricUnit, 1));

    expect(error.rule).toBe(`is not a unit; expected one of ${Object.values(MetricUnit).join(', ')}`);
    expect(error.message).toBe(
      `Invalid metric unit 'Ticks', expected either option: ${Object.values(MetricUnit).join(',')}`,
    );
  });

  it('names the two storage resolutions in the rule of a resolution error', () => {
    const error = thrownBy(() =>
      newMetrics().addMetric('latency', MetricUnit.Count, 1, 5 as MetricResolution),
    );

    expect(error.rule).toBe(
      'is not a storage resolution; expected 60 (MetricResolution.Standard) or 1 (MetricResolution.High)',
    );
    expect(error.value).toBe(5);
  });

  it('accepts both storage resolutions', async () => {
    const metrics = newMetrics();
    metrics.addMetric('standard', MetricUnit.Count, 1, MetricResolution.Standard);
    metrics.addMetric('high', MetricUnit.Count, 1, MetricResolution.High);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'standard', Unit: 'Count' },
      { Name: 'high', Unit: 'Count', StorageResolution: 1 },
    ]);
  });
});

describe('dimension names and values', () => {
  it('accepts a dimension name of exactly 250 characters and a value of exactly 1024', async () => {
    const metrics = newMetrics();
    const name = 'd'.repeat(250);
    metrics.addDimension(name, 'v'.repeat(1024));
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0][name]).toHaveLength(1024);
  });

  it('accepts a dimension name of one character', async () => {
    const metrics = newMetrics();
    metrics.addDimension('x', 'y');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].x).toBe('y');
  });

  it('accepts every printable ASCII character in a dimension name, from space to tilde', async () => {
    const metrics = newMetrics();
    const name = ' !~z';
    metrics.addDimension(name, 'x');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', name]]);
  });

  it.each([
    ['DEL, just past the printable range', 'stage\u007f'],
    ['a tab, just before it', 'st\tage'],
  ])('rejects a dimension name with %s', (_case, name) => {
    const error = thrownBy(() => newMetrics().addDimension(name, 'prod'));

    expect(error.rule).toBe("must be printable ASCII and not start with ':'");
    expect(error.subject).toBe('dimension name');
  });

  it('accepts a dimension name with a colon after its first character', async () => {
    const metrics = newMetrics();
    metrics.addDimension('aws:region', 'eu-west-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]['aws:region']).toBe('eu-west-1');
  });

  it('rejects the dimension name _aws, which is the EMF metadata object', () => {
    const error = thrownBy(() => newMetrics().addDimension('_aws', 'x'));

    expect(error.message).toBe('dimension name: "_aws" is reserved for the EMF metadata object');
  });

  it('rejects a dimension name with a line break', () => {
    const error = thrownBy(() => newMetrics().addDimension('sta\nge', 'x'));

    expect(error.message).toBe('dimension name: "sta\\nge" must not contain a line break');
  });

  it('accepts a dimension value with spaces around it and characters outside ASCII', async () => {
    const metrics = newMetrics();
    metrics.addDimension('city', ' Zürich ');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].city).toBe(' Zürich ');
  });

  it.each([
    ['a control character at its start', '\u0001prod'],
    ['a control character at its end', 'prod\u0001'],
    ['a line break', 'pr\nod'],
  ])('rejects a dimension value with %s, naming the rule', (_case, value) => {
    const error = thrownBy(() => newMetrics().addDimension('stage', value));

    expect(error.subject).toBe('dimension "stage"');
    expect(error.rule).toBe('must not contain control characters');
  });

  it('names the length rule of a dimension value over 1024 characters', () => {
    const error = thrownBy(() => newMetrics().addDimension('stage', 'v'.repeat(1025)));

    expect(error.rule).toBe('must be 1 to 1024 characters long (has 1025)');
    expect(error.subject).toBe('dimension "stage"');
  });
});

describe('namespaces', () => {
  it('accepts a namespace of exactly 1024 characters', async () => {
    const metrics = new Metrics({ namespace: 'n'.repeat(1024) });
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toHaveLength(1024);
  });

  it('accepts a namespace that only contains or ends with a colon or AWS/', async () => {
    const metrics = new Metrics({ namespace: 'shop:AWS/' });
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toBe('shop:AWS/');
  });

  it('rejects a namespace that is not a string', () => {
    const error = thrownBy(() => new Metrics({ namespace: 42 as never }));

    expect(error.message).toBe('namespace: 42 must be a string');
  });
});

describe('metadata keys', () => {
  it('names the reserved-key rule of the metadata key _aws', () => {
    const error = thrownBy(() => newMetrics().addMetadata('_aws', 'x'));

    expect(error.message).toBe('metadata key: "_aws" is reserved for the EMF metadata object');
  });

  it('keeps the metadata key in the subject of a value that is not JSON', () => {
    const error = thrownBy(() => newMetrics().addMetadata('handler', () => 1));

    expect(error.subject).toBe('metadata "handler"');
    expect(error.rule).toBe('is not a JSON value');
  });
});

describe('timestamps at the edges of the window CloudWatch accepts', () => {
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  const day = 24 * 3600 * 1000;
  const hour = 3600 * 1000;

  it.each([
    ['exactly 14 days before now', now - 14 * day],
    ['exactly 2 hours after now', now + 2 * hour],
  ])('accepts a timestamp %s', async (_case, timestamp) => {
    vi.useFakeTimers({ now, toFake: ['Date'] });
    const metrics = newMetrics();
    metrics.setTimestamp(timestamp);
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.Timestamp).toBe(timestamp);
  });

  it.each([
    ['one millisecond more than 14 days before now', now - 14 * day - 1],
    ['one millisecond more than 2 hours after now', now + 2 * hour + 1],
  ])('rejects a timestamp %s, naming now in the rule', (_case, timestamp) => {
    vi.useFakeTimers({ now, toFake: ['Date'] });

    const error = thrownBy(() => newMetrics().setTimestamp(timestamp));

    expect(error.rule).toBe('must be within 14 days before and 2 hours after now (2026-12-04T12:00:00.000Z)');
    expect(error.subject).toBe('timestamp');
  });

  it('accepts a Date and writes its epoch milliseconds', async () => {
    vi.useFakeTimers({ now, toFake: ['Date'] });
    const metrics = newMetrics();
    metrics.setTimestamp(new Date(now - hour));
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.Timestamp).toBe(now - hour);
  });

  it('rejects a timestamp that is not a number, naming the rule', () => {
    const error = thrownBy(() => newMetrics().setTimestamp('2026-12-04' as never));

    expect(error.rule).toBe('must be a Date or integer epoch milliseconds');
  });
});
