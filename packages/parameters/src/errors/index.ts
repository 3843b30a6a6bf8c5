export {
  GetParameterError,
  type GetParameterErrorDetails,
  ParameterNotFoundError,
  ParameterOptionsError,
  SetParameterError,
  TransformParameterError,
} from '../errors.js';
