export { withoutRawResponse } from './aws-error.js';
export { type ClientClass, cachedClient, clearClientCache, stableHash } from './client-cache.js';
export { isColdStart, resetColdStart } from './cold-start.js';
export {
  type EnvNumberOptions,
  EnvVarError,
  readEnvBoolean,
  readEnvNumber,
  readEnvString,
  warnInvalidEnv,
} from './env.js';
export { type SharedState, sharedState } from './global-state.js';
export {
  beginInvocation,
  getInvocationState,
  type InvocationState,
  runInInvocation,
} from './invocation-store.js';
export {
  DEFAULT_SERVICE_NAME,
  getServiceName,
  getTraceHeader,
  getXrayTraceId,
  isInLambda,
  traceHeaderField,
} from './lambda-env.js';
export type {
  AsyncHandler,
  HandlerMethodDecorator,
  LambdaCallback,
  LambdaHandler,
  LambdaInterface,
  SyncHandler,
} from './lambda-interface.js';
export type { LambdaContext, MiddlewareFn, MiddlewareObj, MiddyRequest } from './types.js';
export { describeType, isBase64, isPlainObject, isThenable } from './value-checks.js';
export { type LambkitWarning, warnOnce, writeWarning } from './warn.js';
