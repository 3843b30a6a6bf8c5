import { AsyncLocalStorage } from 'node:async_hooks';
import { sharedState } from './global-state.js';
import type { LambdaContext } from './types.js';

/**
 * What lambkit knows about the invocation in progress. Packages keep their own per-invocation data
 * under symbol keys (for example the logger's appended keys), so it never leaks between invocations.
 */
export interface InvocationState {
  requestId: string | undefined;
  /** The X-Ray trace header of this invocation (_X_AMZN_TRACE_ID at its start). */
  traceId: string | undefined;
  context: LambdaContext | undefined;
  [key: symbol]: unknown;
}

/** The part of the Lambda runtime's InvokeStore (@aws/lambda-invoke-store) that lambkit uses. */
interface RuntimeInvokeStore {
  hasContext(): boolean;
  get(key: symbol): unknown;
  set(key: symbol, value: unknown): void;
  getRequestId(): string;
  getXRayTraceId(): string | undefined;
}

const RUNTIME_STATE_KEY = Symbol.for('@lambkit/core.invocation.v1');

function runtimeInvokeStore(): RuntimeInvokeStore | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: RuntimeInvokeStore } }).awslambda?.InvokeStore;
  return store?.hasContext() ? store : undefined;
}

function newState(requestId: string | undefined, traceId: string | undefined): InvocationState {
  return { requestId, traceId, context: undefined };
}

/**
 * Returns the state of the invocation in progress. Three sources, in order:
 * 1. the Lambda runtime's own InvokeStore, which under Lambda Managed Instances runs every invocation
 *    in its own async context;
 * 2. lambkit's scope opened by `runInInvocation`;
 * 3. one process-wide slot, right when one invocation runs at a time (the classic Lambda model);
 *    `beginInvocation` replaces it when a new request id arrives.
 *
 * @example
 * const state = getInvocationState();
 * state.requestId; // 'c6af9ac6-7b61-11e6-9a41-93e812345678'
 */
export function getInvocationState(): InvocationState {
  const runtime = runtimeInvokeStore();
  if (runtime !== undefined) {
    let state = runtime.get(RUNTIME_STATE_KEY) as InvocationState | undefined;
    if (state === undefined) {
      const requestId = runtime.getRequestId();
      state = newState(requestId === '-' ? undefined : requestId, runtime.getXRayTraceId());
      runtime.set(RUNTIME_STATE_KEY, state);
    }
    return state;
  }
  const shared = sharedState();
  return shared.als?.getStore() ?? shared.single;
}

/**
 * Marks the start of an invocation. Every lambkit middleware calls it in `before`; it is idempotent
 * within one invocation, so the first middleware to run opens the invocation and the others join it.
 * In the process-wide slot, a new request id replaces the previous invocation's state.
 *
 * @example
 * const state = beginInvocation(request.context);
 */
export function beginInvocation(context: LambdaContext | undefined): InvocationState {
  let state = getInvocationState();
  const requestId = context?.awsRequestId;
  if (state.requestId === requestId && state.context !== undefined) return state;
  const shared = sharedState();
  if (state === shared.single && state.requestId !== requestId) {
    state = newState(requestId, process.env._X_AMZN_TRACE_ID);
    shared.single = state;
  } else {
    state.requestId = requestId;
    state.traceId ??= process.env._X_AMZN_TRACE_ID;
  }
  state.context = context;
  return state;
}

/**
 * Runs `fn` in an invocation scope of its own, so that several invocations interleaved in one
 * process (Lambda Managed Instances, or tests) never see each other's state. Inside Lambda the
 * runtime already does this; use it where no runtime does, for example in tests.
 *
 * @example
 * await runInInvocation(() => handler(event, context), { requestId: context.awsRequestId });
 */
export function runInInvocation<T>(fn: () => T, init: Partial<InvocationState> = {}): T {
  const shared = sharedState();
  shared.als ??= new AsyncLocalStorage<InvocationState>();
  const state: InvocationState = { ...newState(undefined, undefined), ...init };
  return shared.als.run(state, fn);
}
