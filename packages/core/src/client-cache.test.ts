import { afterEach, describe, expect, it } from 'vitest';
import { cachedClient, clearClientCache, runInInvocation, stableHash } from './index.js';

class FakeClient {
  static built = 0;
  constructor(readonly config: Record<string, unknown>) {
    FakeClient.built++;
  }
}
class OtherClient {
  constructor(readonly config: Record<string, unknown>) {}
}

describe('cachedClient', () => {
  afterEach(() => {
    clearClientCache();
    FakeClient.built = 0;
  });

  it('returns the same instance across invocations', async () => {
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((requestId) =>
        runInInvocation(
          async () => {
            await new Promise((resolve) => setImmediate(resolve));
            return cachedClient(FakeClient, { region: 'eu-west-1' });
          },
          { requestId },
        ),
      ),
    );
    expect(new Set(seen).size).toBe(1);
    expect(FakeClient.built).toBe(1);
  });

  it('treats equal configurations with different key order or identity as the same', () => {
    const a = cachedClient(FakeClient, { region: 'eu-west-1', retry: { maxAttempts: 3, mode: 'standard' } });
    const b = cachedClient(FakeClient, { retry: { mode: 'standard', maxAttempts: 3 }, region: 'eu-west-1' });
    expect(a).toBe(b);
  });

  it('builds separate instances for different configurations and classes', () => {
    const a = cachedClient(FakeClient, { region: 'eu-west-1' });
    const b = cachedClient(FakeClient, { region: 'us-east-1' });
    const c = cachedClient(OtherClient, { region: 'eu-west-1' });
    expect(a).not.toBe(b);
    expect(c).toBeInstanceOf(OtherClient);
    expect(a.config.region).toBe('eu-west-1');
  });

  it('treats no configuration as an empty one', () => {
    expect(cachedClient(FakeClient)).toBe(cachedClient(FakeClient, {}));
  });

  it('compares functions in a configuration by identity', () => {
    const provider = async () => ({ accessKeyId: 'a', secretAccessKey: 'b' });
    const a = cachedClient(FakeClient, { credentials: provider });
    expect(cachedClient(FakeClient, { credentials: provider })).toBe(a);
    expect(cachedClient(FakeClient, { credentials: async () => ({}) })).not.toBe(a);
  });

  it('returns the same client after the client mutated the configuration it was given', () => {
    // The AWS SDK marks static credentials with $source on its first request.
    class MutatingClient {
      constructor(readonly config: { region: string; credentials: Record<string, unknown> }) {}
      send(): void {
        this.config.credentials.$source = { CREDENTIALS_CODE: 'e' };
      }
    }
    const config = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    const first = cachedClient(MutatingClient, config);
    first.send();
    expect(cachedClient(MutatingClient, config)).toBe(first);
    expect(
      cachedClient(MutatingClient, {
        region: 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      }),
    ).toBe(first);
  });

  it('rejects something that is not a class', () => {
    expect(() => cachedClient('SSMClient' as never)).toThrow(/ClientClass must be a class, got string/);
  });
});

describe('stableHash', () => {
  it('ignores undefined fields and key order', () => {
    expect(stableHash({ a: 1, b: undefined, c: [1, 'x'] })).toBe(stableHash({ c: [1, 'x'], a: 1 }));
  });

  it('distinguishes strings from numbers', () => {
    expect(stableHash({ a: '1' })).not.toBe(stableHash({ a: 1 }));
  });
});

describe('cachedClient with AWS SDK v3 clients', () => {
  it('takes an SDK client class with or without a configuration and types the instance', async () => {
    const { SSMClient } = await import('@aws-sdk/client-ssm');
    const bare = cachedClient(SSMClient);
    const regional = cachedClient(SSMClient, { region: 'eu-west-1' });
    expect(bare).toBeInstanceOf(SSMClient);
    expect(await regional.config.region()).toBe('eu-west-1');
    expect(cachedClient(SSMClient, { region: 'eu-west-1' })).toBe(regional);
    clearClientCache();
  });
});
