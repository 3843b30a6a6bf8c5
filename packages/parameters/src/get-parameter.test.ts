import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { getParameter, ParameterNotFoundError } from './index.js';

const emulators = useEmulators();

afterEach(() => {
  vi.useRealTimers();
});

describe('getParameter through the extension', () => {
  it('returns the value from the documented GET path with the session token header', async () => {
    const extension = await emulators.extension({ parameters: { '/app/db-url': 'postgres://db:5432/app' } });

    const value = await getParameter('/app/db-url');

    expect(value).toBe('postgres://db:5432/app');
    expect(extension.requests).toEqual([
      {
        method: 'GET',
        path: '/systemsmanager/parameters/get',
        query: { name: '/app/db-url' },
        token: extension.token,
        status: 200,
      },
    ]);
  });

  it('asks for decryption with withDecryption=true', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/api-key': { value: 'k3y-plain', type: 'SecureString' } },
    });

    const value = await getParameter('/app/api-key', { decrypt: true });

    expect(value).toBe('k3y-plain');
    expect(extension.requests[0].query).toEqual({ name: '/app/api-key', withDecryption: 'true' });
  });

  it('honours POWERTOOLS_PARAMETERS_SSM_DECRYPT as the default of decrypt', async () => {
    process.env.POWERTOOLS_PARAMETERS_SSM_DECRYPT = 'true';
    await emulators.extension({
      parameters: { '/app/api-key': { value: 'k3y-plain', type: 'SecureString' } },
    });

    const value = await getParameter('/app/api-key');

    expect(value).toBe('k3y-plain');
  });

  it('selects a version with version= and a label with label=', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': { versions: ['v1', 'v2', 'v3'], labels: { stable: 2 } } },
    });

    const byVersion = await getParameter('/app/flag', { version: 1 });
    const byLabel = await getParameter('/app/flag', { label: 'stable' });

    expect([byVersion, byLabel]).toEqual(['v1', 'v2']);
    expect(extension.requests.map((request) => request.query)).toEqual([
      { name: '/app/flag', version: '1' },
      { name: '/app/flag', label: 'stable' },
    ]);
  });

  it('parses JSON with transform json', async () => {
    await emulators.extension({ parameters: { '/app/config': '{"retries":3,"regions":["eu-west-1"]}' } });

    const config = await getParameter('/app/config', { transform: 'json' });

    expect(config).toEqual({ retries: 3, regions: ['eu-west-1'] });
  });

  it('decodes base64 with transform binary', async () => {
    await emulators.extension({ parameters: { '/app/greeting': Buffer.from('héllo').toString('base64') } });

    const greeting = await getParameter('/app/greeting', { transform: 'binary' });

    expect(greeting).toBe('héllo');
  });

  it('picks the transform by suffix with transform auto', async () => {
    await emulators.extension({
      parameters: {
        '/app/limits.json': '{"max":10}',
        '/app/logo.binary': 'aGk=',
        '/app/plain': '{"max":10}',
      },
    });

    const [json, binary, plain] = await Promise.all([
      getParameter('/app/limits.json', { transform: 'auto' }),
      getParameter('/app/logo.binary', { transform: 'auto' }),
      getParameter('/app/plain', { transform: 'auto' }),
    ]);

    expect([json, binary, plain]).toEqual([{ max: 10 }, 'hi', '{"max":10}']);
  });

  it('rejects with ParameterNotFoundError naming a missing parameter, without retrying', async () => {
    const extension = await emulators.extension({});

    const error = await getParameter('/app/missing').catch((e) => e);

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error).toMatchObject({ parameter: '/app/missing', transport: 'extension', statusCode: 400 });
    expect(error.message).toContain('"/app/missing"');
    expect(extension.requestCount).toBe(1);
  });

  it('reuses one keep-alive connection for successive requests', async () => {
    const extension = await emulators.extension({ parameters: { '/a': '1', '/b': '2', '/c': '3' } });

    for (const name of ['/a', '/b', '/c']) await getParameter(name);

    expect(extension.requestCount).toBe(3);
    expect(extension.connectionCount).toBe(1);
  });

  it('URL-encodes names and accepts a parameter ARN', async () => {
    const extension = await emulators.extension({ parameters: { '/app/db-url': 'postgres://db' } });
    const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url';

    const value = await getParameter(arn);

    expect(value).toBe('postgres://db');
    expect(extension.requests[0].query.name).toBe(arn);
  });

  it('reads a secret through an /aws/reference/secretsmanager/ name, decrypting without being asked', async () => {
    await emulators.extension({ secrets: { 'payments/api-key': 'sk_live_123' } });

    const value = await getParameter('/aws/reference/secretsmanager/payments/api-key');

    expect(value).toBe('sk_live_123');
  });
});

describe('getParameter cache', () => {
  it('serves a second call from the cache without a request', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    const first = await getParameter('/app/flag');
    extension.setParameter('/app/flag', 'off');
    const second = await getParameter('/app/flag');

    expect([first, second]).toEqual(['on', 'on']);
    expect(extension.requestCount).toBe(1);
  });

  it('keeps two calls differing only in decrypt as two entries', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/api-key': { value: 'k3y-plain', type: 'SecureString' } },
    });

    const encrypted = await getParameter('/app/api-key', { decrypt: false });
    const decrypted = await getParameter('/app/api-key', { decrypt: true });
    const encryptedAgain = await getParameter('/app/api-key', { decrypt: false });

    expect(decrypted).toBe('k3y-plain');
    expect(encrypted).not.toBe('k3y-plain');
    expect(encryptedAgain).toBe(encrypted);
    expect(extension.requestCount).toBe(2);
  });

  it('keeps entries apart by version, label and transform', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/config': { versions: ['{"v":1}', '{"v":2}'], labels: { prod: 1 } } },
    });

    await getParameter('/app/config');
    await getParameter('/app/config', { version: 1 });
    await getParameter('/app/config', { label: 'prod' });
    const parsed = await getParameter('/app/config', { transform: 'json' });
    await getParameter('/app/config', { version: 1 });

    expect(parsed).toEqual({ v: 2 });
    expect(extension.requestCount).toBe(4);
  });

  it('fetches again once the value is older than maxAge', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    await getParameter('/app/flag', { maxAge: 10 });
    extension.setParameter('/app/flag', 'off');
    vi.advanceTimersByTime(9_000);
    const stillCached = await getParameter('/app/flag', { maxAge: 10 });
    vi.advanceTimersByTime(1_000);
    const refreshed = await getParameter('/app/flag', { maxAge: 10 });

    expect([stillCached, refreshed]).toEqual(['on', 'off']);
    expect(extension.requestCount).toBe(2);
  });

  it('uses POWERTOOLS_PARAMETERS_MAX_AGE as the default maxAge', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '60';
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    await getParameter('/app/flag');
    vi.advanceTimersByTime(30_000);
    await getParameter('/app/flag');

    expect(extension.requestCount).toBe(1);
  });

  it('never caches with maxAge 0', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    await getParameter('/app/flag', { maxAge: 0 });
    extension.setParameter('/app/flag', 'off');
    const second = await getParameter('/app/flag', { maxAge: 0 });
    const third = await getParameter('/app/flag');

    expect(second).toBe('off');
    expect(third).toBe('off');
    expect(extension.requestCount).toBe(3);
  });

  it('fetches with forceFetch and caches the fresh value', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    await getParameter('/app/flag');
    extension.setParameter('/app/flag', 'off');
    const forced = await getParameter('/app/flag', { forceFetch: true });
    const after = await getParameter('/app/flag');

    expect([forced, after]).toEqual(['off', 'off']);
    expect(extension.requestCount).toBe(2);
  });

  it('shares one request among 100 concurrent calls for the same parameter', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' }, delayMs: 20 });

    const values = await Promise.all(Array.from({ length: 100 }, () => getParameter('/app/flag')));

    expect(new Set(values)).toEqual(new Set(['on']));
    expect(extension.requestCount).toBe(1);
  });

  it('does not cache a failure: the next call asks again', async () => {
    const extension = await emulators.extension({});

    await getParameter('/app/late').catch(() => undefined);
    extension.setParameter('/app/late', 'created');
    const value = await getParameter('/app/late');

    expect(value).toBe('created');
    expect(extension.requestCount).toBe(2);
  });
});
