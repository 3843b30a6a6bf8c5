// What Powertools' Metrics offers beside the middleware, used as its documentation shows: the
// logMetrics class method decorator (legacy experimentalDecorators, set in this package's
// tsconfig.json), `using` (Symbol.dispose), throwOnEmptyMetrics() and customConfigService.
import { type LambdaContext, type LambdaInterface, resetColdStart } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEmf, setEnv } from '../test/test-emf.js';
import { Metrics, MetricUnit } from './index.js';
import type { ConfigServiceInterface, ExtraOptions, MetricsInterface } from './types/index.js';

let restoreEnv: () => void;
beforeEach(() => {
  resetColdStart();
  restoreEnv = setEnv({
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    POWERTOOLS_SERVICE_NAME: undefined,
    POWERTOOLS_METRICS_NAMESPACE: undefined,
    POWERTOOLS_METRICS_DISABLED: undefined,
    POWERTOOLS_DEV: undefined,
  });
});
afterEach(() => restoreEnv());

function newMetrics(): Metrics {
  return new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
}

/** A handler class decorated as Powertools' README shows, recording what `this` was. */
function decoratedLambda(
  metrics: Metrics,
  options: ExtraOptions,
  body: (event: { fail?: boolean }) => unknown,
) {
  class Lambda implements LambdaInterface {
    readonly seen: unknown[] = [];

    @metrics.logMetrics(options)
    public async handler(event: { fail?: boolean }, _context: LambdaContext) {
      this.seen.push(this);
      return body(event);
    }
  }
  const instance = new Lambda();
  return { instance, handler: instance.handler.bind(instance) };
}

describe('the logMetrics decorator', () => {
  it('publishes the metrics when the method returns, and returns its result', async () => {
    const metrics = newMetrics();
    const { handler } = decoratedLambda(metrics, {}, () => {
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      return 'booked';
    });

    const { documents, result } = await captureEmf(() => handler({}, createContext()));

    expect(result).toBe('booked');
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ service: 'orders', successfulBooking: 1 });
  });

  it('publishes the metrics recorded before the method threw, and rethrows its error', async () => {
    const metrics = newMetrics();
    const failure = new Error('payment declined');
    const { handler } = decoratedLambda(metrics, {}, () => {
      metrics.addMetric('attempts', MetricUnit.Count, 1);
      throw failure;
    });

    const { documents, error } = await captureEmf(() => handler({}, createContext()));

    expect(error).toBe(failure);
    expect(documents.map((document) => document.attempts)).toEqual([1]);
  });

  it('keeps the class instance as `this` in the decorated method', async () => {
    const metrics = newMetrics();
    const { instance, handler } = decoratedLambda(metrics, {}, () => {
      metrics.addMetric('calls', MetricUnit.Count, 1);
    });

    await captureEmf(() => handler({}, createContext()));

    expect(instance.seen).toEqual([instance]);
  });

  it('publishes the ColdStart metric with the function name of the context on the first invocation only', async () => {
    const metrics = newMetrics();
    const { handler } = decoratedLambda(metrics, { captureColdStartMetric: true }, () => {
      metrics.addMetric('calls', MetricUnit.Count, 1);
    });

    const first = await captureEmf(() => handler({}, createContext({ functionName: 'book-flight' })));
    const second = await captureEmf(() => handler({}, createContext({ awsRequestId: 'second' })));

    expect(first.documents[0]).toMatchObject({ function_name: 'book-flight', ColdStart: 1 });
    expect(first.documents).toHaveLength(2);
    expect(second.documents.filter((document) => 'ColdStart' in document)).toEqual([]);
  });

  it('applies throwOnEmptyMetrics and defaultDimensions once, when the class is defined', async () => {
    const metrics = newMetrics();
    const { handler } = decoratedLambda(
      metrics,
      { throwOnEmptyMetrics: true, defaultDimensions: { environment: 'prod' } },
      (event) => {
        if (!event.fail) metrics.addMetric('calls', MetricUnit.Count, 1);
      },
    );

    const published = await captureEmf(() => handler({}, createContext()));
    const empty = await captureEmf(() => handler({ fail: true }, createContext({ awsRequestId: 'empty' })));

    expect(published.documents[0]).toMatchObject({ environment: 'prod', calls: 1 });
    expect((empty.error as Error).message).toBe('The number of metrics recorded must be higher than zero');
  });

  it("reports the handler's error, not the empty flush it causes under throwOnEmptyMetrics", async () => {
    const metrics = newMetrics();
    const failure = new TypeError('no seat');
    const { handler } = decoratedLambda(metrics, { throwOnEmptyMetrics: true }, () => {
      throw failure;
    });

    const { error } = await captureEmf(() => handler({}, createContext()));

    expect(error).toBe(failure);
  });

  it('publishes a metric the previous invocation added after its flush with the next one', async () => {
    const metrics = newMetrics();
    let late: Promise<void> | undefined;
    const { handler } = decoratedLambda(metrics, {}, () => {
      metrics.addMetric('calls', MetricUnit.Count, 1);
      late ??= new Promise((resolve) =>
        setTimeout(() => resolve(void metrics.addMetric('lateWork', MetricUnit.Count, 1)), 1),
      );
    });

    await captureEmf(() => handler({}, createContext()));
    await late;
    const next = await captureEmf(() => handler({}, createContext({ awsRequestId: 'next' })));

    expect(next.documents.map((document) => document.lateWork ?? document.calls)).toEqual([1, 1]);
    expect(next.documents[0]).toHaveProperty('lateWork', 1);
  });
});

describe('Symbol.dispose (`using`)', () => {
  it('publishes the stored metrics when a `using` binding leaves its scope', async () => {
    const metrics = newMetrics();
    const handler = async () => {
      using _ = metrics;
      metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
    };

    const { documents } = await captureEmf(() => handler());

    expect(documents.map((document) => document.successfulBooking)).toEqual([1]);
  });

  it('publishes them when the scope exits with an error, which goes on unchanged', async () => {
    const metrics = newMetrics();
    const failure = new Error('boom');
    const handler = async () => {
      using _ = metrics;
      metrics.addMetric('attempts', MetricUnit.Count, 1);
      throw failure;
    };

    const { documents, error } = await captureEmf(() => handler());

    expect(error).toBe(failure);
    expect(documents.map((document) => document.attempts)).toEqual([1]);
  });
});

describe('throwOnEmptyMetrics()', () => {
  it('makes a flush with no metrics throw, as setThrowOnEmptyMetrics(true) does', () => {
    const metrics = newMetrics();

    metrics.throwOnEmptyMetrics();

    expect(() => metrics.publishStoredMetrics()).toThrow(
      new RangeError('The number of metrics recorded must be higher than zero'),
    );
  });
});

describe('customConfigService (deprecated in Powertools)', () => {
  const config = {
    getNamespace: () => 'fromConfig',
    getServiceName: () => 'configured',
  } as ConfigServiceInterface;

  it('gives the namespace and the service when the options do not', async () => {
    const metrics = new Metrics({ customConfigService: config });
    metrics.addMetric('calls', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toBe('fromConfig');
    expect(documents[0].service).toBe('configured');
  });

  it('yields to the namespace and serviceName options', () => {
    const metrics = new Metrics({ customConfigService: config, namespace: 'shop', serviceName: 'cart' });
    metrics.addMetric('calls', MetricUnit.Count, 1);

    const document = metrics.serializeMetrics();

    expect(document._aws.CloudWatchMetrics[0].Namespace).toBe('shop');
    expect(document.service).toBe('cart');
  });
});

describe('MetricsInterface', () => {
  it('is implemented by Metrics, singleMetric() included', () => {
    const metrics: MetricsInterface = newMetrics();

    expect(metrics.singleMetric()).toBeInstanceOf(Metrics);
  });
});
