import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEmf, invoke, setEnv } from '../test/test-emf.js';
import { logMetrics, MetricResolution, Metrics, MetricsValidationError, MetricUnit } from './index.js';

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
    ['an empty name', '', /^The metric name should be between 1 and 1024 characters$/],
    [
      'a name over 1024 characters',
      'm'.repeat(1025),
      /^The metric name should be between 1 and 1024 characters$/,
    ],
    [
      'a name with a line break',
      'orders\nplaced',
      /^metric name: "orders\\nplaced" must not contain a line break$/,
    ],
    ['the reserved name _aws', '_aws', /^metric name: "_aws" is reserved for the EMF metadata object$/],
    ["a name that is not a string, in Powertools' words", 42, /^42 is not a valid string$/],
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

  it('keeps the length rule and the name on the error of a name of the wrong length', () => {
    const error = thrownBy(() => newMetrics().addMetric('', MetricUnit.Count, 1));

    expect(error.subject).toBe('metric name');
    expect(error.rule).toBe('must be 1 to 1024 characters long (has 0)');
  });

  it("rejects a unit the specification does not list with Powertools' message, naming the units it allows", () => {
    const error = thrownBy(() => newMetrics().addMetric('latency', 'Miliseconds' as MetricUnit, 1));

    expect(error.message).toMatch(/^Invalid metric unit 'Miliseconds', expected either option: Seconds,/);
    expect(error.message).toContain('Count/Second,None');
    expect(error.subject).toBe('metric "latency"');
    expect(error.value).toBe('Miliseconds');
  });

  it("rejects a storage resolution other than 60 and 1 with Powertools' message", () => {
    const error = thrownBy(() =>
      newMetrics().addMetric('latency', MetricUnit.Count, 1, 30 as MetricResolution),
    );

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe("Invalid metric resolution '30', expected either option: 60,1");
    expect(error.subject).toBe('metric "latency"');
  });

  it.each([
    ['NaN', Number.NaN, 'NaN is not a finite number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity is not a finite number'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity is not a finite number'],
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

  it("rejects a value that is not a number with Powertools' message", () => {
    const error = thrownBy(() => newMetrics().addMetric('latency', MetricUnit.Milliseconds, '12' as never));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('12 is not a valid number');
    expect(error.subject).toBe('metric "latency"');
  });

  it('accepts zero, negative values and the extremes CloudWatch stores', async () => {
    const metrics = newMetrics();
    for (const value of [0, -0, -12.5, 2 ** 360, -(2 ** 360), 2 ** -360]) {
      metrics.addMetric('delta', MetricUnit.NoUnit, value);
    }

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].delta).toEqual([0, 0, -12.5, 2 ** 360, -(2 ** 360), 2 ** -360]);
  });

  it("rejects a second unit for a metric within one invocation with Powertools' message", () => {
    const metrics = newMetrics();
    metrics.addMetric('latency', MetricUnit.Milliseconds, 1);

    const error = thrownBy(() => metrics.addMetric('latency', MetricUnit.Seconds, 1));

    expect(error.message).toBe(
      'Metric "latency" has already been added with unit "Milliseconds", but we received unit "Seconds". Did you mean to use metric unit "Milliseconds"?',
    );
    expect(error.rule).toContain('one metric has one unit');
  });

  it('keeps the first storage resolution of a metric, as Powertools does, and says once that it did', async () => {
    const warnings: string[] = [];
    const metrics = new Metrics({ namespace: 'shop', logger: { warn: (message) => warnings.push(message) } });
    metrics.addMetric('latency', MetricUnit.Milliseconds, 1, MetricResolution.High);

    metrics.addMetric('latency', MetricUnit.Milliseconds, 2);
    metrics.addMetric('latency', MetricUnit.Milliseconds, 3);
    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].latency).toEqual([1, 2, 3]);
    expect(documents[0]._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'latency', Unit: 'Milliseconds', StorageResolution: 1 },
    ]);
    expect(warnings.filter((warning) => warning.includes('storage resolution'))).toEqual([
      'Metric "latency" was added with storage resolution 60 after 1 in this invocation; 1 is kept. Use one resolution per metric name',
    ]);
  });
});

describe('dimensions', () => {
  it.each([
    ['a name over 250 characters', 'd'.repeat(251), 'prod', /must be 1 to 250 characters long \(has 251\)/],
    ['a name that is not ASCII', 'région', 'eu', /^dimension name: "région" must be printable ASCII/],
    ['a name starting with a colon', ':stage', 'prod', /must be printable ASCII and not start with ':'/],
    [
      'a value over 1024 characters',
      'stage',
      'v'.repeat(1025),
      /must be 1 to 1024 characters long \(has 1025\)/,
    ],
    ['a value with a control character', 'stage', 'pr\u0007od', /must not contain control characters/],
  ])('addDimension rejects %s', (_case, name, value, message) => {
    const error = thrownBy(() => newMetrics().addDimension(name, value as string));

    expect(error).toBeInstanceOf(MetricsValidationError);
    expect(error.message).toMatch(message);
  });

  it('addDimensions and setDefaultDimensions apply the same rules', () => {
    const metrics = newMetrics();

    expect(() => metrics.addDimensions({ stage: 'v'.repeat(1025) })).toThrow(
      /^dimension "stage": "v+\.\.\. must be 1 to 1024/,
    );
    expect(() => metrics.setDefaultDimensions({ ':x': 'y' })).toThrow(
      /must be printable ASCII and not start with ':'/,
    );
    expect(() => new Metrics({ defaultDimensions: { stage: 'a\nb' } })).toThrow(
      /must not contain control characters/,
    );
  });

  it.each([
    ['an empty name', '', 'prod'],
    ['a blank name', '   ', 'prod'],
    ['an empty value', 'stage', ''],
    ['a blank value', 'stage', '  '],
    ['a value that is not a string', 'stage', 3],
    ['an undefined value (a missing field of the event)', 'stage', undefined],
  ])("addDimension skips %s with Powertools' warning, as Powertools does", async (_case, name, value) => {
    const warnings: string[] = [];
    const metrics = new Metrics({ namespace: 'shop', logger: { warn: (message) => warnings.push(message) } });

    metrics.addDimension(name, value as string);
    metrics.addMetric('items', MetricUnit.Count, 1);
    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(warnings).toEqual([
      `The dimension ${name} doesn't meet the requirements and won't be added. Ensure the dimension name and value are non empty strings`,
    ]);
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
  });

  it('addDimensions, setDefaultDimensions and the defaultDimensions option skip such dimensions too, keeping the others', async () => {
    const warnings: string[] = [];
    const metrics = new Metrics({
      namespace: 'shop',
      logger: { warn: (message) => warnings.push(message) },
      defaultDimensions: { stage: '', plan: 'pro' },
    });

    metrics.setDefaultDimensions({ tier: ' ' });
    metrics.addDimensions({ tenant: 'acme', region: '' });
    metrics.addMetric('items', MetricUnit.Count, 1);
    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(warnings.map((warning) => warning.split(' ')[2])).toEqual(['stage', 'tier', 'region']);
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'plan', 'tenant']]);
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
      /^dimension set: 31 dimensions in one set with the default ones are more than the 30 a set holds \(service, d0, d1, .*, d29\)$/,
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
  const collision = (name: string, source: string) =>
    `EMF key collision on "${name}": registered as both a metric (number) and a ${source} (string)`;

  it("rejects a metric named like a dimension of the invocation, in Powertools' words, at the call", () => {
    const metrics = newMetrics();
    metrics.addDimension('region', 'eu-west-1');
    metrics.addDimensions({ tenant: 'acme' });

    const error = thrownBy(() => metrics.addMetric('region', MetricUnit.Count, 1));

    expect(error.message).toBe(collision('region', 'dimension'));
    expect(error.rule).toBe('is also a dimension; one top-level member cannot be both');
    expect(() => metrics.addMetric('tenant', MetricUnit.Count, 1)).toThrow(
      collision('tenant', 'dimension set'),
    );
  });

  it('rejects a metric named like a default dimension', () => {
    expect(() => newMetrics().addMetric('service', MetricUnit.Count, 1)).toThrow(
      collision('service', 'default dimension'),
    );
  });

  it('rejects a metric named like a metadata key', () => {
    const metrics = newMetrics();
    metrics.addMetadata('orderId', 'o-1');

    expect(() => metrics.addMetric('orderId', MetricUnit.Count, 1)).toThrow(collision('orderId', 'metadata'));
  });

  it('rejects a dimension, a dimension set member, a default dimension or metadata named like a metric', () => {
    const metrics = newMetrics();
    metrics.addMetric('items', MetricUnit.Count, 1);

    expect(() => metrics.addDimension('items', 'x')).toThrow(collision('items', 'dimension'));
    expect(() => metrics.addDimensions({ items: 'x' })).toThrow(collision('items', 'dimension set'));
    expect(() => metrics.setDefaultDimensions({ items: 'x' })).toThrow(
      collision('items', 'default dimension'),
    );
    expect(() => metrics.addMetadata('items', 'x')).toThrow(collision('items', 'metadata'));
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
    ['a key that is not a string', 42, 'x', /^metadata key: 42 must be a string$/],
    ['the reserved key _aws', '_aws', 'x', /^metadata key: "_aws" is reserved/],
    ['a function', 'handler', () => 1, /^metadata "handler": function is not a JSON value$/],
    ['undefined', 'missing', undefined, /^metadata "missing": undefined is not a JSON value$/],
    ['a BigInt', 'big', 10n, /^metadata "big": 10 cannot be serialized to JSON$/],
  ])('rejects %s', (_case, key, value, message) => {
    expect(() => newMetrics().addMetadata(key as string, value)).toThrow(message);
  });

  it('accepts an empty key, as Powertools does', async () => {
    const metrics = newMetrics();
    metrics.addMetadata('', 'x');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]['']).toBe('x');
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
    expect(() => metrics.addDimension('stage', 'pr\u0007od')).toThrow();
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]).toMatchObject({ region: 'eu-west-1', orderId: 'o-1', items: 1 });
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'region']]);
  });

  it('adds none of a dimension set when one of its dimensions is rejected', async () => {
    const metrics = newMetrics();
    expect(() => metrics.addDimensions({ tenant: 'acme', stage: 'pr\u0007od' })).toThrow();
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]).not.toHaveProperty('tenant');
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
  });
});
