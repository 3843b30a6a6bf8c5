import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  beginInvocation,
  getTraceHeader,
  getXrayTraceId,
  isColdStart,
  resetColdStart,
  traceHeaderField,
} from './index.js';

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

describe('traceHeaderField', () => {
  it.each([
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      'Root',
      '1-5759e988-bd862e3fe1be46a994272793',
    ],
    ['Root=1-abc;Parent=def;Sampled=1', 'Sampled', '1'],
    ['Root=1-abc; Parent=def ;Sampled=0', 'Parent', 'def'],
    ['Self=1-xyz;Root=1-abc', 'Root', '1-abc'],
    ['RootX=1;Root=2', 'Root', '2'],
    ['Parent=def', 'Root', undefined],
    ['Root=', 'Root', ''],
  ])('reads %s field %s as %s', (header, field, expected) => {
    expect(traceHeaderField(header, field as 'Root')).toBe(expected);
  });
});
