import { cleanupMiddlewares } from '@aws-lambda-powertools/commons';
import { resetColdStart } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEmf, invoke, setEnv } from '../test/test-emf.js';
import { logMetrics, Metrics, MetricUnit } from './index.js';
import { logMetrics as logMetricsFromSubpath } from './middleware/index.js';

let restoreEnv: () => void;
beforeEach(() => {
  resetColdStart();
  restoreEnv = setEnv({
    POWERTOOLS_SERVICE_NAME: undefined,
    POWERTOOLS_METRICS_NAMESPACE: undefined,
    POWERTOOLS_METRICS_FUNCTION_NAME: undefined,
    AWS_LAMBDA_INITIALIZATION_TYPE: undefined,
  });
});
afterEach(() => restoreEnv());

function newMetrics(options: ConstructorParameters<typeof Metrics>[0] = {}): Metrics {
  return new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders', ...options });
}

describe('logMetrics: flushing', () => {
  it('publishes the metrics after the handler returns, leaving the response as it was', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      return { statusCode: 201 };
    }).use(logMetrics(metrics));

    const { result, documents } = await captureEmf(() => invoke(handler));

    expect(result).toEqual({ statusCode: 201 });
    expect(documents).toHaveLength(1);
    expect(documents[0].successfulBooking).toBe(1);
  });

  it('publishes the metrics recorded before the handler threw, and lets the error through unchanged', async () => {
    const metrics = newMetrics();
    const failure = new Error('payment service unavailable');
    const handler = middy(async () => {
      metrics.addMetric('bookingAttempt', MetricUnit.Count, 1);
      metrics.addDimension('paymentMethod', 'card');
      throw failure;
    }).use(logMetrics(metrics));

    const { documents, error } = await captureEmf(() => invoke(handler));

    expect(error).toBe(failure);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ bookingAttempt: 1, paymentMethod: 'card', service: 'orders' });
  });

  it('is also exported from @lambkit/metrics/middleware, as Powertools exports it', () => {
    expect(logMetricsFromSubpath).toBe(logMetrics);
  });

  it('adds the defaultDimensions option to every document of the instance', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
    }).use(logMetrics(metrics, { defaultDimensions: { environment: 'prod' } }));

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'environment']]);
    expect(documents[0].environment).toBe('prod');
  });

  it('publishes every instance it is given, each in its own namespace', async () => {
    const orders = newMetrics();
    const payments = newMetrics({ namespace: 'payments' });
    const handler = middy(async () => {
      orders.addMetric('placed', MetricUnit.Count, 1);
      payments.addMetric('charged', MetricUnit.Count, 1);
    }).use(logMetrics([orders, payments]));

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents.map((document) => document._aws.CloudWatchMetrics[0].Namespace)).toEqual([
      'serverlessAirline',
      'payments',
    ]);
  });

  it('publishes the metrics when a Powertools middleware returns early and runs the cleanups', async () => {
    const metrics = newMetrics();
    // What Powertools' idempotency middleware does when it answers from its store.
    const returnEarly = {
      before: async (request: any) => {
        metrics.addMetric('idempotentHit', MetricUnit.Count, 1);
        await cleanupMiddlewares(request);
        return { statusCode: 200, cached: true };
      },
    };
    const handler = middy(async () => ({ statusCode: 200, cached: false }))
      .use(logMetrics(metrics))
      .use(returnEarly);

    const { result, documents } = await captureEmf(() => invoke(handler));

    expect(result).toEqual({ statusCode: 200, cached: true });
    expect(documents).toHaveLength(1);
    expect(documents[0].idempotentHit).toBe(1);
  });

  it('publishes once when a middleware after it fails, without a warning about empty metrics', async () => {
    const metrics = newMetrics();
    const failure = new Error('response validation failed');
    const failingAfter = {
      after: () => {
        throw failure;
      },
    };
    const handler = middy(async () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
    })
      .use(failingAfter)
      .use(logMetrics(metrics));

    const { documents, stderr, error } = await captureEmf(() => invoke(handler));

    expect(error).toBe(failure);
    expect(documents).toHaveLength(1);
    expect(stderr).toEqual([]);
  });

  it('rejects a target that is not a Metrics, naming its position', () => {
    const metrics = newMetrics();

    expect(() => logMetrics([metrics, {} as Metrics])).toThrow(
      'logMetrics: target 1 is not a Metrics instance (got object)',
    );
  });
});

describe('logMetrics: throwOnEmptyMetrics', () => {
  it('fails the invocation when the handler recorded no metrics', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => ({ statusCode: 200 })).use(
      logMetrics(metrics, { throwOnEmptyMetrics: true }),
    );

    const { error, documents } = await captureEmf(() => invoke(handler));

    expect(error).toEqual(new RangeError('The number of metrics recorded must be higher than zero'));
    expect(documents).toEqual([]);
  });

  it("keeps the handler's own error when the handler failed before recording metrics", async () => {
    const metrics = newMetrics();
    const failure = new Error('database timeout');
    const handler = middy(async () => {
      throw failure;
    }).use(logMetrics(metrics, { throwOnEmptyMetrics: true }));

    const { error, stderr, warnings } = await captureEmf(() => invoke(handler));

    expect(error).toBe(failure);
    expect(stderr).toEqual([
      'The number of metrics recorded must be higher than zero (after the handler failed)',
    ]);
    expect(warnings[0]).toMatchObject({
      package: '@lambkit/metrics',
      code: 'METRICS_EMPTY_FLUSH_AFTER_ERROR',
    });
  });

  it('still publishes the other instances when one of them has no metrics, then fails', async () => {
    const empty = newMetrics({ namespace: 'empty' });
    const full = newMetrics({ namespace: 'full' });
    const handler = middy(async () => {
      full.addMetric('placed', MetricUnit.Count, 1);
    }).use(logMetrics([empty, full], { throwOnEmptyMetrics: true }));

    const { error, documents } = await captureEmf(() => invoke(handler));

    expect((error as Error).message).toBe('The number of metrics recorded must be higher than zero');
    expect(documents.map((document) => document._aws.CloudWatchMetrics[0].Namespace)).toEqual(['full']);
  });
});

describe('logMetrics: cold start', () => {
  it('publishes ColdStart in a document of its own with function_name and service, on the first invocation only', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
    }).use(logMetrics(metrics, { captureColdStartMetric: true }));

    const first = await captureEmf(() => invoke(handler, {}, createContext({ functionName: 'book-flight' })));
    const second = await captureEmf(() =>
      invoke(handler, {}, createContext({ functionName: 'book-flight' })),
    );

    expect(first.documents).toHaveLength(2);
    expect(first.documents[0]).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'serverlessAirline',
            Dimensions: [['service', 'function_name']],
            Metrics: [{ Name: 'ColdStart', Unit: 'Count' }],
          },
        ],
      },
      service: 'orders',
      function_name: 'book-flight',
      ColdStart: 1,
    });
    expect(first.documents[1]).not.toHaveProperty('ColdStart');
    expect(first.documents[1]).not.toHaveProperty('function_name');
    expect(second.documents).toHaveLength(1);
    expect(second.documents[0]).not.toHaveProperty('ColdStart');
  });

  it('gives the ColdStart document the default dimensions as well', async () => {
    const metrics = newMetrics({ defaultDimensions: { environment: 'prod' } });
    const handler = middy(async () => undefined).use(logMetrics(metrics, { captureColdStartMetric: true }));

    const { documents } = await captureEmf(() => invoke(handler, {}, createContext({ functionName: 'f' })));

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['service', 'environment', 'function_name'],
    ]);
  });

  it('takes function_name from the functionName option before POWERTOOLS_METRICS_FUNCTION_NAME and the context', async () => {
    setEnv({ POWERTOOLS_METRICS_FUNCTION_NAME: 'from-env' });
    const fromOption = newMetrics({ functionName: 'from-option' });
    const fromEnv = newMetrics();
    const handler = middy(async () => undefined).use(
      logMetrics([fromOption, fromEnv], { captureColdStartMetric: true }),
    );

    const { documents } = await captureEmf(() => invoke(handler, {}, createContext({ functionName: 'ctx' })));

    expect(documents.filter((d) => 'ColdStart' in d).map((d) => d.function_name)).toEqual([
      'from-option',
      'from-env',
    ]);
  });

  it('publishes no ColdStart under provisioned concurrency, where INIT ran ahead of time', async () => {
    setEnv({ AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' });
    const metrics = newMetrics();
    const handler = middy(async () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
    }).use(logMetrics(metrics, { captureColdStartMetric: true }));

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents).toHaveLength(1);
    expect(documents[0]).not.toHaveProperty('ColdStart');
  });

  it('publishes no ColdStart unless asked to', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
    }).use(logMetrics(metrics));

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents.some((document) => 'ColdStart' in document)).toBe(false);
  });
});
