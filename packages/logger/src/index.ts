export { LoggerOptionError } from './errors.js';
export { LogFormatter } from './formatter/log-formatter.js';
export { LogItem } from './formatter/log-item.js';
export { LogLevel, type LogLevelInput, type LogLevelName, LogLevelThreshold } from './levels.js';
export { Logger } from './logger.js';
export { injectLambdaContext, UncaughtErrorLogMessage } from './middleware.js';
export { correlationPaths, search } from './path.js';
export { REDACTED, type Redaction } from './redact.js';
export { MAX_DEPTH } from './serialize.js';
export type {
  BufferLevel,
  ConstructorOptions,
  CustomJsonReplacerFn,
  Environment,
  InjectLambdaContextOptions,
  LambdaFunctionContext,
  LogAttributes,
  LogAttributesWithMessage,
  LogBufferOptions,
  LoggerInterface,
  LoggerOptions,
  LogItemExtraInput,
  LogItemMessage,
  LogKey,
  LogRecordOrderKeys,
  PowertoolsLogData,
  UnformattedAttributes,
} from './types.js';
