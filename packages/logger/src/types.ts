import type { HandlerMethodDecorator, LambdaContext } from '@lambkit/core';
import type { LogFormatter } from './formatter/log-formatter.js';
import type { LogLevelInput } from './levels.js';
import type { Redaction } from './redact.js';

/** Keys and values added to log lines. */
export type LogAttributes = { [key: string]: unknown };

/** A log call's first argument given as an object: its `message`, and more keys for the line. */
export type LogAttributesWithMessage = LogAttributes & { message: string };

/** The first argument of a log call: the message, or an object holding it and more keys. */
export type LogItemMessage = string | LogAttributesWithMessage;

/**
 * The further arguments of a log call. A plain object is merged into the line; an Error is written
 * under "error"; anything else (a string, a number, an array) under "extra".
 */
export type LogItemExtraInput = unknown[];

/** A replacer as JSON.stringify takes it, applied to the keys you add (see `jsonReplacerFn`). */
export type CustomJsonReplacerFn = (key: string, value: unknown) => unknown;

/** Levels at which lines can be buffered. */
export type BufferLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'trace' | 'debug' | 'info' | 'warn';

/**
 * Log buffering: hold verbose lines per invocation, write them only when something goes wrong.
 *
 * @example
 * new Logger({ logBufferOptions: { maxBytes: 40960, bufferAtVerbosity: 'DEBUG' } });
 */
export interface LogBufferOptions {
  /** Default true once `logBufferOptions` is given. */
  enabled?: boolean;
  /** Bytes held per invocation; the oldest lines are evicted beyond it. Default 20480. */
  maxBytes?: number;
  /** Lines at this level and more verbose are buffered. Default DEBUG. */
  bufferAtVerbosity?: BufferLevel;
  /** Write the buffer when an error or critical line is logged. Default true. */
  flushOnErrorLog?: boolean;
}

/**
 * Options of `new Logger(options)`.
 *
 * @example
 * const options: LoggerOptions = { serviceName: 'orders', logLevel: 'DEBUG', redact: redact(['password']) };
 */
export interface LoggerOptions {
  /** The `service` key. Default POWERTOOLS_SERVICE_NAME, else "service_undefined". */
  serviceName?: string;
  /** Default POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, else INFO. */
  logLevel?: LogLevelInput;
  /** Share of invocations (0 to 1) that log at DEBUG. Default POWERTOOLS_LOGGER_SAMPLE_RATE, else 0. */
  sampleRateValue?: number;
  /** Keys written on every line of this logger, in every invocation. */
  persistentKeys?: LogAttributes;
  /** @deprecated The former name of `persistentKeys`, accepted for Powertools compatibility. */
  persistentLogAttributes?: LogAttributes;
  /**
   * Writes the values at these paths as "[REDACTED]": `redact(['password', 'headers.authorization'])`,
   * with `redact` from '@lambkit/logger/redact'.
   */
  redact?: Redaction;
  /** Log buffering; off unless given. */
  logBufferOptions?: LogBufferOptions;
  /** Called for every key you add (persistent, appended, extras) before it is written. */
  jsonReplacerFn?: CustomJsonReplacerFn;
  /** Finds the correlation id at `correlationIdPath`; default: a dot-path lookup (`search`). */
  correlationIdSearchFn?: (expression: string, data: unknown) => unknown;
  /**
   * The environment a custom formatter receives as `environment` (default ENVIRONMENT); the
   * default format does not write it, as Powertools' does not.
   */
  environment?: Environment;
  /**
   * Writes each line through this formatter instead of the default format (see `LogFormatter`).
   * Cannot be combined with `logRecordOrder`.
   */
  logFormatter?: LogFormatter;
  /**
   * Keys written first, in this order, by the default format; the other keys follow in their usual
   * order. Cannot be combined with `logFormatter`.
   */
  logRecordOrder?: LogRecordOrderKeys;
}

/** A string with the usual values suggested by editors, any other accepted. */
type AutocompletableString = string & {};

/** The `environment` option: the usual names, or any other. */
export type Environment = 'dev' | 'local' | 'staging' | 'prod' | AutocompletableString;

/** A level name in upper or lower case: Powertools' `LogLevel` type (the `types` subpath exports it so). */
export type LogLevel = LogLevelInput;

/** A key of the default line, as `logRecordOrder` takes it. */
export type LogKey =
  | 'level'
  | 'message'
  | 'sampling_rate'
  | 'service'
  | 'timestamp'
  | 'xray_trace_id'
  | 'error'
  | 'cold_start'
  | 'function_name'
  | 'function_memory_size'
  | 'function_arn'
  | 'function_request_id'
  | 'tenant_id'
  | AutocompletableString;

/** The `logRecordOrder` option: keys in the order they are written. */
export type LogRecordOrderKeys = Set<LogKey> | LogKey[];

/** The Lambda context as the Logger keeps it and gives it to a formatter. */
export type LambdaFunctionContext = Pick<
  LambdaContext,
  'functionName' | 'memoryLimitInMB' | 'functionVersion' | 'invokedFunctionArn' | 'awsRequestId' | 'tenantId'
> & { coldStart: boolean };

/** What the Logger writes on every line besides your keys, as a formatter receives it. */
export type PowertoolsLogData = {
  environment?: Environment;
  serviceName: string;
  sampleRateValue: number;
  lambdaContext?: LambdaFunctionContext;
  xRayTraceId?: string;
  awsRegion: string;
};

/**
 * The first argument of `LogFormatter.formatAttributes`: the Logger's own attributes of a line.
 *
 * @example
 * formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes) { attributes.logLevel; }
 */
export type UnformattedAttributes = LogAttributes &
  PowertoolsLogData & {
    error?: Error;
    /** Upper case when the Logger builds it; typed as Powertools types it. */
    logLevel: LogLevel;
    timestamp: Date;
    message: string;
  };

/**
 * The public methods of a Logger, as Powertools' `LoggerInterface`.
 *
 * @example
 * function withLogger(logger: LoggerInterface) { logger.info('ready'); }
 */
export type LoggerInterface = {
  addContext(context: LambdaContext): void;
  appendPersistentKeys(attributes?: LogAttributes): void;
  appendKeys(attributes?: LogAttributes): void;
  createChild(options?: LoggerOptions): LoggerInterface;
  critical(input: LogItemMessage, ...extraInput: LogItemExtraInput): void;
  debug(input: LogItemMessage, ...extraInput: LogItemExtraInput): void;
  error(input: LogItemMessage, ...extraInput: LogItemExtraInput): void;
  flushBuffer(): void;
  getLevelName(): Uppercase<LogLevel>;
  getLogEvent(): boolean;
  getPersistentLogAttributes(): LogAttributes;
  info(input: LogItemMessage, ...extraInput: LogItemExtraInput): void;
  injectLambdaContext(options?: InjectLambdaContextOptions): HandlerMethodDecorator;
  logEventIfEnabled(event: unknown, overwriteValue?: boolean): void;
  refreshSampleRateCalculation(): void;
  removeKeys(keys?: string[]): void;
  removePersistentLogAttributes(keys?: string[]): void;
  resetKeys(): void;
  setCorrelationId(value: unknown, correlationIdPath?: string): void;
  setLogLevel(logLevel: LogLevel): void;
  setPersistentLogAttributes(attributes?: LogAttributes): void;
  shouldLogEvent(overwriteValue?: boolean): boolean;
  trace(input: LogItemMessage, ...extraInput: LogItemExtraInput): void;
  warn(input: LogItemMessage, ...extraInput: LogItemExtraInput): void;
};

/** The Powertools name of `LoggerOptions`. */
export type ConstructorOptions = LoggerOptions;

/**
 * Options of the `injectLambdaContext` middleware.
 *
 * @example
 * injectLambdaContext(logger, { logEvent: true, resetKeys: true, correlationIdPath: 'id' });
 */
export interface InjectLambdaContextOptions {
  /** Log the event at INFO as "Lambda invocation event". Default POWERTOOLS_LOGGER_LOG_EVENT, else false. */
  logEvent?: boolean;
  /** Remove appended keys when the handler returns or throws. Default false. */
  resetKeys?: boolean;
  /** @deprecated The former name of `resetKeys`. */
  clearState?: boolean;
  /** A path into the event (see `correlationPaths`) whose value becomes `correlation_id`. */
  correlationIdPath?: string;
  /** When the handler throws: write the log buffer, then an error line with the error. Default false. */
  flushBufferOnUncaughtError?: boolean;
}
