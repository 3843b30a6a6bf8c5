// The extension may not be ready while the function's INIT runs: connections are refused, or it
// answers HTTP 400 for a moment under load. These tests drive the real retry over real sockets.
import { describe, expect, it } from 'vitest';
import { closedPort, useEmulators } from '../test/test-helpers.js';
import { GetParameterError, getParameter, getSecret } from './index.js';

const emulators = useEmulators();

describe('extension start-up race', () => {
  it('retries refused connections until the extension listens', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' }, listenAfterMs: 40 });

    const value = await getParameter('/app/flag', { transport: 'extension' });

    expect(value).toBe('on');
    expect(extension.requestCount).toBe(1);
  });

  it('retries connections reset while the extension starts', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'on' },
      resetFirstConnections: 2,
    });

    const value = await getParameter('/app/flag');

    expect(value).toBe('on');
    expect(extension.resetCount).toBe(2);
    expect(extension.requestCount).toBe(1);
  });

  it('retries HTTP 400 answers given during cold start', async () => {
    const extension = await emulators.extension({
      secrets: { 'db-password': 'pw' },
      failFirst: 2,
      failStatus: 400,
    });

    const value = await getSecret('db-password');

    expect(value).toBe('pw');
    expect(extension.requests.map((request) => request.status)).toEqual([400, 400, 200]);
  });

  it('gives up on HTTP 400 after five retries, with the status on the error', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'on' },
      failFirst: 100,
      failStatus: 400,
    });

    const error = await getParameter('/app/flag').catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error).toMatchObject({ parameter: '/app/flag', transport: 'extension', statusCode: 400 });
    expect(error.message).toBe('Failed to get the parameter "/app/flag": the extension answered HTTP 400');
    expect(extension.requestCount).toBe(6);
  });

  it('does not retry a 400 that relays an access-denied error', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'on' },
      failFirst: 100,
      failStatus: 400,
      failBody:
        'operation error SSM: GetParameter, https response error StatusCode: 400, AccessDeniedException: not authorized',
    });

    const error = await getParameter('/app/flag').catch((e) => e);

    expect(error).toMatchObject({ name: 'GetParameterError', statusCode: 400 });
    expect(extension.requestCount).toBe(1);
  });

  it('does not retry other statuses such as 403', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'on' },
      failFirst: 1,
      failStatus: 403,
    });

    const error = await getParameter('/app/flag').catch((e) => e);

    expect(error).toMatchObject({ name: 'GetParameterError', statusCode: 403 });
    expect(extension.requestCount).toBe(1);
  });

  it('gives up on refused connections with transport extension and names the layer to attach', async () => {
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(await closedPort());
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await getParameter('/app/flag', { transport: 'extension' }).catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.message).toContain('AWS-Parameters-and-Secrets-Lambda-Extension layer');
    expect(error.cause.name).toBe('ExtensionUnreachableError');
  });

  it("rejects transport 'extension' without AWS_SESSION_TOKEN, naming the variable", async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    delete process.env.AWS_SESSION_TOKEN;

    const error = await getParameter('/app/flag', { transport: 'extension' }).catch((e) => e);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": AWS_SESSION_TOKEN is not set; the extension requires it in X-Aws-Parameters-Secrets-Token',
    );
    expect(extension.requestCount).toBe(0);
  });
});
