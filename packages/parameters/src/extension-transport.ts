// The AWS Parameters and Secrets Lambda Extension over plain node:http: no SDK, one keep-alive
// connection reused across requests and invocations.
import type { Agent } from 'node:http';
import { readEnvNumber } from '@lambkit/core';

type Http = typeof import('node:http');

/** The default port of the extension (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT overrides it). */
export const DEFAULT_EXTENSION_PORT = 2773;
/** Default timeout of one request to the extension. */
export const DEFAULT_TIMEOUT_MS = 3000;

/**
 * Waits between attempts while the extension is not ready (connection refused, or HTTP 400 during
 * cold start under load): 10 + 20 + 40 + 80 + 150 = 300 ms at most. The extension normally starts
 * within tens of milliseconds of the function's INIT.
 */
const RETRY_DELAYS_MS = [10, 20, 40, 80, 150];
/** An upstream "does not exist" relayed in a 400 body. */
const NOT_FOUND_BODY = /ParameterNotFound|ParameterVersionNotFound|ResourceNotFoundException/;
/** Upstream errors relayed in a 400 body that a retry cannot fix (a bad request, a missing permission). */
const PERMANENT_BODY = /ValidationException|AccessDeniedException|not authorized/;
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** How much of an error body is kept in an error (error bodies hold no values, but can be long). */
const BODY_EXCERPT = 300;

/** The extension answered with a status other than 2xx. */
export class ExtensionHttpError extends Error {
  override name = 'ExtensionHttpError';
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super(
      `HTTP ${statusCode}${body === '' ? '' : `: ${body.length > BODY_EXCERPT ? `${body.slice(0, BODY_EXCERPT)}...` : body}`}`,
    );
  }

  /** True when the body relays an upstream ParameterNotFound / ResourceNotFoundException. */
  get notFound(): boolean {
    return this.statusCode === 404 || NOT_FOUND_BODY.test(this.body);
  }

  /** True for a 400 that may pass (the extension starting under load), not a relayed permanent error. */
  get retryable(): boolean {
    return this.statusCode === 400 && !this.notFound && !PERMANENT_BODY.test(this.body);
  }
}

/** Nothing accepted connections on the extension's port, even after retrying. */
export class ExtensionUnreachableError extends Error {
  override name = 'ExtensionUnreachableError';
  constructor(
    readonly port: number,
    cause: unknown,
  ) {
    super(`nothing accepted connections on localhost:${port} (connection refused)`, { cause });
  }
}

/** The extension did not answer in time. */
export class ExtensionTimeoutError extends Error {
  override name = 'ExtensionTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** The extension answered 2xx with a body that is not the expected API response (never quoted). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

/** AWS_SESSION_TOKEN is not set, so no request can carry X-Aws-Parameters-Secrets-Token. */
export class MissingSessionTokenError extends Error {
  override name = 'MissingSessionTokenError';
  constructor() {
    super('AWS_SESSION_TOKEN is not set; the extension requires it in X-Aws-Parameters-Secrets-Token');
  }
}

let http: Http | undefined;
let agent: Agent | undefined;

/**
 * node:http and one keep-alive agent for the life of the process, loaded and created on first use:
 * node:http is not loaded at Node's start, and importing this package should cost nothing a function
 * that never reaches the extension does not use.
 */
async function loadHttp(): Promise<[Http, Agent]> {
  http ??= await import('node:http');
  // A few sockets are plenty on loopback; concurrent requests beyond that queue on the agent.
  agent ??= new http.Agent({ keepAlive: true, maxSockets: 10 });
  return [http, agent];
}

/** The extension's port: PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, else 2773. */
export function extensionPort(): number {
  return readEnvNumber('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', DEFAULT_EXTENSION_PORT, {
    integer: true,
    min: 1,
    max: 65535,
  });
}

/** The session token, or undefined when the environment has none. */
export function sessionToken(): string | undefined {
  const token = process.env.AWS_SESSION_TOKEN;
  return token === undefined || token === '' ? undefined : token;
}

interface RawResponse {
  statusCode: number;
  body: string;
}

async function requestOnce(
  port: number,
  path: string,
  token: string,
  timeoutMs: number,
): Promise<RawResponse> {
  const [{ request }, keepAliveAgent] = await loadHttp();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: 'localhost',
        port,
        path,
        method: 'GET',
        agent: keepAliveAgent,
        headers: { 'X-Aws-Parameters-Secrets-Token': token },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new ExtensionTimeoutError(timeoutMs)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  return (
    (code !== undefined && CONNECTION_ERRORS.has(code)) || (error as Error)?.message === 'socket hang up'
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * GETs `path` from the extension and returns the body of its 2xx answer. Connection errors and HTTP
 * 400 (unless it relays a not-found, validation or access-denied error) are retried with a short bounded backoff, since the extension may
 * not be ready while the function's INIT runs; a stale keep-alive socket reset after a freeze is
 * retried the same way. Throws ExtensionUnreachableError when connections are still refused after
 * the retries, ExtensionHttpError for any other non-2xx answer, ExtensionTimeoutError, or
 * MissingSessionTokenError.
 *
 * @example
 * const body = await extensionGet('/secretsmanager/get?secretId=db-password', 3000);
 */
export async function extensionGet(path: string, timeoutMs: number): Promise<string> {
  const token = sessionToken();
  if (token === undefined) throw new MissingSessionTokenError();
  const port = extensionPort();
  for (let attempt = 0; ; attempt++) {
    const canRetry = attempt < RETRY_DELAYS_MS.length;
    let response: RawResponse;
    try {
      response = await requestOnce(port, path, token, timeoutMs);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      if (canRetry) {
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      if (errorCode(error) === 'ECONNREFUSED') throw new ExtensionUnreachableError(port, error);
      throw error;
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
    const failure = new ExtensionHttpError(response.statusCode, response.body);
    if (failure.retryable && canRetry) {
      await sleep(RETRY_DELAYS_MS[attempt]);
      continue;
    }
    throw failure;
  }
}
