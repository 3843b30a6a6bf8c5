// The state of one local Runtime API and its answer to each request of the runtime client.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  InvocationOutcome,
  InvocationRequest,
  RecordedRuntimeRequest,
  RuntimeErrorReport,
} from './runtime-api.js';

const PREFIX = '/2018-06-01/runtime';
/**
 * Lambda's limit on a synchronous invocation's response: 6 MB.
 *
 * @example
 * Buffer.byteLength(body) > MAX_RESPONSE_BYTES; // Function.ResponseSizeTooLarge
 */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** An invocation queued or running, with the callbacks of its `invoke()` promise. */
export interface Pending {
  request: Required<Pick<InvocationRequest, 'requestId'>> & InvocationRequest;
  body: string;
  traceHeader: string | undefined;
  startedAt: number;
  resolve(outcome: InvocationOutcome): void;
  reject(error: Error): void;
}

/**
 * A new sampled X-Ray trace header, as Lambda sends for an active-tracing function.
 *
 * @example
 * newTraceHeader(); // 'Root=1-6751a0f2-…;Parent=…;Sampled=1'
 */
export function newTraceHeader(): string {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

/** The JSON value of `text`, or undefined when it is not JSON. */
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

/** Resolves or rejects one caller of `ready()`. */
interface ReadyWaiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The state of one Runtime API: the queue of invocations, the one running, the runtime's parked
 * GET /next, and the callers waiting for INIT or for the runtime's next request. Each request of the
 * runtime is one method.
 *
 * @example
 * const state = new RuntimeApiState(3000, 'arn:aws:lambda:us-east-1:123456789012:function:orders');
 * createServer((req, res) => state.handle(req, res));
 */
export class RuntimeApiState {
  readonly requests: RecordedRuntimeRequest[] = [];
  readonly queue: Pending[] = [];
  readonly running = new Map<string, Pending>();
  readonly finished = new Set<string>();
  /** GET /next requests waiting for an invocation. */
  readonly parked: ServerResponse[] = [];
  readonly readyWaiters: ReadyWaiter[] = [];
  readonly nextWaiters = new Map<string, Array<() => void>>();
  /** Request ids after which the runtime has asked for the next invocation. */
  readonly askedAfter = new Set<string>();
  lastDelivered: string | undefined;
  initError: RuntimeErrorReport | undefined;
  readyAt: number | undefined;
  aborted: Error | undefined;

  constructor(
    readonly timeoutMs: number,
    readonly functionArn: string,
  ) {}

  /** Answers a GET /next with the invocation and Lambda's headers. */
  deliver(res: ServerResponse, pending: Pending): void {
    const { request } = pending;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': request.requestId,
      'lambda-runtime-deadline-ms': String(Date.now() + (request.timeoutMs ?? this.timeoutMs)),
      'lambda-runtime-invoked-function-arn': this.functionArn,
    };
    if (pending.traceHeader !== undefined) headers['lambda-runtime-trace-id'] = pending.traceHeader;
    if (request.clientContext !== undefined)
      headers['lambda-runtime-client-context'] = JSON.stringify(request.clientContext);
    if (request.cognitoIdentity !== undefined)
      headers['lambda-runtime-cognito-identity'] = JSON.stringify(request.cognitoIdentity);
    if (request.tenantId !== undefined) headers['lambda-runtime-aws-tenant-id'] = request.tenantId;
    headers['content-length'] = String(Buffer.byteLength(pending.body));
    pending.startedAt = Date.now();
    this.running.set(request.requestId, pending);
    this.lastDelivered = request.requestId;
    res.writeHead(200, headers);
    res.end(pending.body);
  }

  /** Resolves a running invocation with its outcome. */
  settle(
    requestId: string,
    outcome: Omit<InvocationOutcome, 'durationMs' | 'requestId' | 'traceHeader'>,
  ): void {
    const pending = this.running.get(requestId) as Pending;
    this.running.delete(requestId);
    this.finished.add(requestId);
    pending.resolve({
      requestId,
      traceHeader: pending.traceHeader,
      durationMs: Date.now() - pending.startedAt,
      ...outcome,
    });
  }

  /** Queues an invocation, or delivers it at once to a parked GET /next. */
  enqueue(pending: Pending): void {
    const res = this.parked.shift();
    if (res === undefined) this.queue.push(pending);
    else this.deliver(res, pending);
  }

  /** GET /next: the end of INIT the first time, the end of the previous invocation after that. */
  onNext(res: ServerResponse): void {
    this.readyAt ??= Date.now();
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
    if (this.lastDelivered !== undefined) {
      this.askedAfter.add(this.lastDelivered);
      for (const waiter of this.nextWaiters.get(this.lastDelivered) ?? []) waiter();
      this.nextWaiters.delete(this.lastDelivered);
    }
    const pending = this.queue.shift();
    if (pending === undefined) this.parked.push(res);
    else this.deliver(res, pending);
  }

  /** POST /init/error: INIT failed; whoever waits for it is told. */
  onInitError(req: IncomingMessage, res: ServerResponse, body: string): void {
    const initError = errorReport(req, body);
    this.initError = initError;
    const error = new Error(
      `the runtime reported an init error: ${initError.errorType ?? 'unknown'}: ${initError.errorMessage ?? ''}`,
    );
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
    send(res, 202, { status: 'OK' });
  }

  /** POST /invocation/{id}/response: a success, unless it is over Lambda's 6 MB limit. */
  onResponse(requestId: string, res: ServerResponse, body: string): void {
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_RESPONSE_BYTES) {
      const errorMessage = `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
      this.settle(requestId, {
        status: 'error',
        error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage },
      });
      send(res, 413, { errorType: 'RequestEntityTooLarge', errorMessage });
      return;
    }
    this.settle(requestId, { status: 'success', rawResponse: body, response: parseJson(body) });
    send(res, 202, { status: 'OK' });
  }

  /** Any POST: init error, invocation response or invocation error. */
  async onPost(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req);
    if (path === `${PREFIX}/init/error`) {
      this.onInitError(req, res, body);
      return;
    }
    const match = INVOCATION_RESULT.exec(path);
    if (match === null) {
      send(res, 404, { errorType: 'NotFound', errorMessage: `no such Runtime API path: ${path}` });
      return;
    }
    const requestId = decodeURIComponent(match[1] as string);
    if (!this.running.has(requestId)) {
      const why = this.finished.has(requestId) ? 'already has a result' : 'is not a running invocation';
      send(res, 400, { errorType: 'InvalidRequestID', errorMessage: `request id ${requestId} ${why}` });
      return;
    }
    if (match[2] === 'error') {
      this.settle(requestId, { status: 'error', error: errorReport(req, body) });
      send(res, 202, { status: 'OK' });
      return;
    }
    this.onResponse(requestId, res, body);
  }

  /** Every request of the runtime: recorded, then routed. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0] as string;
    this.requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, at: Date.now() });
    if (req.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      req.resume();
      this.onNext(res);
      return;
    }
    if (req.method === 'POST') {
      this.onPost(req, res, path).catch((error: Error) =>
        send(res, 500, { errorType: 'ServerError', errorMessage: error.message }),
      );
      return;
    }
    req.resume();
    send(res, 405, { errorType: 'MethodNotAllowed', errorMessage: `${req.method} ${path}` });
  }

  /** Rejects every queued or running invocation and the `ready` waiters; releases `nextAfter` waiters. */
  abort(error: Error): void {
    this.aborted ??= error;
    for (const pending of [...this.queue.splice(0), ...this.running.values()]) pending.reject(error);
    this.running.clear();
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
    for (const waiters of this.nextWaiters.values()) for (const waiter of waiters) waiter();
    this.nextWaiters.clear();
  }
}

const INVOCATION_RESULT = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
