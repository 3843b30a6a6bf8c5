import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MAX_RESPONSE_BYTES, newTraceHeader, type Pending, RuntimeApiState } from './runtime-api-state.js';

export { MAX_RESPONSE_BYTES };

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

/** An HTTP server for `state` on 127.0.0.1, listening; sockets tracked so `close` can end them. */
async function listenRuntimeApi(
  state: RuntimeApiState,
  port: number,
): Promise<{ server: Server; sockets: Set<Socket> }> {
  const server = createServer(function handleRuntimeRequest(req, res) {
    state.handle(req, res);
  });
  // The runtime holds GET /next open until an invocation arrives, for as long as it takes.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, sockets };
}

/** The pending invocation for `request`, its body and trace header decided as Lambda would. */
function pendingInvocation(
  request: InvocationRequest,
  resolve: (outcome: InvocationOutcome) => void,
  reject: (error: Error) => void,
): Pending {
  const requestId = request.requestId ?? randomUUID();
  const json = request.json ?? typeof request.event !== 'string';
  const body = json ? JSON.stringify(request.event ?? {}) : String(request.event);
  const traceHeader = request.traceHeader === null ? undefined : (request.traceHeader ?? newTraceHeader());
  return { request: { ...request, requestId }, body, traceHeader, startedAt: 0, resolve, reject };
}

/** `ready()`: resolves at the runtime's first GET /next; rejects on an init error, an abort or the timeout. */
function waitForInit(state: RuntimeApiState, timeoutMs: number): Promise<void> {
  if (state.readyAt !== undefined) return Promise.resolve();
  if (state.initError !== undefined)
    return Promise.reject(new Error(`the runtime reported an init error: ${state.initError.errorType}`));
  if (state.aborted !== undefined) return Promise.reject(state.aborted);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the runtime did not ask for an invocation within ${timeoutMs} ms`)),
      timeoutMs,
    );
    state.readyWaiters.push({
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

/** `nextAfter()`: resolves when the runtime asks for the invocation after `requestId`'s, or after the timeout. */
function waitForNextAfter(state: RuntimeApiState, requestId: string, timeoutMs: number): Promise<void> {
  if (state.askedAfter.has(requestId) || state.aborted !== undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const waiters = state.nextWaiters.get(requestId) ?? [];
    waiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
    state.nextWaiters.set(requestId, waiters);
  });
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
  const state = new RuntimeApiState(
    timeoutMs,
    `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
  );
  const { server, sockets } = await listenRuntimeApi(state, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    functionArn: state.functionArn,
    requests: state.requests,
    get initError() {
      return state.initError;
    },
    get readyAt() {
      return state.readyAt;
    },
    invoke(request: InvocationRequest = {}) {
      if (state.aborted !== undefined) return Promise.reject(state.aborted);
      return new Promise<InvocationOutcome>((resolve, reject) =>
        state.enqueue(pendingInvocation(request, resolve, reject)),
      );
    },
    ready: (readyTimeoutMs = 10_000) => waitForInit(state, readyTimeoutMs),
    nextAfter: (requestId, nextTimeoutMs = 2000) => waitForNextAfter(state, requestId, nextTimeoutMs),
    abort: (error) => state.abort(error),
    close() {
      state.abort(new Error('the Runtime API server was closed'));
      for (const res of state.parked.splice(0)) res.destroy();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
