export {
  type LambdaEnvironmentOptions,
  lambdaEnvironment,
  lambdaNodeFlags,
  lambdaNodePath,
} from './lambda-environment.js';
export {
  type FunctionLine,
  type LambdaInvocation,
  type LambdaProcess,
  type LambdaRun,
  type RunLambdaOptions,
  runLambda,
  type StartLambdaOptions,
  startLambda,
} from './run-lambda.js';
export {
  type InvocationOutcome,
  type InvocationRequest,
  MAX_RESPONSE_BYTES,
  type RecordedRuntimeRequest,
  type RuntimeApi,
  type RuntimeApiOptions,
  type RuntimeErrorReport,
  startRuntimeApi,
} from './runtime-api.js';
