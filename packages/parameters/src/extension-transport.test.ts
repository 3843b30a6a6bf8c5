// The extension's HTTP answers and the environment that points at it, at their edges.
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import { GetParameterError, getParameter, getSecret, ParameterNotFoundError } from './index.js';

const emulators = useEmulators();

let stalling: Server | undefined;

afterEach(async () => {
  stalling?.closeAllConnections();
  await new Promise((resolve) => stalling?.close(resolve) ?? resolve(undefined));
  stalling = undefined;
});

/** Serves the extension's port with `answer`; resolves to the count of connections it saw close. */
async function startExtension(answer: Parameters<typeof createServer>[1]): Promise<{ closed: number }> {
  const seen = { closed: 0 };
  stalling = createServer(answer);
  stalling.on('connection', (socket) => socket.on('close', () => seen.closed++));
  await new Promise<void>((resolve) => stalling!.listen(0, '127.0.0.1', resolve));
  process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String((stalling.address() as AddressInfo).port);
  process.env.AWS_SESSION_TOKEN = 'token';
  return seen;
}

/** An extension that answers its first request HTTP 400 and never answers the later ones. */
function startStallingExtension(): Promise<{ closed: number }> {
  let requests = 0;
  return startExtension((_request, response) => {
    if (requests++ === 0) response.writeHead(400).end('starting');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rejection(call: Promise<unknown>): Promise<any> {
  return call.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('HTTP answers of the extension', () => {
  it('keeps an error body of 300 characters whole and cuts a longer one at 300', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    const body = 'e'.repeat(300);
    const answer = (text: string) => {
      extension.failNext(1, 403, text);
      return rejection(getParameter('/app/flag', { maxAge: 0 }));
    };

    const whole = await answer(body);
    const longer = await answer(`${body}f`);
    const empty = await answer('');

    expect(whole.cause.message).toBe(`HTTP 403: ${body}`);
    expect(longer.cause.message).toBe(`HTTP 403: ${body}...`);
    expect(empty.cause.message).toBe('HTTP 403');
    expect(empty.cause.body).toBe('');
  });

  it('gives ParameterNotFoundError for a version the extension relays as not found, without retrying', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });

    const error = await rejection(getParameter('/app/flag', { version: 9 }));

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error.statusCode).toBe(400);
    expect(extension.requestCount).toBe(1);
  });

  it('gives ParameterNotFoundError for a missing secret, without retrying', async () => {
    const extension = await emulators.extension({ secrets: {} });

    const error = await rejection(getSecret('missing'));

    expect(error).toBeInstanceOf(ParameterNotFoundError);
    expect(error.message).toBe('The secret "missing" was not found (through the extension)');
    expect(extension.requestCount).toBe(1);
  });

  it('does not retry a 400 that relays a validation error or a missing authorization', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    extension.failNext(1, 400, 'ValidationException: bad name');
    const validation = await rejection(getParameter('/app/flag', { maxAge: 0 }));
    const afterValidation = extension.requestCount;
    extension.failNext(1, 400, 'User: x is not authorized to perform: ssm:GetParameter');

    const denied = await rejection(getParameter('/app/flag', { maxAge: 0 }));

    expect([validation.constructor, denied.constructor]).toEqual([GetParameterError, GetParameterError]);
    expect([afterValidation, extension.requestCount]).toEqual([1, 2]);
  });

  it('takes only a 2xx answer for the value: HTTP 300 is a failure', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    extension.failNext(1, 300, 'elsewhere');

    const error = await rejection(getParameter('/app/flag'));

    expect(error.message).toBe('Failed to get the parameter "/app/flag": the extension answered HTTP 300');
    expect(error.statusCode).toBe(300);
  });

  it('does not retry an answer that is not HTTP, which no retry can fix', async () => {
    let connections = 0;
    const garbage = createTcpServer((socket) => {
      connections++;
      socket.end('garbage\r\n\r\n');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String((garbage.address() as AddressInfo).port);
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await rejection(getParameter('/app/flag')).finally(() => garbage.close());

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension failed (Error)',
    );
    expect(error.cause.code).toMatch(/^HPE_/);
    expect(connections).toBe(1);
  });

  it('retries a plain 400 until it passes', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    extension.failNext(5, 400, 'starting');

    const value = await getParameter('/app/flag');

    expect(value).toBe('on');
    expect(extension.requestCount).toBe(6);
  });
});

describe('connections', () => {
  it('keeps at most 10 connections to the extension, and keeps them alive, from a fresh load of the package', async () => {
    // A fresh copy of the package creates its agent in this test, whatever the tests before did.
    vi.resetModules();
    const fresh = await import('./index.js');
    const names = Array.from({ length: 12 }, (_, i) => `/app/p${i}`);
    const extension = await emulators.extension({ parameters: Object.fromEntries(names.map((n) => [n, n])) });
    extension.setDelay(50);

    const values = await Promise.all(names.map((name) => fresh.getParameter(name)));
    const atOnce = extension.connectionCount;
    await fresh.getParameter(names[0]!, { maxAge: 0 });

    expect(values).toEqual(names);
    expect([atOnce, extension.connectionCount]).toEqual([10, 10]);
  });
});

describe('timeouts after retries', () => {
  it('names the attempt that timed out when it was not the first', async () => {
    await startStallingExtension();

    const error = await rejection(getParameter('/app/flag', { timeoutMs: 300 }));

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension timed out after 300 ms (timeoutMs) while waiting for the response headers (attempt 2)',
    );
    expect(error.cause.name).toBe('ExtensionTimeoutError');
  });

  it('closes the connection of a request that timed out', async () => {
    const seen = await startStallingExtension();

    await rejection(getParameter('/app/flag', { timeoutMs: 300 }));
    await sleep(100);

    expect(seen.closed).toBe(1);
  });

  it('retries an answer cut off in the middle of its body, then names the failure', async () => {
    let requests = 0;
    await startExtension((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      response.write('{"Parameter":');
      setTimeout(() => response.socket?.destroy(), 5);
    });

    const error = await rejection(getParameter('/app/flag'));

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension failed (Error)',
    );
    expect(requests).toBe(6);
  });

  it('reports a timeout, not a missing extension, when it listened after refusing connections', async () => {
    await emulators.extension({ parameters: { '/app/flag': 'on' }, listenAfterMs: 150, delayMs: 5000 });

    const error = await rejection(getParameter('/app/flag', { transport: 'extension', timeoutMs: 1000 }));

    expect(error.message).toMatch(
      /^Failed to get the parameter "\/app\/flag": the request to the extension timed out after 1000 ms \(timeoutMs\) while waiting for the response headers \(attempt \d\)$/,
    );
  });
});

describe('the environment', () => {
  it("refuses transport 'extension' when AWS_SESSION_TOKEN is empty, naming the variable", async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    process.env.AWS_SESSION_TOKEN = '';

    const error = await rejection(getParameter('/app/flag', { transport: 'extension' }));

    expect(error.cause.name).toBe('MissingSessionTokenError');
    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": AWS_SESSION_TOKEN is not set; the extension requires it in X-Aws-Parameters-Secrets-Token',
    );
    expect(extension.requestCount).toBe(0);
  });

  it("goes to the SDK under 'auto' when AWS_SESSION_TOKEN is empty", async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'from-extension' } });
    const aws = await emulators.aws({ parameters: { '/app/flag': 'from-sdk' } });
    process.env.AWS_SESSION_TOKEN = '';

    const value = await getParameter('/app/flag', { clientConfig: aws.clientConfig });

    expect(value).toBe('from-sdk');
    expect(extension.requestCount).toBe(0);
  });

  it('treats a blank PARAMETERS_SECRETS_EXTENSION_HTTP_PORT inside Lambda as not set', async () => {
    const aws = await emulators.aws({ parameters: { '/app/flag': 'on' } });
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = ' ';
    process.env.AWS_SESSION_TOKEN = 'token';
    aws.failNext(1, { type: 'InternalServerError', status: 500 });

    const error = await rejection(
      getParameter('/app/flag', { clientConfig: { ...aws.clientConfig, maxAttempts: 1 } }),
    );

    expect(error.message).toContain(
      'The Parameters and Secrets extension: not tried: no extension is installed in /opt/extensions and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not set.',
    );
  });
});
