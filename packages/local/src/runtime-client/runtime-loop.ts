// The runtime's life: load the handler (INIT), then, for ever, ask the Runtime API for the next
// invocation, run the handler with the event and its context inside the invocation store, and post
// its result or error.
import { formatError, logError } from './errors.js';
import { INVOKE_KEYS, type InvokeStore } from './invoke-store.js';
import { buildContext, type RuntimeContext } from './lambda-context.js';
import { type LoadedHandler, loadHandler } from './load-handler.js';
import type { RuntimeConnection } from './runtime-connection.js';

const RUNTIME = '/2018-06-01/runtime';

/** What the runtime loop works with. */
export interface RuntimeLoopOptions {
  connection: RuntimeConnection;
  store: InvokeStore;
  /** The process environment: _HANDLER, LAMBDA_TASK_ROOT, and _X_AMZN_TRACE_ID written per invocation. */
  env: NodeJS.ProcessEnv;
  /** The log format, for error lines. */
  json: boolean;
  nodeMajor: number;
}

function postError(connection: RuntimeConnection, pathname: string, error: unknown): Promise<unknown> {
  const document = formatError(error);
  return connection.post(pathname, document, { 'Lambda-Runtime-Function-Error-Type': document.errorType });
}

function nextTick(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

/** Runs a handler with a callback when it takes one (event, context, callback), as the runtime does. */
function runHandler(handler: LoadedHandler, event: unknown, context: RuntimeContext): unknown {
  if (handler.length < 3) return handler(event, context);
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error: unknown, result: unknown) =>
      error ? reject(error) : resolve(result),
    ) as { then?: unknown } | undefined;
    if (returned && typeof returned.then === 'function') (returned as Promise<unknown>).then(resolve, reject);
  });
}

/**
 * INIT: loads the handler; on failure logs it, posts it to /init/error and throws.
 *
 * @example
 * const handler = await initialize(options);
 */
export async function initializeHandler(options: RuntimeLoopOptions): Promise<LoadedHandler> {
  try {
    return await loadHandler(
      options.env.LAMBDA_TASK_ROOT ?? '',
      options.env._HANDLER ?? '',
      options.nodeMajor,
    );
  } catch (error) {
    logError('Init Error', error, options);
    await postError(options.connection, `${RUNTIME}/init/error`, error);
    throw error;
  }
}

/**
 * One invocation: GET /invocation/next, run the handler, POST its response or error.
 *
 * @example
 * await invokeNext(handler, options);
 */
export async function invokeNext(handler: LoadedHandler, options: RuntimeLoopOptions): Promise<void> {
  const { connection, store } = options;
  const next = await connection.call('GET', `${RUNTIME}/invocation/next`);
  const context = buildContext(next.headers, options.env);
  const requestId = context.awsRequestId;
  const event: unknown = JSON.parse(next.body);
  const invocation = `${RUNTIME}/invocation/${encodeURIComponent(requestId)}`;
  const keys = {
    [INVOKE_KEYS.REQUEST_ID]: requestId,
    [INVOKE_KEYS.X_RAY_TRACE_ID]: context.xRayTraceId,
    [INVOKE_KEYS.TENANT_ID]: context.tenantId,
  };
  await store.run(keys, async () => {
    try {
      const result = await runHandler(handler, event, context);
      // Lets what the handler scheduled with setImmediate (a flush of logs, metrics) run first.
      await nextTick();
      await connection.post(`${invocation}/response`, result);
    } catch (error) {
      await nextTick();
      logError('Invoke Error', error, options);
      await postError(connection, `${invocation}/error`, error);
    }
  });
}

/**
 * Loads the handler, then serves invocations until the Runtime API goes away (the returned promise
 * then rejects).
 *
 * @example
 * await runRuntimeLoop({ connection, store, env: process.env, json: false, nodeMajor: 22 });
 */
export async function runRuntimeLoop(options: RuntimeLoopOptions): Promise<never> {
  const handler = await initializeHandler(options);
  for (;;) await invokeNext(handler, options);
}
