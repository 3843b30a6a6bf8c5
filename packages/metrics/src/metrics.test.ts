import { getInvocationState, sharedState } from '@lambkit/core';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEmf, invoke, setEnv } from '../test/test-emf.js';
import { logMetrics, MetricResolution, Metrics, MetricUnit } from './index.js';

const ENV = {
  POWERTOOLS_SERVICE_NAME: undefined,
  POWERTOOLS_METRICS_NAMESPACE: undefined,
  POWERTOOLS_METRICS_FUNCTION_NAME: undefined,
  POWERTOOLS_METRICS_DISABLED: undefined,
  POWERTOOLS_DEV: undefined,
};

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv(ENV);
});
afterEach(() => restoreEnv());

/** A middy handler that runs `body` with logMetrics(metrics) around it. */
function handlerWith(metrics: Metrics, body: () => unknown = () => undefined) {
  return middy(async () => body()).use(logMetrics(metrics));
}

describe('Metrics: the documents it writes', () => {
  it('publishes one document with namespace, service dimension, metric definition and value', async () => {
    const metrics = new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
    const handler = handlerWith(metrics, () => metrics.addMetric('successfulBooking', MetricUnit.Count, 1));
    const before = Date.now();

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: 'serverlessAirline',
              Dimensions: [['service']],
              Metrics: [{ Name: 'successfulBooking', Unit: 'Count' }],
            },
          ],
        },
        service: 'orders',
        successfulBooking: 1,
      },
    ]);
    expect(documents[0]._aws.Timestamp).toBeGreaterThanOrEqual(before);
    expect(documents[0]._aws.Timestamp).toBeLessThanOrEqual(Date.now());
  });

  it('writes each document with one write call, as one line', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    metrics.addMetric('orders', MetricUnit.Count, 3);
    const chunks: string[] = [];

    await captureEmf(() => {
      const write = process.stdout.write;
      process.stdout.write = ((chunk: string) => {
        chunks.push(chunk);
        return write.call(process.stdout, chunk);
      }) as typeof write;
      try {
        metrics.publishStoredMetrics();
      } finally {
        process.stdout.write = write;
      }
    });

    expect(chunks).toHaveLength(1);
    expect(chunks[0].endsWith('}\n')).toBe(true);
    expect(chunks[0].indexOf('\n')).toBe(chunks[0].length - 1);
  });

  it('turns values added under one name into an array, in order', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = handlerWith(metrics, () => {
      metrics.addMetric('latency', MetricUnit.Milliseconds, 12);
      metrics.addMetric('latency', MetricUnit.Milliseconds, 7.5);
      metrics.addMetric('latency', MetricUnit.Milliseconds, 30);
    });

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents[0].latency).toEqual([12, 7.5, 30]);
    expect(documents[0]._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'latency', Unit: 'Milliseconds' },
    ]);
  });

  it('marks high resolution metrics with StorageResolution 1 and leaves standard ones unmarked', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = handlerWith(metrics, () => {
      metrics.addMetric('fast', MetricUnit.Count, 1, MetricResolution.High);
      metrics.addMetric('slow', MetricUnit.Count, 1, MetricResolution.Standard);
    });

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'fast', Unit: 'Count', StorageResolution: 1 },
      { Name: 'slow', Unit: 'Count' },
    ]);
  });

  it('takes namespace and service from POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME', async () => {
    setEnv({ POWERTOOLS_METRICS_NAMESPACE: 'fromEnv', POWERTOOLS_SERVICE_NAME: 'payments' });
    const metrics = new Metrics();
    const handler = handlerWith(metrics, () => metrics.addMetric('paid', MetricUnit.Count, 1));

    const { documents, stderr } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toBe('fromEnv');
    expect(documents[0].service).toBe('payments');
    expect(stderr).toEqual([]);
  });

  it('falls back to default_namespace with a warning, and service_undefined', async () => {
    const metrics = new Metrics();
    const handler = handlerWith(metrics, () => metrics.addMetric('paid', MetricUnit.Count, 1));

    const { documents, stderr, warnings } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toBe('default_namespace');
    expect(documents[0].service).toBe('service_undefined');
    expect(stderr).toEqual([
      'Namespace should be defined, default used ("default_namespace"). Set POWERTOOLS_METRICS_NAMESPACE ' +
        'or the namespace option',
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'WARN',
        service: 'service_undefined',
        package: '@lambkit/metrics',
        code: 'METRICS_NO_NAMESPACE',
      }),
    ]);
  });

  it('warns about the missing namespace once, also when only single-metric documents are published', async () => {
    const metrics = new Metrics();
    const handler = middy(async () => {
      metrics.singleMetric().addDimension('paymentMethod', 'card').addMetric('payment', MetricUnit.Count, 1);
      metrics.addMetric('paid', MetricUnit.Count, 1);
    }).use(logMetrics(metrics, { captureColdStartMetric: true }));

    const { documents, stderr } = await captureEmf(async () => {
      await invoke(handler);
      await invoke(handler);
    });

    expect(documents.map((document) => document._aws.CloudWatchMetrics[0].Namespace)).toEqual(
      Array(5).fill('default_namespace'),
    );
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^Namespace should be defined, default used .*POWERTOOLS_METRICS_NAMESPACE/);
  });

  it('puts the default dimensions after service in every dimension set', async () => {
    const metrics = new Metrics({
      namespace: 'shop',
      serviceName: 'cart',
      defaultDimensions: { stage: 'prod' },
    });
    const handler = handlerWith(metrics, () => {
      metrics.addDimension('region', 'eu-west-1');
      metrics.addDimensions({ tenant: 'acme' });
      metrics.addMetric('items', MetricUnit.Count, 2);
    });

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['service', 'stage', 'region'],
      ['service', 'stage', 'tenant'],
    ]);
    expect(documents[0]).toMatchObject({
      service: 'cart',
      stage: 'prod',
      region: 'eu-west-1',
      tenant: 'acme',
    });
  });

  it('lets a dimension of the invocation override a default dimension, with a warning', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart' });
    const handler = handlerWith(metrics, () => {
      metrics.addDimension('service', 'checkout');
      metrics.addMetric('items', MetricUnit.Count, 2);
    });

    const { documents, stderr } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(documents[0].service).toBe('checkout');
    expect(stderr).toEqual([
      'Dimension "service" has already been added. The previous value will be overwritten.',
    ]);
  });

  it('publishes only the addDimensions sets when addDimension was not used', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart' });
    const handler = handlerWith(metrics, () => {
      metrics.addDimensions({ tenant: 'acme', plan: 'pro' });
      metrics.addDimensions({ channel: 'web' });
      metrics.addMetric('items', MetricUnit.Count, 2);
    });

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['service', 'tenant', 'plan'],
      ['service', 'channel'],
    ]);
  });

  it('adds metadata as top-level members that are neither metrics nor dimensions', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = handlerWith(metrics, () => {
      metrics.addMetadata('bookingId', '7051cd10');
      metrics.addMetadata('cart', { items: 3, tags: ['a'] });
      metrics.addMetric('items', MetricUnit.Count, 3);
    });

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents[0]).toMatchObject({ bookingId: '7051cd10', cart: { items: 3, tags: ['a'] } });
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(documents[0]._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'items', Unit: 'Count' }]);
  });

  it('warns once, naming the key, when a dimension drops metadata of the same name', async () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'shop', defaultDimensions: { stage: 'prod' } });
    const handler = handlerWith(metrics, () => {
      metrics.addMetadata('region', 'from-metadata');
      metrics.addMetadata('stage', 'from-metadata');
      metrics.addDimension('region', 'eu-west-1');
      metrics.addMetric('items', MetricUnit.Count, 3);
    });

    // Act
    const { documents, stderr } = await captureEmf(async () => {
      await invoke(handler);
      await invoke(handler);
    });

    // Assess
    expect(documents.map((document) => [document.region, document.stage])).toEqual([
      ['eu-west-1', 'prod'],
      ['eu-west-1', 'prod'],
    ]);
    expect(stderr).toEqual([
      'EMF key "region" is defined as both a metadata and dimension; the dimension value will take precedence in the serialized output',
      'EMF key "stage" is defined as both a metadata and default dimension; the default dimension value will take precedence in the serialized output',
    ]);
  });

  it('uses the timestamp given to setTimestamp, as a Date or as epoch milliseconds', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const earlier = new Date(Date.now() - 60_000);
    const handler = handlerWith(metrics, () => {
      metrics.setTimestamp(earlier);
      metrics.addMetric('items', MetricUnit.Count, 1);
    });

    const first = await captureEmf(() => invoke(handler));
    metrics.setTimestamp(earlier.getTime() + 1);
    metrics.addMetric('items', MetricUnit.Count, 1);
    const second = await captureEmf(() => metrics.publishStoredMetrics());

    expect(first.documents[0]._aws.Timestamp).toBe(earlier.getTime());
    expect(second.documents[0]._aws.Timestamp).toBe(earlier.getTime() + 1);
  });

  it('forgets the metrics, dimensions, metadata and timestamp of an invocation after its flush', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    let call = 0;
    const handler = handlerWith(metrics, () => {
      call++;
      if (call === 1) {
        metrics.addDimension('region', 'eu-west-1');
        metrics.addMetadata('note', 'first');
        metrics.setTimestamp(Date.now() - 120_000);
      }
      metrics.addMetric(`call${call}`, MetricUnit.Count, call);
    });

    const { documents } = await captureEmf(async () => {
      await invoke(handler);
      await invoke(handler);
    });

    expect(documents[1]).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          { Namespace: 'shop', Dimensions: [['service']], Metrics: [{ Name: 'call2', Unit: 'Count' }] },
        ],
      },
      service: 'service_undefined',
      call2: 2,
    });
    expect(documents[1]._aws.Timestamp).toBeGreaterThan(documents[0]._aws.Timestamp + 60_000);
  });

  it('after clearDefaultDimensions publishes an empty dimension set, which the specification allows', async () => {
    const metrics = new Metrics({ namespace: 'shop', defaultDimensions: { stage: 'prod' } });
    metrics.clearDefaultDimensions();
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
    expect(documents[0]).not.toHaveProperty('service');
  });

  it('singleMetric publishes each metric at once, in a document of its own with its own dimensions', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart' });
    const handler = handlerWith(metrics, () => {
      metrics.addMetric('items', MetricUnit.Count, 1);
      metrics.singleMetric().addDimension('paymentMethod', 'card').addMetric('payment', MetricUnit.Count, 1);
    });

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({ paymentMethod: 'card', payment: 1, service: 'cart' });
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'paymentMethod']]);
    expect(documents[1]).not.toHaveProperty('paymentMethod');
    expect(documents[1].items).toBe(1);
  });

  it('does not keep the instances singleMetric makes alive on the invocation state', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const stores = (): Map<unknown, unknown> | undefined =>
      getInvocationState()[Symbol.for('@lambkit/metrics.stores')] as Map<unknown, unknown> | undefined;
    metrics.addMetric('items', MetricUnit.Count, 1);
    const before = stores()?.size;

    await captureEmf(() => {
      for (let i = 0; i < 100; i++) metrics.singleMetric().addMetric('payment', MetricUnit.Count, 1);
    });

    expect(stores()?.size).toBe(before);
  });

  it('sends warnings to the logger given in the options instead of stderr', async () => {
    const warnings: string[] = [];
    const metrics = new Metrics({ logger: { warn: (message) => warnings.push(message) } });

    const { stderr } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(stderr).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^No application metrics to publish/);
  });

  it('writes a warning to stderr, and publishes, when the logger it was given throws', async () => {
    const logger = {
      warn: () => {
        throw new Error('logger closed');
      },
    };
    const metrics = new Metrics({ logger });
    const handler = handlerWith(metrics, () => metrics.addMetric('paid', MetricUnit.Count, 1));

    const { documents, error, stderr } = await captureEmf(() => invoke(handler));

    expect(error).toBeUndefined();
    expect(documents.map((document) => document.paid)).toEqual([1]);
    expect(stderr).toEqual([expect.stringMatching(/^Namespace should be defined, default used/)]);
  });
});

describe('Metrics: flushing with nothing to publish', () => {
  it('warns in the words Powertools uses and writes nothing', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = handlerWith(metrics);

    const { documents, stderr } = await captureEmf(() => invoke(handler));

    expect(documents).toEqual([]);
    expect(stderr).toEqual([
      'No application metrics to publish. The cold-start metric may be published if enabled. ' +
        'If application metrics should never be empty, consider using `throwOnEmptyMetrics`',
    ]);
  });

  it('throws a RangeError with setThrowOnEmptyMetrics(true)', () => {
    const metrics = new Metrics({ namespace: 'shop' }).setThrowOnEmptyMetrics(true);

    expect(() => metrics.publishStoredMetrics()).toThrow(
      new RangeError('The number of metrics recorded must be higher than zero'),
    );
  });
});

/** Runs `fn` with every write to stdout failing, as on a closed pipe. */
async function withFailingStdout<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => {
    throw new Error('write EPIPE');
  }) as typeof write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

describe('Metrics: a failure to write', () => {
  it('warns, naming the metrics it could not publish and why, instead of failing the invocation', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = handlerWith(metrics, () => {
      metrics.addMetric('items', MetricUnit.Count, 1);
      return 'booked';
    });

    const { result, error, stderr, warnings } = await captureEmf(() =>
      withFailingStdout(() => invoke(handler)),
    );

    expect(error).toBeUndefined();
    expect(result).toBe('booked');
    expect(stderr).toEqual([
      'Metrics "items" could not be published; what was not yet written is dropped: write EPIPE',
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['METRICS_PUBLISH_FAILED']);
  });

  it('forgets what it could not write, so the next invocation publishes only its own metrics', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    let item = 0;
    const handler = handlerWith(metrics, () => metrics.addMetric('items', MetricUnit.Count, ++item));

    const { documents } = await captureEmf(async () => {
      await withFailingStdout(() => invoke(handler));
      await invoke(handler);
    });

    expect(documents.map((document) => document.items)).toEqual([2]);
  });
});

describe('Metrics: disabling', () => {
  it('publishes nothing when POWERTOOLS_METRICS_DISABLED is true, but still validates', async () => {
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'true' });
    const metrics = new Metrics({ namespace: 'shop' });
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(metrics.isDisabled()).toBe(true);
    expect(documents).toEqual([]);
    expect(metrics.hasStoredMetrics()).toBe(false);
    expect(() => metrics.addMetric('items', MetricUnit.Count, Number.NaN)).toThrow(
      /NaN is not a finite number/,
    );
  });

  it('says once, naming the variable to set, that the metrics it does not publish are disabled', async () => {
    setEnv({ POWERTOOLS_DEV: 'true' });
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = handlerWith(metrics, () => metrics.addMetric('items', MetricUnit.Count, 1));

    const { documents, stderr } = await captureEmf(async () => {
      await invoke(handler);
      await invoke(handler);
    });

    expect(documents).toEqual([]);
    expect(stderr).toEqual([
      'Metrics are disabled by POWERTOOLS_METRICS_DISABLED (or POWERTOOLS_DEV): nothing is published. ' +
        'Set POWERTOOLS_METRICS_DISABLED=false to publish',
    ]);
  });

  it('is off under POWERTOOLS_DEV unless POWERTOOLS_METRICS_DISABLED says otherwise', () => {
    setEnv({ POWERTOOLS_DEV: 'true' });
    const inDev = new Metrics({ namespace: 'shop' });
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'false' });
    const forcedOn = new Metrics({ namespace: 'shop' });

    expect(inDev.isDisabled()).toBe(true);
    expect(forcedOn.isDisabled()).toBe(false);
  });

  it('stays on when POWERTOOLS_METRICS_DISABLED is not a boolean, with one warning naming it', async () => {
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'sometimes' });

    const { result: metrics, error, warnings } = await captureEmf(() => [new Metrics(), new Metrics()]);

    expect(error).toBeUndefined();
    expect(metrics?.map((m) => m.isDisabled())).toEqual([false, false]);
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'WARN',
        code: 'CORE_INVALID_ENV',
        variable: 'POWERTOOLS_METRICS_DISABLED',
        value: 'sometimes',
      }),
    ]);
    expect(warnings[0].message).toContain('ignoring it, as if it were unset');
  });

  it('uses default_namespace when POWERTOOLS_METRICS_NAMESPACE is one CloudWatch rejects, with one warning naming it', async () => {
    setEnv({ POWERTOOLS_METRICS_NAMESPACE: 'AWS/Lambda' });

    const { result: metrics, error, warnings } = await captureEmf(() => new Metrics());
    metrics?.addMetric('paid', MetricUnit.Count, 1);
    const { documents } = await captureEmf(() => metrics?.publishStoredMetrics());

    expect(error).toBeUndefined();
    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toBe('default_namespace');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message:
          "Environment variable POWERTOOLS_METRICS_NAMESPACE has the value \"AWS/Lambda\": must not start with ':' or 'AWS/'; using default_namespace instead. Set a valid value or unset the variable.",
        variable: 'POWERTOOLS_METRICS_NAMESPACE',
        value: 'AWS/Lambda',
        fallback: 'default_namespace',
      }),
    ]);
  });
});

describe('Metrics: reading and clearing what is stored', () => {
  it('serializeMetrics returns the document a flush would write, without writing or forgetting it', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart' });
    metrics.addMetric('items', MetricUnit.Count, 4);

    const { result, documents } = await captureEmf(() => metrics.serializeMetrics());

    expect(documents).toEqual([]);
    expect(result).toMatchObject({ service: 'cart', items: 4 });
    expect(metrics.hasStoredMetrics()).toBe(true);
    metrics.clearMetrics();
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('clearDimensions and clearMetadata drop what the invocation added, keeping the defaults', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart' });
    metrics.addDimension('region', 'eu-west-1');
    metrics.addDimensions({ tenant: 'acme' });
    metrics.addMetadata('note', 'x');
    metrics.clearDimensions();
    metrics.clearMetadata();
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]).toEqual({
      _aws: expect.objectContaining({
        CloudWatchMetrics: [
          { Namespace: 'shop', Dimensions: [['service']], Metrics: [{ Name: 'items', Unit: 'Count' }] },
        ],
      }),
      service: 'cart',
      items: 1,
    });
  });

  it('publishes metrics recorded at INIT, outside any invocation, with the first invocation', async () => {
    // A new execution environment: the process-wide slot belongs to no invocation yet.
    sharedState().single = { requestId: undefined, traceId: undefined, context: undefined };
    const metrics = new Metrics({ namespace: 'shop' });
    metrics.addMetric('initDuration', MetricUnit.Milliseconds, 180);
    const handler = handlerWith(metrics, () => metrics.addMetric('items', MetricUnit.Count, 1));

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ initDuration: 180, items: 1 });
  });
});
