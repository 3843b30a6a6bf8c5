import { sharedState } from './global-state.js';

/** Initialization types whose first invocation does not pay for INIT. */
const PREWARMED_INIT_TYPES = new Set(['provisioned-concurrency', 'snap-start']);

/**
 * Tells whether the given invocation is the cold start of this execution environment: the first
 * invocation it serves. Every middleware of that first invocation gets `true` when it passes the
 * invocation's request id; later invocations get `false`. Without a request id, the first call in
 * the process returns `true` and every later call `false`.
 *
 * Under provisioned concurrency and SnapStart (AWS_LAMBDA_INITIALIZATION_TYPE) INIT ran ahead of
 * time, so no invocation is reported cold.
 *
 * @example
 * const cold = isColdStart(context.awsRequestId);
 */
export function isColdStart(requestId?: string): boolean {
  const state = sharedState();
  if (!state.seenInvocation) {
    state.seenInvocation = true;
    state.firstRequestId = requestId;
    // Lambda sets the initialization type once for the life of the process, and every middleware
    // asks on every invocation: one read here, not one per call (a process.env read costs ~200 ns).
    state.prewarmed = isPrewarmed(process.env.AWS_LAMBDA_INITIALIZATION_TYPE);
    return !state.prewarmed;
  }
  if (requestId === undefined || state.firstRequestId === undefined) return false;
  // An older @lambkit/core in the same process may have seen the first invocation without this field.
  state.prewarmed ??= isPrewarmed(process.env.AWS_LAMBDA_INITIALIZATION_TYPE);
  if (state.prewarmed) return false;
  return requestId === state.firstRequestId;
}

function isPrewarmed(initType: string | undefined): boolean {
  return initType !== undefined && PREWARMED_INIT_TYPES.has(initType);
}

/**
 * Forgets which invocation was the cold start, as if the execution environment were new. For tests.
 *
 * @example
 * resetColdStart();
 * isColdStart('req-1'); // true
 */
export function resetColdStart(): void {
  const state = sharedState();
  state.seenInvocation = false;
  state.firstRequestId = undefined;
  state.prewarmed = undefined;
}
