import type { LogLevelInput } from './levels.js';

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
 * const options: LoggerOptions = { serviceName: 'orders', logLevel: 'DEBUG', redact: ['password'] };
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
  /** Paths whose values are written as "[REDACTED]", e.g. ['password', 'headers.authorization', '*.secret']. */
  redact?: string[];
  /** Log buffering; off unless given. */
  logBufferOptions?: LogBufferOptions;
  /** Called for every key you add (persistent, appended, extras) before it is written. */
  jsonReplacerFn?: CustomJsonReplacerFn;
  /** Finds the correlation id at `correlationIdPath`; default: a dot-path lookup (`search`). */
  correlationIdSearchFn?: (expression: string, data: unknown) => unknown;
  /** The `environment` key. Default ENVIRONMENT; omitted when neither is set. */
  environment?: string;
}

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
