import { afterEach, describe, expect, it } from 'vitest';
import { isColdStart, resetColdStart } from './index.js';

describe('isColdStart', () => {
  afterEach(() => {
    resetColdStart();
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  });

  it('is true for every caller within the first invocation and false afterwards', () => {
    resetColdStart();
    expect(isColdStart('req-1')).toBe(true);
    expect(isColdStart('req-1')).toBe(true);
    expect(isColdStart('req-2')).toBe(false);
    expect(isColdStart('req-1')).toBe(true);
    expect(isColdStart('req-3')).toBe(false);
  });

  it('without a request id, is true only on the first call', () => {
    resetColdStart();
    expect(isColdStart()).toBe(true);
    expect(isColdStart()).toBe(false);
  });

  it.each(['provisioned-concurrency', 'snap-start'])('is false under %s', (initType) => {
    resetColdStart();
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = initType;
    expect(isColdStart('req-1')).toBe(false);
    expect(isColdStart('req-1')).toBe(false);
  });

  it('is true on demand', () => {
    resetColdStart();
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    expect(isColdStart('req-1')).toBe(true);
  });
});
