import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  createParameterStore,
  type EmulatedStore,
  type ParameterSeed,
  type SecretSeed,
} from './parameter-store-model.js';

export type {
  EmulatedParameter,
  EmulatedSecret,
  ParameterSeed,
  SecretSeed,
} from './parameter-store-model.js';

/** Options of `startParametersExtension`. */
export interface ParametersExtensionOptions {
  /** Parameter Store content: name to value, or to `{ value, type, versions, labels }`. */
  parameters?: Record<string, ParameterSeed>;
  /**
   * Secrets Manager content: name to SecretString, to bytes (a Uint8Array: SecretBinary, answered
   * base64-encoded as the real extension does), or to `{ versions }`.
   */
  secrets?: Record<string, SecretSeed>;
  /** The X-Aws-Parameters-Secrets-Token every request must carry. Default: a random one. */
  token?: string;
  /** The port to listen on. Default: a free one. */
  port?: number;
  /** Nothing listens on the port until this many ms have passed: connections are refused meanwhile. */
  listenAfterMs?: number;
  /** Accept and immediately reset (TCP RST) this many connections first. */
  resetFirstConnections?: number;
  /** Answer the first `failFirst` requests with `failStatus` (default 400) and `failBody`. */
  failFirst?: number;
  failStatus?: number;
  failBody?: string;
  /** Wait this long before answering each request. */
  delayMs?: number;
  region?: string;
  accountId?: string;
}

/** One request the emulator received. */
export interface RecordedExtensionRequest {
  method: string;
  /** The path without the query string, e.g. '/systemsmanager/parameters/get'. */
  path: string;
  /** The decoded query parameters. */
  query: Record<string, string>;
  /** The X-Aws-Parameters-Secrets-Token header, if any. */
  token: string | undefined;
  /** The status the emulator answered with. */
  status: number;
}

/** A running emulator of the AWS Parameters and Secrets Lambda Extension. */
export interface ParametersExtension {
  readonly port: number;
  /** `http://localhost:<port>`. */
  readonly url: string;
  readonly token: string;
  /** Environment a function needs to reach it: PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN. */
  readonly env: { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: string; AWS_SESSION_TOKEN: string };
  /** Every request received, in order. */
  readonly requests: RecordedExtensionRequest[];
  readonly requestCount: number;
  /** TCP connections accepted (reset ones included): fewer than requests when keep-alive works. */
  readonly connectionCount: number;
  /** Connections reset on purpose (resetFirstConnections). */
  readonly resetCount: number;
  /** Resolves once the server listens (later than start with listenAfterMs). */
  readonly listening: Promise<void>;
  setParameter(name: string, seed: ParameterSeed): void;
  deleteParameter(name: string): void;
  setSecret(id: string, seed: SecretSeed): void;
  /** Answer the next `count` requests with `status` (default 400) and `body`. */
  failNext(count: number, status?: number, body?: string): void;
  /** Wait `ms` before answering each later request. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

interface Failure {
  remaining: number;
  status: number;
  body: string;
}

/** Reserves a free loopback port by listening on port 0 and closing again. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function parseQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  return query;
}

/** The text the extension answers with when the upstream call fails (it relays the Go SDK's error). */
function upstreamErrorText(
  service: 'SSM' | 'Secrets Manager',
  operation: string,
  outcome: { error: string; message: string },
): string {
  return `operation error ${service}: ${operation}, https response error StatusCode: 400, RequestID: ${randomUUID()}, ${outcome.error}: ${outcome.message}`;
}

function answerParameter(store: EmulatedStore, query: Record<string, string>): [number, string] {
  const name = query.name;
  if (name === undefined || name === '') return [400, 'missing required query parameter: name'];
  if (query.version !== undefined && query.label !== undefined) {
    return [400, 'version and label cannot both be specified'];
  }
  const outcome = store.getParameter(name, {
    decrypt: query.withDecryption === 'true',
    version: query.version,
    label: query.label,
    dates: 'iso',
  });
  if (outcome.error !== undefined) return [400, upstreamErrorText('SSM', 'GetParameter', outcome)];
  return [200, JSON.stringify({ Parameter: outcome.result, ResultMetadata: {} })];
}

function answerSecret(store: EmulatedStore, query: Record<string, string>): [number, string] {
  const id = query.secretId;
  if (id === undefined || id === '') return [400, 'missing required query parameter: secretId'];
  if (query.versionStage !== undefined && query.versionId !== undefined) {
    return [400, 'versionStage and versionId cannot both be specified'];
  }
  const outcome = store.getSecret(id, {
    versionStage: query.versionStage,
    versionId: query.versionId,
    dates: 'iso',
  });
  if (outcome.error !== undefined) {
    return [400, upstreamErrorText('Secrets Manager', 'GetSecretValue', outcome)];
  }
  return [200, JSON.stringify({ ...outcome.result, ResultMetadata: {} })];
}

const PARAMETER_TYPES = new Set(['String', 'StringList', 'SecureString']);

/** What a seed is, for an error message: its type and, for an object, its keys (never a value). */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return typeof value;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}

function isSecretValue(value: unknown): value is string | Uint8Array {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/** The rule a parameter seed breaks, or undefined when the emulator can serve it. */
function parameterSeedProblem(seed: unknown): string | undefined {
  if (typeof seed === 'string') return undefined;
  const rule =
    'must be a string (the value) or { value } / { versions: string[] }, with optional type and labels';
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed))
    return `${rule}; got ${shapeOf(seed)}`;
  const { value, versions, type, labels } = seed as Record<string, unknown>;
  if (value !== undefined && typeof value !== 'string')
    return `.value must be a string, got ${shapeOf(value)}`;
  if (versions !== undefined) {
    if (!Array.isArray(versions) || versions.length === 0)
      return '.versions must be a non-empty array of strings';
    const at = versions.findIndex((version) => typeof version !== 'string');
    if (at >= 0) return `.versions[${at}] must be a string, got ${shapeOf(versions[at])}`;
  }
  if (value === undefined && versions === undefined) return `${rule}; got ${shapeOf(seed)}`;
  if (type !== undefined && !PARAMETER_TYPES.has(type as string)) {
    return `.type must be 'String', 'StringList' or 'SecureString', got ${JSON.stringify(type)}`;
  }
  if (labels !== undefined) {
    if (labels === null || typeof labels !== 'object')
      return `.labels must be an object of label to version number`;
    const count = Array.isArray(versions) ? versions.length : 1;
    for (const [label, version] of Object.entries(labels)) {
      if (!(Number.isInteger(version) && (version as number) >= 1 && (version as number) <= count)) {
        return `.labels[${JSON.stringify(label)}] must be a version number from 1 to ${count}`;
      }
    }
  }
  return undefined;
}

/** The rule a secret seed breaks, or undefined when the emulator can serve it. */
function secretSeedProblem(seed: unknown): string | undefined {
  if (isSecretValue(seed)) return undefined;
  const versions = (seed as { versions?: unknown } | null)?.versions;
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed) || versions === undefined) {
    return `must be a string (SecretString), a Uint8Array (SecretBinary, answered base64-encoded) or { versions: [{ versionId, stages, value }] }; got ${shapeOf(seed)}`;
  }
  if (!Array.isArray(versions) || versions.length === 0) return '.versions must be a non-empty array';
  for (const [at, version] of versions.entries()) {
    const { versionId, stages, value } = (version ?? {}) as Record<string, unknown>;
    if (typeof versionId !== 'string' || versionId === '') {
      return `.versions[${at}].versionId must be a non-empty string`;
    }
    if (!Array.isArray(stages) || stages.some((stage) => typeof stage !== 'string')) {
      return `.versions[${at}].stages must be an array of strings (e.g. ['AWSCURRENT'])`;
    }
    if (!isSecretValue(value)) {
      return `.versions[${at}].value must be a string (SecretString) or a Uint8Array (SecretBinary), got ${shapeOf(value)}`;
    }
  }
  return undefined;
}

/**
 * Throws a TypeError naming the entry and the rule (never the value) for a seed the emulator could
 * not serve: better at start than a failure in the middle of a test's request.
 */
function checkSeed(kind: 'parameters' | 'secrets', name: string, seed: unknown): void {
  const problem = kind === 'parameters' ? parameterSeedProblem(seed) : secretSeedProblem(seed);
  if (problem === undefined) return;
  const separator = problem.startsWith('.') ? '' : ' ';
  throw new TypeError(`startParametersExtension: ${kind}[${JSON.stringify(name)}]${separator}${problem}`);
}

function checkSeeds(kind: 'parameters' | 'secrets', seeds: unknown): void {
  if (seeds === undefined) return;
  if (seeds === null || typeof seeds !== 'object' || Array.isArray(seeds)) {
    throw new TypeError(
      `startParametersExtension: ${kind} must be an object of name to seed, got ${shapeOf(seeds)}`,
    );
  }
  for (const [name, seed] of Object.entries(seeds)) checkSeed(kind, name, seed);
}

/** Routes one request; returns status and body. Token and failure knobs are checked by the caller. */
function route(
  store: EmulatedStore,
  method: string,
  path: string,
  query: Record<string, string>,
): [number, string] {
  if (path === '/systemsmanager/parameters/get' || path === '/secretsmanager/get') {
    if (method !== 'GET') return [405, 'method not allowed'];
    return path === '/secretsmanager/get' ? answerSecret(store, query) : answerParameter(store, query);
  }
  return [404, 'not found'];
}

/**
 * Starts a local emulator of the AWS Parameters and Secrets Lambda Extension: a real HTTP server on
 * a loopback port serving `GET /systemsmanager/parameters/get?name=&withDecryption=&version=|label=`
 * and `GET /secretsmanager/get?secretId=&versionStage=|versionId=`, with the
 * X-Aws-Parameters-Secrets-Token check (401 when missing or wrong) and the response bodies of the
 * GetParameter and GetSecretValue APIs. Upstream errors (a missing parameter or secret) are answered
 * with HTTP 400 and the SDK error text, as the extension relays them. Knobs make it refuse
 * connections at first (listenAfterMs), reset connections, fail or delay requests; it counts requests
 * and connections. Seeds are checked at start (and by setParameter / setSecret): one it could not
 * serve throws a TypeError naming the entry, never its value. A request that still fails inside the
 * emulator is answered HTTP 500; it never ends the test process.
 *
 * @example
 * const extension = await startParametersExtension({ parameters: { '/app/db-url': 'postgres://db' } });
 * Object.assign(process.env, extension.env);
 * // ... run the handler, then:
 * extension.requestCount; // 1
 * await extension.close();
 */
export async function startParametersExtension(
  options: ParametersExtensionOptions = {},
): Promise<ParametersExtension> {
  checkSeeds('parameters', options.parameters);
  checkSeeds('secrets', options.secrets);
  const store = createParameterStore(options);
  const token = options.token ?? `emulator-${randomUUID()}`;
  const port = options.port ?? (await freePort());
  const requests: RecordedExtensionRequest[] = [];
  const failure: Failure = {
    remaining: options.failFirst ?? 0,
    status: options.failStatus ?? 400,
    body: options.failBody ?? 'an unexpected error occurred',
  };
  let delayMs = options.delayMs ?? 0;
  let resetsLeft = options.resetFirstConnections ?? 0;
  let connectionCount = 0;
  let resetCount = 0;
  const sockets = new Set<Socket>();

  /**
   * Answers one request; whatever goes wrong inside (a seed changed after start into something it
   * cannot serve, a bug) becomes HTTP 500 for that request, never an exception that would end the
   * test process.
   */
  function answerSafely(request: IncomingMessage, response: ServerResponse): void {
    try {
      answer(request, response);
    } catch (error) {
      const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
      // The error's name only: its message could quote a seed.
      const body = `internal error of the parameters extension emulator (${(error as Error)?.name ?? typeof error}) answering ${path}`;
      requests.push({ method: request.method ?? 'GET', path, query: {}, token: undefined, status: 500 });
      if (response.headersSent) response.destroy();
      else {
        response.writeHead(500, {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      }
    }
  }

  function answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = parseQuery(url);
    const header = request.headers['x-aws-parameters-secrets-token'];
    const given = Array.isArray(header) ? header[0] : header;
    let status: number;
    let body: string;
    if (given !== token)
      [status, body] = [401, 'unauthorized: missing or invalid X-Aws-Parameters-Secrets-Token'];
    else if (failure.remaining > 0) {
      failure.remaining--;
      [status, body] = [failure.status, failure.body];
    } else [status, body] = route(store, request.method ?? 'GET', url.pathname, query);
    requests.push({ method: request.method ?? 'GET', path: url.pathname, query, token: given, status });
    const type = status === 200 ? 'application/json' : 'text/plain; charset=utf-8';
    response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }

  const server: Server = createServer((request, response) => {
    if (delayMs > 0) setTimeout(() => answerSafely(request, response), delayMs);
    else answerSafely(request, response);
  });
  server.on('connection', (socket: Socket) => {
    connectionCount++;
    if (resetsLeft > 0) {
      resetsLeft--;
      resetCount++;
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let closed = false;
  let startTimer: NodeJS.Timeout | undefined;
  const listening = new Promise<void>((resolve, reject) => {
    const listen = () => {
      if (closed) return resolve();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    };
    if (options.listenAfterMs !== undefined && options.listenAfterMs > 0) {
      startTimer = setTimeout(listen, options.listenAfterMs);
    } else listen();
  });
  if (options.listenAfterMs === undefined || options.listenAfterMs <= 0) await listening;

  return {
    port,
    url: `http://localhost:${port}`,
    token,
    env: { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port), AWS_SESSION_TOKEN: token },
    requests,
    get requestCount() {
      return requests.length;
    },
    get connectionCount() {
      return connectionCount;
    },
    get resetCount() {
      return resetCount;
    },
    listening,
    setParameter(name, seed) {
      checkSeed('parameters', name, seed);
      store.setParameter(name, seed);
    },
    deleteParameter: (name) => store.deleteParameter(name),
    setSecret(id, seed) {
      checkSeed('secrets', id, seed);
      store.setSecret(id, seed);
    },
    failNext(count, status = 400, body = 'an unexpected error occurred') {
      failure.remaining = count;
      failure.status = status;
      failure.body = body;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    async close() {
      closed = true;
      clearTimeout(startTimer);
      if (!server.listening) return;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
