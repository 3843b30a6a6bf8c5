export {
  type AppConfigAgent,
  type AppConfigDataEndpoint,
  type AppConfigEmulator,
  type AppConfigEmulatorOptions,
  type AppConfigSeed,
  startAppConfigAgent,
  startAppConfigDataEndpoint,
} from './emulators/appconfig-emulators.js';
export {
  type AwsEndpoint,
  type AwsEndpointOptions,
  type AwsFailure,
  type RecordedAwsRequest,
  startAwsEndpoint,
} from './emulators/aws-endpoint.js';
export {
  decodeOtlpTraces,
  type OtlpReceiver,
  type OtlpSpan,
  type OtlpValue,
  startOtlpReceiver,
} from './emulators/otlp-receiver.js';
export {
  type EmulatedParameter,
  type EmulatedSecret,
  type ParameterSeed,
  type ParametersExtension,
  type ParametersExtensionOptions,
  type RecordedExtensionRequest,
  type SecretSeed,
  startParametersExtension,
} from './emulators/parameters-extension.js';
export {
  type RejectedDatagram,
  startXrayDaemon,
  type XrayDaemon,
  type XrayDocument,
} from './emulators/xray-daemon.js';
export type { FunctionLine } from './runtime/function-lines.js';
export {
  type LambdaEnvironmentOptions,
  lambdaEnvironment,
  lambdaNodeFlags,
  lambdaNodePath,
} from './runtime/lambda-environment.js';
export { type LambdaRun, type RunLambdaOptions, runLambda } from './runtime/run-lambda.js';
export {
  type InvocationOutcome,
  type InvocationRequest,
  MAX_RESPONSE_BYTES,
  type RecordedRuntimeRequest,
  type RuntimeApi,
  type RuntimeApiOptions,
  type RuntimeErrorReport,
  startRuntimeApi,
} from './runtime/runtime-api.js';
export {
  type LambdaInvocation,
  type LambdaProcess,
  type StartLambdaOptions,
  startLambda,
} from './runtime/start-lambda.js';
