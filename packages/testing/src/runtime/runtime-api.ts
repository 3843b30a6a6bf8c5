import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const PREFIX = '/2018-06-01/runtime';
/** Lambda's limit on a synchronous invocation's response: 6 MB. */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** Options of `startRuntimeApi`. */
export interface RuntimeApiOptions {
  /** The function timeout: each invocation's Lambda-Runtime-Deadline-Ms is now + timeoutMs. Default 3000. */
  timeoutMs?: number;
  functionName?: string;
  region?: string;
  accountId?: string;
  /** The port to listen on. Default: a free one. */
  port?: number;
}

/** One invocation to deliver. Fields left out get what Lambda would send. */
export interface InvocationRequest {
  /** The event; sent as its JSON text (a string is sent as it is, unless `json: true`). */
  event?: unknown;
  /** Send `event` through JSON.stringify even when it is a string. Default: true for non-strings. */
  json?: boolean;
  requestId?: string;
  /** Lambda-Runtime-Trace-Id; default a new sampled X-Ray header. `null` sends none. */
  traceHeader?: string | null;
  /** Lambda-Runtime-Client-Context (JSON-encoded). */
  clientContext?: unknown;
  /** Lambda-Runtime-Cognito-Identity (JSON-encoded). */
  cognitoIdentity?: unknown;
  /** Lambda-Runtime-Aws-Tenant-Id. */
  tenantId?: string;
  /** Overrides the function timeout for this invocation. */
  timeoutMs?: number;
}

/** The error document a runtime posts (to /error or /init/error), as it posted it. */
export interface RuntimeErrorReport {
  errorType?: string;
  errorMessage?: string;
  /** aws-lambda-ric 4 names the stack lines `trace`; the Runtime API documentation, `stackTrace`. */
  trace?: string[];
  stackTrace?: string[];
  [field: string]: unknown;
  /** Lambda-Runtime-Function-Error-Type, when the runtime sent it. */
  errorTypeHeader?: string;
  /** Lambda-Runtime-Function-XRay-Error-Cause, when the runtime sent it (JSON text). */
  xrayErrorCause?: string;
}

/** How one invocation ended. */
export interface InvocationOutcome {
  requestId: string;
  traceHeader: string | undefined;
  /** 'success' (posted to /response) or 'error' (posted to /error, or the response was too large). */
  status: 'success' | 'error';
  /** The response body, parsed as JSON (undefined when it is not JSON). */
  response?: unknown;
  /** The response body's text. */
  rawResponse?: string;
  error?: RuntimeErrorReport;
  /** Milliseconds from delivering the event to receiving the outcome. */
  durationMs: number;
}

/** One request the runtime made, in order. */
export interface RecordedRuntimeRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

/** A local server speaking the Lambda Runtime API. */
export interface RuntimeApi {
  /** `127.0.0.1:<port>`, the value for AWS_LAMBDA_RUNTIME_API. */
  readonly address: string;
  readonly port: number;
  readonly functionArn: string;
  /** Every request the runtime made. */
  readonly requests: RecordedRuntimeRequest[];
  /** The init error the runtime posted, if any. */
  readonly initError: RuntimeErrorReport | undefined;
  /** When (Date.now()) the runtime first asked for an invocation: the end of its INIT phase. */
  readonly readyAt: number | undefined;
  /** Queues an invocation; resolves when the runtime posts its response or error. */
  invoke(request?: InvocationRequest): Promise<InvocationOutcome>;
  /** Resolves once the runtime asks for its first invocation; rejects on an init error. */
  ready(timeoutMs?: number): Promise<void>;
  /** Resolves when the runtime asks for the invocation after `requestId`'s (or at once if it has). */
  nextAfter(requestId: string, timeoutMs?: number): Promise<void>;
  /** Rejects every queued or running invocation and the `ready` waiters with `error`. */
  abort(error: Error): void;
  close(): Promise<void>;
}

interface Pending {
  request: Required<Pick<InvocationRequest, 'requestId'>> & InvocationRequest;
  body: string;
  traceHeader: string | undefined;
  startedAt: number;
  resolve(outcome: InvocationOutcome): void;
  reject(error: Error): void;
}

function newTraceHeader(): string {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorReport(req: IncomingMessage, body: string): RuntimeErrorReport {
  const parsed = parseJson(body);
  const report: RuntimeErrorReport =
    parsed && typeof parsed === 'object' ? { ...(parsed as object) } : { errorMessage: body };
  const typeHeader = header(req, 'lambda-runtime-function-error-type');
  const xray = header(req, 'lambda-runtime-function-xray-error-cause');
  if (typeHeader !== undefined) report.errorTypeHeader = typeHeader;
  if (xray !== undefined && xray !== '') report.xrayErrorCause = xray;
  return report;
}

/**
 * Starts a local server speaking the Lambda Runtime API (2018-06-01) on 127.0.0.1: `GET
 * /runtime/invocation/next` answers with the next queued event and the documented headers
 * (Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn, -Trace-Id, -Client-Context,
 * -Cognito-Identity), and the runtime posts to `/invocation/{id}/response`, `/invocation/{id}/error`
 * or `/init/error`. Point AWS_LAMBDA_RUNTIME_API at `api.address` and start a runtime client (see
 * `startLambda`), then `await api.invoke({ event })`.
 *
 * @example
 * const api = await startRuntimeApi({ functionName: 'orders' });
 * // ... start a runtime with AWS_LAMBDA_RUNTIME_API=api.address ...
 * const outcome = await api.invoke({ event: { hello: 'world' } });
 * outcome.response; // what the handler returned
 * await api.close();
 */
export async function startRuntimeApi(options: RuntimeApiOptions = {}): Promise<RuntimeApi> {
  const {
    timeoutMs = 3000,
    functionName = 'test-function',
    region = 'us-east-1',
    accountId = '123456789012',
  } = options;
  const functionArn = `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
  const requests: RecordedRuntimeRequest[] = [];
  const queue: Pending[] = [];
  const running = new Map<string, Pending>();
  const finished = new Set<string>();
  const parked: ServerResponse[] = [];
  const readyWaiters: Array<{ resolve(): void; reject(error: Error): void }> = [];
  const nextWaiters = new Map<string, Array<() => void>>();
  const askedAfter = new Set<string>();
  const sockets = new Set<Socket>();
  let lastDelivered: string | undefined;
  let initError: RuntimeErrorReport | undefined;
  let readyAt: number | undefined;
  let aborted: Error | undefined;

  function deliver(res: ServerResponse, pending: Pending): void {
    const { request } = pending;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': request.requestId,
      'lambda-runtime-deadline-ms': String(Date.now() + (request.timeoutMs ?? timeoutMs)),
      'lambda-runtime-invoked-function-arn': functionArn,
    };
    if (pending.traceHeader !== undefined) headers['lambda-runtime-trace-id'] = pending.traceHeader;
    if (request.clientContext !== undefined)
      headers['lambda-runtime-client-context'] = JSON.stringify(request.clientContext);
    if (request.cognitoIdentity !== undefined)
      headers['lambda-runtime-cognito-identity'] = JSON.stringify(request.cognitoIdentity);
    if (request.tenantId !== undefined) headers['lambda-runtime-aws-tenant-id'] = request.tenantId;
    headers['content-length'] = String(Buffer.byteLength(pending.body));
    pending.startedAt = Date.now();
    running.set(request.requestId, pending);
    lastDelivered = request.requestId;
    res.writeHead(200, headers);
    res.end(pending.body);
  }

  function settle(
    requestId: string,
    outcome: Omit<InvocationOutcome, 'durationMs' | 'requestId' | 'traceHeader'>,
  ) {
    const pending = running.get(requestId);
    if (pending === undefined) return false;
    running.delete(requestId);
    finished.add(requestId);
    pending.resolve({
      requestId,
      traceHeader: pending.traceHeader,
      durationMs: Date.now() - pending.startedAt,
      ...outcome,
    });
    return true;
  }

  function onNext(res: ServerResponse): void {
    readyAt ??= Date.now();
    for (const waiter of readyWaiters.splice(0)) waiter.resolve();
    if (lastDelivered !== undefined) {
      askedAfter.add(lastDelivered);
      for (const waiter of nextWaiters.get(lastDelivered) ?? []) waiter();
      nextWaiters.delete(lastDelivered);
    }
    const pending = queue.shift();
    if (pending === undefined) parked.push(res);
    else deliver(res, pending);
  }

  async function onPost(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req);
    if (path === `${PREFIX}/init/error`) {
      initError = errorReport(req, body);
      const error = new Error(
        `the runtime reported an init error: ${initError.errorType ?? 'unknown'}: ${initError.errorMessage ?? ''}`,
      );
      for (const waiter of readyWaiters.splice(0)) waiter.reject(error);
      send(res, 202, { status: 'OK' });
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (match === null) {
      send(res, 404, { errorType: 'NotFound', errorMessage: `no such Runtime API path: ${path}` });
      return;
    }
    const requestId = decodeURIComponent(match[1]);
    if (!running.has(requestId)) {
      const why = finished.has(requestId) ? 'already has a result' : 'is not a running invocation';
      send(res, 400, { errorType: 'InvalidRequestID', errorMessage: `request id ${requestId} ${why}` });
      return;
    }
    if (match[2] === 'error') {
      settle(requestId, { status: 'error', error: errorReport(req, body) });
      send(res, 202, { status: 'OK' });
      return;
    }
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_RESPONSE_BYTES) {
      const errorMessage = `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
      settle(requestId, {
        status: 'error',
        error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage },
      });
      send(res, 413, { errorType: 'RequestEntityTooLarge', errorMessage });
      return;
    }
    settle(requestId, { status: 'success', rawResponse: body, response: parseJson(body) });
    send(res, 202, { status: 'OK' });
  }

  const server = createServer(function handleRuntimeRequest(req, res) {
    const path = (req.url ?? '').split('?')[0];
    requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, at: Date.now() });
    if (req.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      req.resume();
      onNext(res);
      return;
    }
    if (req.method === 'POST') {
      onPost(req, res, path).catch((error: Error) =>
        send(res, 500, { errorType: 'ServerError', errorMessage: error.message }),
      );
      return;
    }
    req.resume();
    send(res, 405, { errorType: 'MethodNotAllowed', errorMessage: `${req.method} ${path}` });
  });
  // The runtime holds GET /next open until an invocation arrives, for as long as it takes.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 0;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  function invoke(request: InvocationRequest = {}): Promise<InvocationOutcome> {
    if (aborted !== undefined) return Promise.reject(aborted);
    const requestId = request.requestId ?? randomUUID();
    const json = request.json ?? typeof request.event !== 'string';
    const body = json ? JSON.stringify(request.event ?? {}) : String(request.event);
    const traceHeader = request.traceHeader === null ? undefined : (request.traceHeader ?? newTraceHeader());
    return new Promise<InvocationOutcome>((resolve, reject) => {
      const pending: Pending = {
        request: { ...request, requestId },
        body,
        traceHeader,
        startedAt: 0,
        resolve,
        reject,
      };
      const res = parked.shift();
      if (res === undefined) queue.push(pending);
      else deliver(res, pending);
    });
  }

  function ready(timeoutMs = 10_000): Promise<void> {
    if (readyAt !== undefined) return Promise.resolve();
    if (initError !== undefined)
      return Promise.reject(new Error(`the runtime reported an init error: ${initError.errorType}`));
    if (aborted !== undefined) return Promise.reject(aborted);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the runtime did not ask for an invocation within ${timeoutMs} ms`)),
        timeoutMs,
      );
      readyWaiters.push({
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  function nextAfter(requestId: string, timeoutMs = 2000): Promise<void> {
    if (askedAfter.has(requestId) || aborted !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const waiters = nextWaiters.get(requestId) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      nextWaiters.set(requestId, waiters);
    });
  }

  function abort(error: Error): void {
    aborted ??= error;
    for (const pending of [...queue.splice(0), ...running.values()]) pending.reject(error);
    running.clear();
    for (const waiter of readyWaiters.splice(0)) waiter.reject(error);
    for (const waiters of nextWaiters.values()) for (const waiter of waiters) waiter();
    nextWaiters.clear();
  }

  return {
    address: `127.0.0.1:${port}`,
    port,
    functionArn,
    requests,
    get initError() {
      return initError;
    },
    get readyAt() {
      return readyAt;
    },
    invoke,
    ready,
    nextAfter,
    abort,
    close() {
      abort(new Error('the Runtime API server was closed'));
      for (const res of parked.splice(0)) res.destroy();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
