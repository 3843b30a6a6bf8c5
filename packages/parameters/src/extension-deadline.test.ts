// timeoutMs is one deadline for a whole fetch from the extension: connection, headers, body, and
// the retries with their waits. A socket idle timeout is not enough: an extension that trickles a
// byte now and then would hold the handler for as long as it likes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, everythingIn, useEmulators } from '../test/test-helpers.js';
import { GetParameterError, getParameter } from './index.js';

const emulators = useEmulators();
const VALUE = 'trickled-secret-value-5d1e';

let trickling: Server | undefined;

afterEach(async () => {
  trickling?.closeAllConnections();
  await new Promise((resolve) => trickling?.close(resolve) ?? resolve(undefined));
  trickling = undefined;
});

/** An extension that sends its headers at once, then its body one byte every `intervalMs`. */
async function startTricklingExtension(token: string, intervalMs: number): Promise<number> {
  const body = JSON.stringify({ Parameter: { Name: '/app/flag', Value: VALUE }, ResultMetadata: {} });
  trickling = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed || sent >= body.length) return clearInterval(timer);
      response.write(body[sent++]);
    }, intervalMs);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => trickling!.listen(0, '127.0.0.1', resolve));
  process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String((trickling.address() as AddressInfo).port);
  process.env.AWS_SESSION_TOKEN = token;
  return body.length * intervalMs;
}

describe('timeoutMs', () => {
  it('ends a fetch whose body trickles in once timeoutMs has passed in all', async () => {
    const wholeBodyMs = await startTricklingExtension('token-7c2b', 50);
    const started = Date.now();

    const error = await getParameter('/app/flag', { timeoutMs: 300 }).catch((e) => e);
    const elapsed = Date.now() - started;

    expect(wholeBodyMs).toBeGreaterThan(3000);
    expect(elapsed).toBeLessThan(1500);
    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension timed out after 300 ms (timeoutMs) while waiting for the rest of the response body',
    );
  });

  it('never puts the session token or any part of the value in a timeout error', async () => {
    await startTricklingExtension('token-7c2b', 20);

    const error = await getParameter('/app/flag', { timeoutMs: 200 }).catch((e) => e);

    const shown = everythingIn(error);
    expect(shown).not.toContain('token-7c2b');
    expect(shown).not.toContain('trickled');
  });

  it('says it was waiting for the response headers when none came', async () => {
    const extension = await emulators.extension({ parameters: { '/app/flag': 'on' } });
    // A first fetch leaves a connected keep-alive socket, so the 50 ms are spent waiting for the
    // headers alone, however loaded the machine is.
    await getParameter('/app/flag');
    extension.setDelay(500);

    const error = await getParameter('/app/flag', { timeoutMs: 50, maxAge: 0 }).catch((e) => e);

    expect(error.message).toBe(
      'Failed to get the parameter "/app/flag": the request to the extension timed out after 50 ms (timeoutMs) while waiting for the response headers',
    );
  });

  it('stops retrying HTTP 400 answers when the next wait would pass timeoutMs', async () => {
    const extension = await emulators.extension({
      parameters: { '/app/flag': 'on' },
      failFirst: 100,
      failStatus: 400,
    });

    const error = await getParameter('/app/flag', { timeoutMs: 60 }).catch((e) => e);

    // The last attempt may itself have run out of time: a 400, or a timeout, but never six attempts.
    // (On a loaded machine even the first request may not arrive within 60 ms: no lower bound.)
    expect(error).toBeInstanceOf(GetParameterError);
    expect(extension.requestCount).toBeLessThan(6);
  });

  it('stops retrying refused connections at timeoutMs and says how many attempts were made', async () => {
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(await closedPort());
    process.env.AWS_SESSION_TOKEN = 'token';

    const error = await getParameter('/app/flag', { transport: 'extension', timeoutMs: 60 }).catch((e) => e);

    expect(error.cause.name).toBe('ExtensionUnreachableError');
    expect(error.cause.attempts).toBeLessThan(6);
    expect(error.message).toMatch(/connection refused, [1-5] attempts? over \d+ ms/);
  });
});
