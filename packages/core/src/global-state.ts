import type { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationState } from './invocation-store.js';

/**
 * State that must exist once per execution environment. It lives on globalThis under a registered
 * symbol, so the ES module build and the CommonJS build of @lambkit/core, when both are loaded in
 * one process (the dual package hazard), still share one cold start flag, one invocation store and
 * one client cache.
 */
export interface SharedState {
  /** The request id of the first invocation this environment served; undefined before it. */
  firstRequestId: string | undefined;
  /** Whether any invocation has been seen: false until the first `isColdStart` call. */
  seenInvocation: boolean;
  /** Whether INIT ran ahead of time (AWS_LAMBDA_INITIALIZATION_TYPE), read at the first invocation. */
  prewarmed?: boolean | undefined;
  /** The invocation slot used when neither the Lambda runtime nor lambkit's own scope is active. */
  single: InvocationState;
  /** lambkit's own AsyncLocalStorage, created on first `runInInvocation`. */
  als: AsyncLocalStorage<InvocationState> | undefined;
  /** Client instances by constructor, then by a stable hash of their configuration. */
  clients: Map<unknown, Map<string, unknown>>;
  /** The hash of each configuration object, taken the first time it is seen. */
  configKeys: WeakMap<object, string>;
  /** Identity numbers of functions and class instances inside configurations. */
  objectIds: WeakMap<object, number>;
  nextObjectId: number;
}

const STATE_KEY = Symbol.for('@lambkit/core.state.v1');

type GlobalWithState = typeof globalThis & { [STATE_KEY]?: SharedState };

/**
 * Returns the process-wide lambkit state, creating it on first use (never at import time).
 *
 * @example
 * sharedState().clients.size; // number of client classes cached so far
 */
export function sharedState(): SharedState {
  const holder = globalThis as GlobalWithState;
  const state = holder[STATE_KEY];
  if (state !== undefined && state.objectIds !== undefined) return state;
  // A missing field means an older @lambkit/core (a layer's, or another bundle's) created the state:
  // keep what it holds, so cold start and cached clients stay single, and add what is new.
  const complete: SharedState = {
    firstRequestId: undefined,
    seenInvocation: false,
    single: { requestId: undefined, traceId: undefined, context: undefined },
    als: undefined,
    clients: new Map(),
    ...state,
    configKeys: state?.configKeys ?? new WeakMap(),
    objectIds: state?.objectIds ?? new WeakMap(),
    nextObjectId: state?.nextObjectId ?? 1,
  };
  holder[STATE_KEY] = complete;
  return complete;
}
