// The InvokeStore aws-lambda-ric installs on globalThis.awslambda (its single-concurrency flavour):
// @lambkit/core and Powertools read the request id, trace id and tenant id of the running invocation
// from it.

/**
 * The keys the runtime owns in an invocation's context; a handler cannot overwrite them.
 *
 * @example
 * store.get(INVOKE_KEYS.REQUEST_ID);
 */
export const INVOKE_KEYS = {
  REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
  X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
  TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
} as const;

/**
 * The symbol aws-lambda-ric's `awslambda.streamifyResponse` marks a streaming handler with.
 *
 * @example
 * handler[STREAMING] === 'response'; // a streaming handler
 */
export const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

const PROTECTED: readonly symbol[] = Object.values(INVOKE_KEYS);

type InvokeContext = Record<string | symbol, unknown>;

/** The invocation store, as `globalThis.awslambda.InvokeStore` exposes it. */
export interface InvokeStore {
  currentContext: InvokeContext | undefined;
  getContext(): InvokeContext | undefined;
  hasContext(): boolean;
  get(key: string | symbol): unknown;
  set(key: string | symbol, value: unknown): void;
  run<T>(context: InvokeContext, fn: () => T): T;
  getRequestId(): string;
  getXRayTraceId(): unknown;
  getTenantId(): unknown;
}

/**
 * A new invocation store: one context at a time, replaced by `run` at each invocation.
 *
 * @example
 * const store = createInvokeStore();
 * store.run({ [INVOKE_KEYS.REQUEST_ID]: 'r-1' }, () => store.getRequestId()); // 'r-1'
 */
export function createInvokeStore(): InvokeStore {
  return {
    currentContext: undefined,
    getContext() {
      return this.currentContext;
    },
    hasContext() {
      return this.currentContext !== undefined;
    },
    get(key) {
      return this.currentContext?.[key];
    },
    set(key, value) {
      if (typeof key === 'symbol' && PROTECTED.includes(key))
        throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
      this.currentContext = this.currentContext ?? {};
      this.currentContext[key] = value;
    },
    run(context, fn) {
      this.currentContext = context;
      return fn();
    },
    getRequestId() {
      return (this.get(INVOKE_KEYS.REQUEST_ID) as string | undefined) ?? '-';
    },
    getXRayTraceId() {
      return this.get(INVOKE_KEYS.X_RAY_TRACE_ID);
    },
    getTenantId() {
      return this.get(INVOKE_KEYS.TENANT_ID);
    },
  };
}

/**
 * Puts the store and `streamifyResponse` on `globalThis.awslambda`, as the runtime does, unless
 * AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA is '1' or 'true'.
 *
 * @example
 * installAwsLambdaGlobal(createInvokeStore(), process.env);
 */
export function installAwsLambdaGlobal(store: InvokeStore, env: NodeJS.ProcessEnv): void {
  if (['1', 'true'].includes(env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '')) return;
  const holder = globalThis as { awslambda?: Record<string, unknown> };
  holder.awslambda = {
    ...holder.awslambda,
    InvokeStore: store,
    streamifyResponse(handler: Record<symbol, unknown>) {
      handler[STREAMING] = 'response';
      return handler;
    },
  };
}
