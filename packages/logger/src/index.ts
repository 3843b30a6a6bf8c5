export { LoggerOptionError } from './errors.js';
export { LogLevel, type LogLevelInput, type LogLevelName, LogLevelThreshold } from './levels.js';
export { Logger } from './logger.js';
export { injectLambdaContext, UncaughtErrorLogMessage } from './middleware.js';
export { correlationPaths, search } from './path.js';
export { REDACTED } from './redact.js';
export { MAX_DEPTH } from './serialize.js';
export type {
  BufferLevel,
  ConstructorOptions,
  CustomJsonReplacerFn,
  InjectLambdaContextOptions,
  LogAttributes,
  LogAttributesWithMessage,
  LogBufferOptions,
  LoggerOptions,
  LogItemExtraInput,
  LogItemMessage,
} from './types.js';
