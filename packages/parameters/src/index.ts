export { clearCaches } from './cache.js';
export { Transform } from './constants.js';
export {
  GetParameterError,
  type GetParameterErrorDetails,
  type ParameterKind,
  ParameterNotFoundError,
  ParameterOptionsError,
  type ResolvedTransport,
  SetParameterError,
  TransformParameterError,
} from './errors.js';
export { getParameter } from './get-parameter.js';
export { getParameters } from './get-parameters.js';
export {
  type GetParametersByNameOptions,
  getParametersByName,
  type ParametersByName,
} from './get-parameters-by-name.js';
export { getSecret } from './get-secret.js';
export {
  type FetchedValue,
  type FetchSpec,
  type ParameterFetch,
  type ParametersContext,
  type ParametersMiddlewareOptions,
  parameters,
  type SecretFetch,
} from './middleware.js';
export type {
  BaseGetOptions,
  GetParameterOptions,
  GetParametersOptions,
  GetSecretOptions,
  JsonValue,
  ParameterValue,
  SdkClientLike,
  SecretValue,
  Transport,
} from './types.js';
