import { afterEach, describe, expect, it } from 'vitest';
import { cachedClient, clearClientCache, isColdStart, resetColdStart, sharedState } from './index.js';

const STATE_KEY = Symbol.for('@lambkit/core.state.v1');
type Holder = { [STATE_KEY]?: unknown };

describe('shared state', () => {
  afterEach(() => {
    clearClientCache();
    resetColdStart();
  });

  it('completes state created by an older @lambkit/core and keeps what it holds', () => {
    class Client {
      constructor(readonly config: { region?: string } = {}) {}
    }
    const existing = new Client();
    const holder = globalThis as Holder;
    const saved = holder[STATE_KEY];
    try {
      // The shape an older core wrote: no configKeys, objectIds or nextObjectId.
      holder[STATE_KEY] = {
        firstRequestId: 'first',
        seenInvocation: true,
        single: { requestId: undefined, traceId: undefined, context: undefined },
        als: undefined,
        clients: new Map([[Client, new Map([['{}', existing]])]]),
      };
      expect(cachedClient(Client)).toBe(existing);
      expect(cachedClient(Client, { region: 'eu-west-1' })).not.toBe(existing);
      expect(isColdStart('first')).toBe(true);
      expect(isColdStart('second')).toBe(false);
      expect(sharedState().objectIds).toBeInstanceOf(WeakMap);
    } finally {
      holder[STATE_KEY] = saved;
    }
  });
});
