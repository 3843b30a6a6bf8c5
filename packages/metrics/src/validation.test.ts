import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logMetrics, MetricResolution, Metrics, MetricsValidationError, MetricUnit } from './index.js';
import { captureEmf, invoke, setEnv } from './test-emf.js';

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv({ POWERTOOLS_SERVICE_NAME: undefined, POWERTOOLS_METRICS_NAMESPACE: undefined });
});
afterEach(() => restoreEnv());

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

describe('metric names, units, resolutions and values', () => {
  it.each([
    ['an empty name', '', /^metric name: "" must be 1 to 1024 characters long \(has 0\)$/],
    ['a name over 1024 characters', 'm'.repeat(1025), /must be 1 to 1024 characters long \(has 1025\)/],
    [
      'a name with a line break',
      'orders\nplaced',
      /^metric name: "orders\\nplaced" must not contain a line break$/,
    ],
    ['the reserved name _aws', '_aws', /^metric name: "_aws" is reserved for the EMF metadata object$/],
    ['a name that is not a string', 42, /^metric name: 42 must be a string$/],
  ])('rejects %s', (_case, name, message) => {
    const metrics = newMetrics();

    const error = thrownBy(() => metrics.addMetric(name as string, MetricUnit.Count, 1));

    expect(error).toBeInstanceOf(MetricsValidationError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(message);
  });

  it('accepts a name of exactly 1024 characters, which the specification allows', async () => {
    const metrics = newMetrics();
    metrics.addMetric('m'.repeat(1024), MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]['m'.repeat(1024)]).toBe(1);
  });

  it('rejects a unit the specification does not list, naming the metric and the units it allows', () => {
    const error = thrownBy(() => newMetrics().addMetric('latency', 'Miliseconds' as MetricUnit, 1));

    expect(error.message).toMatch(
      /^metric "latency": "Miliseconds" is not a unit; expected one of Seconds, /,
    );
    expect(error.message).toContain('Count/Second, None');
    expect(error.subject).toBe('metric "latency"');
    expect(error.value).toBe('Miliseconds');
  });

  it('rejects a storage resolution other than 60 and 1', () => {
    const error = thrownBy(() =>
      newMetrics().addMetric('latency', MetricUnit.Count, 1, 30 as MetricResolution),
    );

    expect(error.message).toBe(
      'metric "latency": 30 is not a storage resolution; expected 60 (MetricResolution.Standard) or 1 (MetricResolution.High)',
    );
  });

  it.each([
    ['NaN', Number.NaN, 'NaN is not a finite number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity is not a finite number'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity is not a finite number'],
    ['a string', '12', '"12" is not a number'],
    ['a value above 2^360', 2 ** 361, '4.6970851655476665e+108 is outside the range CloudWatch stores'],
    [
      'a value closer to zero than 2^-360',
      2 ** -361,
      '2.1289799200040754e-109 is outside the range CloudWatch stores',
    ],
  ])('rejects %s as a value, naming the metric', (_case, value, message) => {
    const error = thrownBy(() => newMetrics().addMetric('latency', MetricUnit.Milliseconds, value as number));

    expect(error.message).toContain(`metric "latency": ${message}`);
  });

  it('accepts zero, negative values and the extremes CloudWatch stores', async () => {
    const metrics = newMetrics();
    for (const value of [0, -0, -12.5, 2 ** 360, -(2 ** 360), 2 ** -360]) {
      metrics.addMetric('delta', MetricUnit.NoUnit, value);
    }

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].delta).toEqual([0, 0, -12.5, 2 ** 360, -(2 ** 360), 2 ** -360]);
  });

  it('rejects a second unit for a metric within one invocation', () => {
    const metrics = newMetrics();
    metrics.addMetric('latency', MetricUnit.Milliseconds, 1);

    const error = thrownBy(() => metrics.addMetric('latency', MetricUnit.Seconds, 1));

    expect(error.message).toBe(
      'metric "latency": "Seconds" is not the unit "Milliseconds" it was first added with in this invocation; one metric has one unit',
    );
  });

  it('rejects a second storage resolution for a metric within one invocation', () => {
    const metrics = newMetrics();
    metrics.addMetric('latency', MetricUnit.Milliseconds, 1, MetricResolution.High);

    const error = thrownBy(() => metrics.addMetric('latency', MetricUnit.Milliseconds, 1));

    expect(error.message).toMatch(/^metric "latency": 60 is not the storage resolution 1 it was first added/);
  });
});

describe('dimensions', () => {
  it.each([
    ['an empty name', '', 'prod', /^dimension name: "" must be 1 to 250 characters long \(has 0\)$/],
    ['a name over 250 characters', 'd'.repeat(251), 'prod', /must be 1 to 250 characters long \(has 251\)/],
    ['a name that is not ASCII', 'région', 'eu', /^dimension name: "région" must be printable ASCII/],
    ['a name starting with a colon', ':stage', 'prod', /must not start with ':'/],
    ['a blank name', '   ', 'prod', /must be printable ASCII with a non-space character/],
    ['an empty value', 'stage', '', /^dimension "stage": "" must be 1 to 1024 characters long \(has 0\)$/],
    [
      'a value over 1024 characters',
      'stage',
      'v'.repeat(1025),
      /must be 1 to 1024 characters long \(has 1025\)/,
    ],
    ['a blank value', 'stage', '  ', /^dimension "stage": " {2}" must have a non-space character/],
    ['a value with a control character', 'stage', 'pr\u0007od', /no control characters/],
    ['a value that is not a string', 'attempt', 3, /^dimension "attempt": 3 must be a string$/],
  ])('addDimension rejects %s', (_case, name, value, message) => {
    const error = thrownBy(() => newMetrics().addDimension(name, value as string));

    expect(error).toBeInstanceOf(MetricsValidationError);
    expect(error.message).toMatch(message);
  });

  it('addDimensions and setDefaultDimensions apply the same rules', () => {
    const metrics = newMetrics();

    expect(() => metrics.addDimensions({ stage: '' })).toThrow(/^dimension "stage": "" must be 1 to 1024/);
    expect(() => metrics.setDefaultDimensions({ ':x': 'y' })).toThrow(/must not start with ':'/);
    expect(() => new Metrics({ defaultDimensions: { stage: 'a\nb' } })).toThrow(/no control characters/);
  });

  it('accepts 30 dimensions in a set, service included, and rejects a 31st', async () => {
    const metrics = newMetrics();
    for (let i = 1; i < 30; i++) metrics.addDimension(`d${i}`, 'x');

    const error = thrownBy(() => metrics.addDimension('d30', 'x'));
    metrics.addMetric('items', MetricUnit.Count, 1);
    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(error.message).toBe(
      `dimension "d30": 31 dimensions in one set with the default ones are more than the 30 a set holds (service, ${Array.from({ length: 30 }, (_, i) => `d${i + 1}`).join(', ')})`,
    );
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions[0]).toHaveLength(30);
  });

  it('rejects a dimension set of addDimensions with more than 30 dimensions with the defaults', () => {
    const metrics = new Metrics({ namespace: 'shop', defaultDimensions: { stage: 'prod' } });
    const set = Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`d${i}`, 'x']));

    expect(() => metrics.addDimensions(set)).toThrow(
      /^dimension set: 31 dimensions in one set with the default ones/,
    );
  });

  it('rejects default dimensions that would push a set of the invocation over 30', () => {
    const metrics = newMetrics();
    for (let i = 1; i < 30; i++) metrics.addDimension(`d${i}`, 'x');

    expect(() => metrics.setDefaultDimensions({ stage: 'prod' })).toThrow(/^dimension set: 31 dimensions/);
  });

  it('rejects more than 30 default dimensions', () => {
    const defaults = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i}`, 'x']));

    expect(() => new Metrics({ defaultDimensions: defaults })).toThrow(
      /^default dimensions: 31 are more than the 30 a dimension set holds \(service, d0, d1, .*, d29\)$/,
    );
  });

  it('rejects a value for a dimension that a dimension set of the invocation already uses', () => {
    const metrics = newMetrics();
    metrics.addDimensions({ tenant: 'acme' });

    const error = thrownBy(() => metrics.addDimension('tenant', 'globex'));

    expect(error.message).toBe(
      'dimension "tenant": "globex" conflicts with the value "acme" a dimension set of this invocation already gave it; a document holds one value per dimension',
    );
    expect(() => metrics.addDimensions({ tenant: 'initech' })).toThrow(/conflicts with the value "acme"/);
  });
});

describe('names shared between metrics, dimensions and metadata', () => {
  it('rejects a metric named like a dimension of the invocation', () => {
    const metrics = newMetrics();
    metrics.addDimension('region', 'eu-west-1');

    expect(() => metrics.addMetric('region', MetricUnit.Count, 1)).toThrow(
      'metric name: "region" is already a dimension; one top-level member cannot be both',
    );
  });

  it('rejects a metric named like a default dimension', () => {
    expect(() => newMetrics().addMetric('service', MetricUnit.Count, 1)).toThrow(
      'metric name: "service" is already a dimension',
    );
  });

  it('rejects a metric named like a metadata key', () => {
    const metrics = newMetrics();
    metrics.addMetadata('orderId', 'o-1');

    expect(() => metrics.addMetric('orderId', MetricUnit.Count, 1)).toThrow(
      'metric name: "orderId" is already a metadata key; one top-level member cannot be both',
    );
  });

  it('rejects a dimension, a dimension set member, a default dimension or metadata named like a metric', () => {
    const metrics = newMetrics();
    metrics.addMetric('items', MetricUnit.Count, 1);

    expect(() => metrics.addDimension('items', 'x')).toThrow(
      'dimension name: "items" is already a metric name; one top-level member cannot be both',
    );
    expect(() => metrics.addDimensions({ items: 'x' })).toThrow(
      'dimension name: "items" is already a metric name',
    );
    expect(() => metrics.setDefaultDimensions({ items: 'x' })).toThrow('"items" is already a metric name');
    expect(() => metrics.addMetadata('items', 'x')).toThrow(
      'metadata name: "items" is already a metric name',
    );
  });

  it('keeps the dimension when metadata has the same key, since one member holds one value', async () => {
    const metrics = newMetrics();
    metrics.addMetadata('region', 'from-metadata');
    metrics.addDimension('region', 'eu-west-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].region).toBe('eu-west-1');
  });
});

describe('metadata', () => {
  it.each([
    ['an empty key', '', 'x', /^metadata key: "" must be a non-empty string$/],
    ['the reserved key _aws', '_aws', 'x', /^metadata key: "_aws" is reserved/],
    ['a function', 'handler', () => 1, /^metadata "handler": function is not a JSON value$/],
    ['undefined', 'missing', undefined, /^metadata "missing": undefined is not a JSON value$/],
    ['a BigInt', 'big', 10n, /^metadata "big": 10 cannot be serialized to JSON$/],
  ])('rejects %s', (_case, key, value, message) => {
    expect(() => newMetrics().addMetadata(key, value)).toThrow(message);
  });

  it('rejects a value with a cycle, keeping the serializer error as the cause', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    const error = thrownBy(() => newMetrics().addMetadata('cart', cyclic));

    expect(error.message).toBe('metadata "cart": object cannot be serialized to JSON');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('rejects metadata that would leave no room for metrics in a document, naming its size', () => {
    const metrics = newMetrics();
    metrics.addMetadata('first', 'a'.repeat(800_000));

    expect(() => metrics.addMetadata('second', 'b'.repeat(200_000))).toThrow(
      /^metadata "second": 1000\d+ bytes of metadata would not fit an EMF document beside its metrics \(at most 900000\)$/,
    );
  });
});

describe('namespace and timestamp', () => {
  it.each([
    [
      'over 1024 characters',
      'n'.repeat(1025),
      /^namespace: "n+\.\.\. must be 1 to 1024 characters long \(has 1025\)$/,
    ],
    ['reserved for AWS', 'AWS/Lambda', /^namespace: "AWS\/Lambda" must not start with ':' or 'AWS\/'$/],
    ['starting with a colon', ':shop', /must not start with ':'/],
    ['with a line break', 'sh\nop', /must not contain a line break/],
  ])('rejects a namespace %s, when the Metrics is created', (_case, namespace, message) => {
    expect(() => new Metrics({ namespace })).toThrow(message);
  });

  it.each([
    [
      'more than 14 days old',
      () => Date.now() - 15 * 24 * 3600 * 1000,
      /must be within 14 days before and 2 hours after now/,
    ],
    ['more than 2 hours ahead', () => new Date(Date.now() + 3 * 3600 * 1000), /must be within 14 days/],
    ['not an integer', () => 1.5, /^timestamp: 1.5 must be a Date or integer epoch milliseconds$/],
    ['an invalid Date', () => new Date('not a date'), /^timestamp: Date\(NaN\) must be a Date or integer/],
  ])('rejects a timestamp %s', (_case, timestamp, message) => {
    expect(() => newMetrics().setTimestamp(timestamp())).toThrow(message);
  });
});

describe('bad input loses nothing', () => {
  it('publishes the metrics recorded before a rejected call when the handler lets the error escape', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => {
      metrics.addMetric('itemsAdded', MetricUnit.Count, 2);
      metrics.addMetric('cartValue', MetricUnit.Count, Number.NaN);
    }).use(logMetrics(metrics));

    const { documents, error } = await captureEmf(() => invoke(handler));

    expect((error as Error).message).toBe('metric "cartValue": NaN is not a finite number');
    expect(documents).toHaveLength(1);
    expect(documents[0].itemsAdded).toBe(2);
    expect(documents[0]).not.toHaveProperty('cartValue');
  });

  it('keeps the dimensions and metadata already added when a dimension is rejected', async () => {
    const metrics = newMetrics();
    metrics.addDimension('region', 'eu-west-1');
    metrics.addMetadata('orderId', 'o-1');
    expect(() => metrics.addDimension('stage', '')).toThrow();
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]).toMatchObject({ region: 'eu-west-1', orderId: 'o-1', items: 1 });
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'region']]);
  });

  it('adds none of a dimension set when one of its dimensions is rejected', async () => {
    const metrics = newMetrics();
    expect(() => metrics.addDimensions({ tenant: 'acme', stage: '' })).toThrow();
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]).not.toHaveProperty('tenant');
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
  });
});
