import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import { resetColdStart, runInInvocation } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEmf, invoke, setEnv } from '../test/test-emf.js';
import { logMetrics, Metrics, MetricUnit } from './index.js';

const INVOCATIONS = 50;
// Each invocation stamps its documents BASE_TIME - index seconds: fixed, so a loaded machine that
// runs the invocations seconds apart cannot make them look mixed up.
const BASE_TIME = Date.now();

let restoreEnv: () => void;
beforeEach(() => {
  resetColdStart();
  restoreEnv = setEnv({ POWERTOOLS_SERVICE_NAME: undefined, AWS_LAMBDA_INITIALIZATION_TYPE: undefined });
});
afterEach(() => {
  restoreEnv();
  delete (globalThis as { awslambda?: unknown }).awslambda;
});

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
}

/** A handler whose invocations record their own dimension, metadata, values and timestamp, yielding in between. */
function orderHandler(metrics: Metrics, options = {}) {
  return middy(async (event: { index: number; requestId: string }) => {
    const { index, requestId } = event;
    metrics.addDimension('tenant', `tenant-${index}`);
    await pause();
    metrics.addMetadata('requestId', requestId);
    metrics.setTimestamp(BASE_TIME - index * 1000);
    await pause();
    metrics.addMetric('orderValue', MetricUnit.Count, index);
    await pause();
    metrics.addMetric('orderValue', MetricUnit.Count, index + 1000);
    if (index % 2 === 0) metrics.addMetric(`even${index}`, MetricUnit.Count, 1);
    return index;
  }).use(logMetrics(metrics, options));
}

function expectEachInvocationKeptItsOwn(documents: any[]): void {
  const orders = documents.filter((document) => 'orderValue' in document);
  expect(orders).toHaveLength(INVOCATIONS);
  for (const document of orders) {
    const index = Number(document.requestId.replace('req-', ''));
    expect(document.tenant).toBe(`tenant-${index}`);
    expect(document.orderValue).toEqual([index, index + 1000]);
    const names = document._aws.CloudWatchMetrics[0].Metrics.map((metric: { Name: string }) => metric.Name);
    expect(names).toEqual(index % 2 === 0 ? ['orderValue', `even${index}`] : ['orderValue']);
  }
  for (const document of orders) {
    expect(document._aws.Timestamp).toBe(BASE_TIME - document.orderValue[0] * 1000);
  }
}

describe('concurrent invocations (Lambda Managed Instances)', () => {
  it('keeps the metrics, dimensions, metadata and timestamp of 50 interleaved invocations apart', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = orderHandler(metrics);
    const ids = Array.from({ length: INVOCATIONS }, (_, i) => `req-${i}`);

    const { documents, result } = await captureEmf(() =>
      Promise.all(
        ids.map((requestId, index) =>
          runInInvocation(() =>
            invoke(handler, { index, requestId }, createContext({ awsRequestId: requestId })),
          ),
        ),
      ),
    );

    expect(result).toEqual(ids.map((_, index) => index));
    expectEachInvocationKeptItsOwn(documents);
  });

  it("keeps 50 interleaved invocations apart in the Lambda runtime's own InvokeStore", async () => {
    // The runtime publishes its store on globalThis.awslambda, as it does inside Lambda.
    (globalThis as { awslambda?: object }).awslambda = {};
    const store = await InvokeStore.getInstanceAsync(true);
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = orderHandler(metrics);
    const ids = Array.from({ length: INVOCATIONS }, (_, i) => `req-${i}`);

    const { documents } = await captureEmf(() =>
      Promise.all(
        ids.map((requestId, index) =>
          store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, () =>
            invoke(handler, { index, requestId }, createContext({ awsRequestId: requestId })),
          ),
        ),
      ),
    );

    expectEachInvocationKeptItsOwn(documents);
  });

  it('publishes one ColdStart for the execution environment, however many invocations start together', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = orderHandler(metrics, { captureColdStartMetric: true });
    const ids = Array.from({ length: INVOCATIONS }, (_, i) => `req-${i}`);

    const { documents } = await captureEmf(() =>
      Promise.all(
        ids.map((requestId, index) =>
          runInInvocation(() =>
            invoke(handler, { index, requestId }, createContext({ awsRequestId: requestId })),
          ),
        ),
      ),
    );

    expect(documents.filter((document) => 'ColdStart' in document)).toHaveLength(1);
    expectEachInvocationKeptItsOwn(documents);
  });
});
