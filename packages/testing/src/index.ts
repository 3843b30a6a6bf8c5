export {
  type AppConfigAgent,
  type AppConfigDataEndpoint,
  type AppConfigEmulator,
  type AppConfigEmulatorOptions,
  type AppConfigSeed,
  startAppConfigAgent,
  startAppConfigDataEndpoint,
} from './appconfig-emulators.js';
export {
  type AwsEndpoint,
  type AwsEndpointOptions,
  type AwsFailure,
  type RecordedAwsRequest,
  startAwsEndpoint,
} from './aws-endpoint.js';
export { type CapturedLine, type CapturedOutput, captureOutput } from './capture-output.js';
export { type ContextOverrides, createContext } from './context.js';
export * from './events/index.js';
export {
  decodeOtlpTraces,
  type OtlpReceiver,
  type OtlpSpan,
  type OtlpValue,
  startOtlpReceiver,
} from './otlp-receiver.js';
export {
  type EmulatedParameter,
  type EmulatedSecret,
  type ParameterSeed,
  type ParametersExtension,
  type ParametersExtensionOptions,
  type RecordedExtensionRequest,
  type SecretSeed,
  startParametersExtension,
} from './parameters-extension.js';
export * from './runtime/index.js';
export {
  type RejectedDatagram,
  startXrayDaemon,
  type XrayDaemon,
  type XrayDocument,
} from './xray-daemon.js';
