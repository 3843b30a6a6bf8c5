// The one warm cache at its edges: the exact moment a value expires (by maxAge or by a secret's
// rotation), requests in flight across clearCaches(), and what clearCaches() makes the next call
// learn again.

import { captureOutput, createContext } from '@lambkit/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closedPort, useEmulators } from '../test/test-helpers.js';
import { clearCaches, getParameter, getParametersByName, getSecret, parameters } from './index.js';

const emulators = useEmulators();

afterEach(() => {
  vi.useRealTimers();
});

const START = new Date('2030-01-01T00:00:00Z').getTime();

describe('expiry', () => {
  it('serves a value 1 ms before maxAge has passed and fetches it again at maxAge', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    await getParameter('/app/flag', { maxAge: 2 });
    extension.setParameter('/app/flag', 'off');

    vi.setSystemTime(START + 1999);
    const before = await getParameter('/app/flag', { maxAge: 2 });
    vi.setSystemTime(START + 2000);
    const at = await getParameter('/app/flag', { maxAge: 2 });

    expect([before, at]).toEqual(['on', 'off']);
  });

  it('serves a secret 1 ms before its next rotation and fetches it again at the rotation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
    const rotation = START + 60_000;
    const aws = await emulators.aws({
      secrets: {
        db: {
          versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 'before' }],
          nextRotationDate: new Date(rotation),
        },
      },
    });
    const options = {
      clientConfig: aws.clientConfig,
      transport: 'sdk',
      maxAge: 3600,
      fetchRotationDate: true,
    } as const;
    await getSecret('db', options);
    aws.setSecret('db', 'after');

    vi.setSystemTime(rotation - 1);
    const before = await getSecret('db', options);
    vi.setSystemTime(rotation);
    const at = await getSecret('db', options);

    expect([before, at]).toEqual(['before', 'after']);
  });

  it('gives the secret itself, not its rotation record, when maxAge 0 keeps it out of the cache', async () => {
    const aws = await emulators.aws({
      secrets: {
        db: {
          versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], value: 'pw' }],
          nextRotationDate: new Date(Date.now() + 60_000),
        },
      },
    });

    const value = await getSecret('db', {
      clientConfig: aws.clientConfig,
      transport: 'sdk',
      maxAge: 0,
      fetchRotationDate: true,
    });

    expect(value).toBe('pw');
  });

  it('reads POWERTOOLS_PARAMETERS_MAX_AGE again after clearCaches()', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '1';
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    await getParameter('/app/flag');
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '100';
    clearCaches();

    await getParameter('/app/flag');
    vi.setSystemTime(START + 50_000);
    await getParameter('/app/flag');

    expect(extension.requestCount).toBe(2);
  });

  it('falls back to 5 s for a negative POWERTOOLS_PARAMETERS_MAX_AGE', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '-1';
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    await getParameter('/app/flag');
    vi.setSystemTime(START + 4999);
    await getParameter('/app/flag');
    vi.setSystemTime(START + 5000);
    await getParameter('/app/flag');

    expect(extension.requestCount).toBe(2);
  });
});

describe('requests in flight', () => {
  it('does not store a value whose request started before clearCaches()', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'old' }, delayMs: 50 });
    const pending = getParameter('/app/flag');
    clearCaches();

    const stale = await pending;
    extension.setParameter('/app/flag', 'new');
    const fresh = await getParameter('/app/flag');

    expect([stale, fresh]).toEqual(['old', 'new']);
  });

  it('does not join a request started before clearCaches()', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' }, delayMs: 50 });
    const first = getParameter('/app/flag');
    clearCaches();

    const second = getParameter('/app/flag');

    expect(await Promise.all([first, second])).toEqual(['on', 'on']);
    expect(extension.requestCount).toBe(2);
  });

  it('keeps the request in flight since clearCaches() when one started before it fails', async () => {
    // An SDK client whose first two requests answer when the test says, and later ones at once.
    const pending: { resolve: (output: unknown) => void; reject: (error: unknown) => void }[] = [];
    const created = { Parameter: { Name: '/app/late', Value: 'created' } };
    let sent = 0;
    const client = {
      send: () => {
        sent++;
        if (sent > 2) return Promise.resolve(created);
        return new Promise((resolve, reject) => pending.push({ resolve, reject }));
      },
    };
    const options = { transport: 'sdk', awsSdkV3Client: client } as const;
    const failing = getParameter('/app/late', options).catch(() => 'failed');
    await vi.waitFor(() => expect(sent).toBe(1));
    clearCaches();
    const loading = getParameter('/app/late', options);
    await vi.waitFor(() => expect(sent).toBe(2));

    pending[0]!.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Asks once the first request has failed, while the second is still in flight: it joins it.
    const joining = failing.then(() => getParameter('/app/late', options));
    await new Promise((resolve) => setTimeout(resolve, 50));
    pending[1]!.resolve(created);

    expect(await Promise.all([failing, loading, joining])).toEqual(['failed', 'created', 'created']);
    expect(sent).toBe(2);
  });
});

describe('getParametersByName and the cache', () => {
  it('fetches every name again with forceFetch or maxAge 0, and serves them from the cache otherwise', async () => {
    const extension = await emulators.extension({ parameters: { '/app/a': 'a', '/app/b': 'b' } });
    const names = { '/app/a': {}, '/app/b': {} };
    await getParametersByName(names);

    await getParametersByName(names);
    const afterWarm = extension.requestCount;
    await getParametersByName(names, { forceFetch: true });
    const afterForce = extension.requestCount;
    await getParametersByName(names, { maxAge: 0 });

    expect([afterWarm, afterForce, extension.requestCount]).toEqual([2, 4, 6]);
  });
});

describe('maxAge 0 and requests in flight', () => {
  it('does not join a request in flight for a name getParametersByName asks with maxAge 0', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' }, delayMs: 50 });

    const values = await Promise.all([
      getParameter('/app/flag'),
      getParametersByName({ '/app/flag': { maxAge: 0 } }),
    ]);

    expect(values).toEqual(['on', { '/app/flag': 'on' }]);
    expect(extension.requestCount).toBe(2);
  });
});

describe('clearCaches()', () => {
  it('tries the extension again after it had proved absent', async () => {
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(await closedPort());
    process.env.AWS_SESSION_TOKEN = 'token';
    const aws = await emulators.aws({ parameters: { '/app/flag': 'sdk' } });
    const viaSdk = await getParameter('/app/flag', { clientConfig: aws.clientConfig });
    clearCaches();
    await emulators.extension({ parameters: { '/app/flag': 'extension' } });

    const viaExtension = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect([viaSdk, viaExtension]).toEqual(['sdk', 'extension']);
  });
});

describe('the middleware on a warm cache', () => {
  /** Runs the middleware's `before` on a fresh request; says whether it had to wait for a fetch. */
  async function before(
    middleware: ReturnType<typeof parameters>,
  ): Promise<{ waited: boolean; context: any }> {
    const context = createContext() as any;
    const request = { event: {}, context, response: undefined, error: undefined, internal: {} };
    const pending = middleware.before?.(request as never);
    await pending;
    return { waited: pending !== undefined, context };
  }

  it("serves values within the entry's own maxAge without waiting, and waits once it has passed", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
    await emulators.extension({ parameters: { '/app/flag': 'on' } });
    const middleware = parameters({
      fetch: { flag: { parameter: '/app/flag', maxAge: 60 } },
      prefetch: false,
    });
    await getParameter('/app/flag');

    vi.setSystemTime(START + 30_000);
    const warm = await before(middleware);
    vi.setSystemTime(START + 60_000);
    const expired = await before(middleware);

    expect([warm.waited, warm.context.flag, expired.waited]).toEqual([false, 'on', true]);
  });

  it('waits for a fetch when POWERTOOLS_PARAMETERS_MAX_AGE is 0', async () => {
    process.env.POWERTOOLS_PARAMETERS_MAX_AGE = '0';
    await emulators.extension({ parameters: { '/app/flag': 'on' } });
    const middleware = parameters({ fetch: { flag: { parameter: '/app/flag' } }, prefetch: false });
    await getParameter('/app/flag', { maxAge: 60 });

    expect((await before(middleware)).waited).toBe(true);
  });
});

describe('ports from the environment', () => {
  it('refuses a port that is not a whole number from 1 to 65535, with a warning naming the variable and the value', async () => {
    const warned: string[] = [];
    for (const port of ['2773.5', '0', '65536']) {
      for (const variable of [
        'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
        'AWS_APPCONFIG_EXTENSION_HTTP_PORT',
      ]) {
        process.env[variable] = port;
        clearCaches();
        const { stderr } = await captureOutput(async () => {
          await getParameter('/app/flag', { transport: 'extension', maxAge: 0 }).catch(() => undefined);
        });
        for (const line of stderr)
          if (line.code === 'CORE_INVALID_ENV') warned.push(`${line.variable}=${line.value}`);
        delete process.env[variable];
      }
    }

    expect(warned).toEqual([
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=2773.5',
      'AWS_APPCONFIG_EXTENSION_HTTP_PORT=2773.5',
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=0',
      'AWS_APPCONFIG_EXTENSION_HTTP_PORT=0',
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=65536',
      'AWS_APPCONFIG_EXTENSION_HTTP_PORT=65536',
    ]);
  });
});
