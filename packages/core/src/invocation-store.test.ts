import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import { afterEach, describe, expect, it } from 'vitest';
import {
  beginInvocation,
  getInvocationState,
  getXrayTraceId,
  type LambdaContext,
  runInInvocation,
} from './index.js';

const KEY = Symbol('test.keys');

function contextFor(requestId: string): LambdaContext {
  return { awsRequestId: requestId } as LambdaContext;
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
}

/** One simulated invocation: writes its own data, yields several times, reads it back. */
async function invocation(requestId: string): Promise<{ requestId: string | undefined; keys: unknown }> {
  const state = beginInvocation(contextFor(requestId));
  state[KEY] = { owner: requestId };
  await pause();
  await pause();
  const later = getInvocationState();
  return { requestId: later.requestId, keys: later[KEY] };
}

describe('invocation store', () => {
  afterEach(() => {
    delete (globalThis as { awslambda?: unknown }).awslambda;
    delete process.env._X_AMZN_TRACE_ID;
  });

  it('keeps 50 interleaved invocations apart in lambkit scopes', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `req-${i}`);
    const results = await Promise.all(ids.map((id) => runInInvocation(() => invocation(id))));
    results.forEach((result, i) => {
      expect(result.requestId).toBe(ids[i]);
      expect(result.keys).toEqual({ owner: ids[i] });
    });
  });

  it("keeps 50 interleaved invocations apart in the Lambda runtime's InvokeStore", async () => {
    // The runtime publishes its store on globalThis.awslambda, as it does inside Lambda.
    (globalThis as { awslambda?: object }).awslambda = {};
    const store = await InvokeStore.getInstanceAsync(true);
    expect((globalThis as { awslambda?: { InvokeStore?: unknown } }).awslambda?.InvokeStore).toBe(store);
    const ids = Array.from({ length: 50 }, (_, i) => `rt-${i}`);
    const results = await Promise.all(
      ids.map((id, i) =>
        store.run(
          {
            [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: id,
            [InvokeStoreBase.PROTECTED_KEYS.X_RAY_TRACE_ID]:
              `Root=1-00000000-${String(i).padStart(24, '0')};Sampled=1`,
          },
          async () => {
            const result = await invocation(id);
            return { ...result, trace: getXrayTraceId() };
          },
        ),
      ),
    );
    results.forEach((result, i) => {
      expect(result.requestId).toBe(ids[i]);
      expect(result.keys).toEqual({ owner: ids[i] });
      expect(result.trace).toBe(`1-00000000-${String(i).padStart(24, '0')}`);
    });
  });

  it('replaces the process-wide slot when a new request id begins', () => {
    const first = beginInvocation(contextFor('one'));
    first[KEY] = 'first';
    expect(beginInvocation(contextFor('one'))).toBe(first);
    const second = beginInvocation(contextFor('two'));
    expect(second).not.toBe(first);
    expect(second[KEY]).toBeUndefined();
    expect(getInvocationState()).toBe(second);
  });

  it("records the invocation's trace header from _X_AMZN_TRACE_ID", () => {
    process.env._X_AMZN_TRACE_ID =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    beginInvocation(contextFor('traced'));
    process.env._X_AMZN_TRACE_ID = 'Root=1-11111111-222222222222222222222222;Sampled=0';
    expect(getXrayTraceId()).toBe('1-5759e988-bd862e3fe1be46a994272793');
  });
});
