import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginInvocation, getTraceHeader, getXrayTraceId, isColdStart, resetColdStart } from './index.js';

const realEnv = process.env;

/** Counts reads of `name` from process.env while the test runs (a Proxy over the real object). */
function countReads(name: string): { count: number } {
  const reads = { count: 0 };
  process.env = new Proxy(realEnv, {
    get(target, key, receiver) {
      if (key === name) reads.count++;
      return Reflect.get(target, key, receiver);
    },
  });
  return reads;
}

describe('environment reads on the warm path', () => {
  beforeEach(() => {
    resetColdStart();
  });

  afterEach(() => {
    process.env = realEnv;
    delete realEnv.AWS_LAMBDA_INITIALIZATION_TYPE;
    delete realEnv._X_AMZN_TRACE_ID;
    resetColdStart();
  });

  it('reads AWS_LAMBDA_INITIALIZATION_TYPE once per process, not once per invocation', () => {
    // Prepare
    realEnv.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const reads = countReads('AWS_LAMBDA_INITIALIZATION_TYPE');

    // Act
    const answers = ['req-1', 'req-1', 'req-2', 'req-3', 'req-1'].map((id) => isColdStart(id));

    // Assess
    expect(answers).toEqual([true, true, false, false, true]);
    expect(reads.count).toBe(1);
  });

  it('reads _X_AMZN_TRACE_ID once per invocation, even when Lambda did not set it', () => {
    // Prepare
    const reads = countReads('_X_AMZN_TRACE_ID');

    // Act
    beginInvocation({ awsRequestId: 'untraced' } as never);
    const header = getTraceHeader();
    const root = getXrayTraceId();
    getTraceHeader();

    // Assess
    expect([header, root]).toEqual([undefined, undefined]);
    expect(reads.count).toBe(1);
  });
});
