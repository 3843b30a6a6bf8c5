// The AWS Parameters and Secrets Lambda Extension over plain node:http: no SDK, one keep-alive
// connection reused across requests and invocations.
import type { Agent } from 'node:http';
import { defaults } from './cache.js';

type Http = typeof import('node:http');

/** Default deadline of one fetch from the extension (retries included). */
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
    readonly attempts: number,
    readonly elapsedMs: number,
    cause: unknown,
  ) {
    super(
      `nothing accepted connections on localhost:${port} (connection refused, ${attempts} attempt${attempts === 1 ? '' : 's'} over ${elapsedMs} ms)`,
      { cause },
    );
  }
}

/** What a request was waiting for when its deadline passed. */
export type ExtensionWait = 'a connection' | 'the response headers' | 'the rest of the response body';

/** The fetch did not complete within its deadline (`timeoutMs`, retries included). */
export class ExtensionTimeoutError extends Error {
  override name = 'ExtensionTimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly waitingFor: ExtensionWait,
    readonly attempts: number,
  ) {
    super(
      `timed out after ${timeoutMs} ms (timeoutMs) while waiting for ${waitingFor}${attempts > 1 ? ` (attempt ${attempts})` : ''}`,
    );
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

/** The Parameters and Secrets extension: its port, and the session token it requires. */
function parametersExtensionTarget(): ExtensionTarget {
  const token = sessionToken();
  if (token === undefined) throw new MissingSessionTokenError();
  return { port: defaults().port, headers: { 'X-Aws-Parameters-Secrets-Token': token } };
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

/**
 * Whether PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is set: the extension (or a local emulator) was
 * configured on purpose, so 'auto' tries it even where /opt/extensions says nothing is installed.
 */
export function extensionPortConfigured(): boolean {
  const value = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  return value !== undefined && value.trim() !== '';
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

/** Which local extension to ask: its port and the headers it wants. */
export interface ExtensionTarget {
  port: number;
  headers: Record<string, string>;
}

/** What one attempt needs besides the path: the fetch's deadline and how the attempt is counted. */
interface AttemptBudget {
  /** Time left before the fetch's deadline, in ms. */
  remainingMs: number;
  timeoutMs: number;
  attempt: number;
}

/**
 * One GET. A single timer bounds the whole attempt (connection, headers and body) by what remains
 * of the fetch's deadline: a socket idle timeout would not, since an extension that trickles one
 * byte every 400 ms keeps the socket busy forever. A timed-out request destroys its socket, which a
 * half-read answer leaves unusable for keep-alive anyway.
 */
function requestOnce(
  [{ request }, keepAliveAgent]: [Http, Agent],
  { port, headers }: ExtensionTarget,
  path: string,
  budget: AttemptBudget,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let waitingFor: ExtensionWait = 'a connection';
    const outgoing = request(
      {
        host: 'localhost',
        port,
        path,
        method: 'GET',
        agent: keepAliveAgent,
        headers,
      },
      (response) => {
        waitingFor = 'the rest of the response body';
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ statusCode: response.statusCode ?? 0, body });
        });
        response.on('error', fail);
      },
    );
    function fail(error: unknown): void {
      clearTimeout(timer);
      reject(error);
    }
    function expire(): void {
      const error = new ExtensionTimeoutError(budget.timeoutMs, waitingFor, budget.attempt);
      reject(error);
      outgoing.destroy(error);
    }
    const timer = setTimeout(expire, Math.max(1, budget.remainingMs));
    outgoing.on('socket', (socket) => {
      // A keep-alive socket is already connected; a new one is not until 'connect'.
      if (!socket.connecting) waitingFor = 'the response headers';
      else
        socket.once('connect', () => {
          if (waitingFor === 'a connection') waitingFor = 'the response headers';
        });
    });
    outgoing.on('error', fail);
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
 * GETs `path` from the extension and returns the body of its 2xx answer, within one deadline of
 * `timeoutMs` for the whole fetch: connection, headers, body, and the retries with their waits.
 * Connection errors and HTTP 400 (unless it relays a not-found, validation or access-denied error)
 * are retried with a short bounded backoff, since the extension may not be ready while the
 * function's INIT runs; a stale keep-alive socket reset after a freeze is retried the same way. A
 * retry whose wait would pass the deadline is not made: the last failure is thrown instead.
 * Throws ExtensionUnreachableError when connections are still refused after the retries,
 * ExtensionHttpError for any other non-2xx answer, ExtensionTimeoutError when the deadline passes
 * during a request, or MissingSessionTokenError.
 *
 * @example
 * const body = await extensionGet('/secretsmanager/get?secretId=db-password', 3000);
 * const config = await extensionGet('/applications/app/environments/prod/configurations/flags', 3000, { port: 2772, headers: {} });
 */
export async function extensionGet(path: string, timeoutMs: number, to?: ExtensionTarget): Promise<string> {
  const target = to ?? parametersExtensionTarget();
  const port = target.port;
  const started = Date.now();
  const deadline = started + timeoutMs;
  const transport = await loadHttp();
  let refused: unknown;
  for (let attempt = 0; ; attempt++) {
    // A retry is made only when its wait ends before the deadline, leaving time for the request;
    // past the last delay the wait is endless, so there is none.
    const retryDelay = RETRY_DELAYS_MS[attempt] ?? Number.POSITIVE_INFINITY;
    const canRetry = () => Date.now() + retryDelay < deadline;
    let response: RawResponse;
    try {
      const budget = { remainingMs: deadline - Date.now(), timeoutMs, attempt: attempt + 1 };
      response = await requestOnce(transport, target, path, budget);
    } catch (error) {
      // Still no connection when the deadline passed, after refusals: the extension is not there.
      const stillRefused =
        errorCode(error) === 'ECONNREFUSED' ||
        (refused !== undefined &&
          error instanceof ExtensionTimeoutError &&
          error.waitingFor === 'a connection');
      if (!stillRefused && !isConnectionError(error)) throw error;
      if (errorCode(error) === 'ECONNREFUSED') refused = error;
      if (canRetry()) {
        await sleep(retryDelay);
        continue;
      }
      if (stillRefused) throw new ExtensionUnreachableError(port, attempt + 1, Date.now() - started, refused);
      throw error;
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
    const failure = new ExtensionHttpError(response.statusCode, response.body);
    if (failure.retryable && canRetry()) {
      await sleep(retryDelay);
      continue;
    }
    throw failure;
  }
}
