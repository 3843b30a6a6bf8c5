import { getServiceName, isPlainObject, readEnvBoolean, readEnvNumber } from '@lambkit/core';
import { LoggerOptionError } from './errors.js';
import { FORMAT_LINE, type FormatterWithLine } from './formatter/format-line.js';
import type { LogFormatter } from './formatter/log-formatter.js';
import { LogLevelThreshold, parseLevelOption, resolveAdvancedLoggingLevel, resolveLevel } from './levels.js';
import { recordOrderKeys } from './record-order.js';
import type { Redaction } from './redact.js';
import type { JsonReplacer } from './serialize.js';
import { resolveTimeZone } from './timestamp.js';
import type { LogAttributes, LogBufferOptions, LoggerOptions } from './types.js';

/** Log buffering as the Logger applies it. */
export interface BufferConfig {
  maxBytes: number;
  /** Lines at this level and below are buffered. */
  atLevel: number;
  flushOnErrorLog: boolean;
}

/** Everything a Logger needs from its options and the environment, validated once at INIT. */
export interface LoggerConfig {
  serviceName: string;
  /** The environment option, else ENVIRONMENT: what a custom formatter receives (not in the default line). */
  environment: string | undefined;
  level: number;
  advancedLoggingLevel: number | undefined;
  sampleRate: number;
  persistentKeys: LogAttributes | undefined;
  redact: Redaction | undefined;
  replacer: JsonReplacer | undefined;
  searchFn: ((expression: string, data: unknown) => unknown) | undefined;
  buffer: BufferConfig | undefined;
  logEvent: boolean;
  /**
   * POWERTOOLS_DEV, unless Lambda's JSON log format is on (where the runtime's console would wrap
   * each line in its own record): lines indented, through the global console, stacks as arrays.
   */
  pretty: boolean;
  formatter: LogFormatter | undefined;
  recordOrder: string[] | undefined;
  /**
   * The zone of the default line's timestamps, from TZ (see resolveTimeZone); undefined for UTC,
   * and with a custom formatter, whose formatTimestamp reads TZ itself, as Powertools' does.
   */
  timeZone: string | undefined;
  /** AWS_REGION, which a custom formatter receives as `awsRegion`. */
  awsRegion: string;
  /** Both persistentKeys and persistentLogAttributes were given, non-empty: Powertools warns. */
  bothPersistentOptions: boolean;
}

const DEFAULT_BUFFER_BYTES = 20480;
const REDACT_RULE = "expected redact([...paths]) from '@lambkit/logger/redact'";
const BUFFER_LEVELS = 'expected one of TRACE, DEBUG, INFO, WARN (any case)';

/** `value` when undefined or of `type`; else throws, naming the option, the value and `rule`. */
function optional<T>(name: string, value: unknown, type: string, rule: string): T | undefined {
  if (value === undefined || typeof value === type) return value as T | undefined;
  throw new LoggerOptionError(name, value, rule);
}

function optionalFunction<T>(name: string, value: unknown, rule = 'expected a function'): T | undefined {
  return optional<T>(name, value, 'function', rule);
}

function optionalString(name: string, value: unknown): string | undefined {
  return optional<string>(name, value, 'string', 'expected a string');
}

function optionalBoolean(name: string, value: unknown): boolean | undefined {
  return optional<boolean>(name, value, 'boolean', 'expected true or false');
}

function resolveSampleRate(value: unknown): number {
  if (value === undefined) return readEnvNumber('POWERTOOLS_LOGGER_SAMPLE_RATE', 0, { min: 0, max: 1 });
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new LoggerOptionError('sampleRateValue', value, 'expected a number from 0 to 1');
}

function resolvePersistentKeys(options: LoggerOptions): LogAttributes | undefined {
  const name = options.persistentKeys !== undefined ? 'persistentKeys' : 'persistentLogAttributes';
  const value = options.persistentKeys ?? options.persistentLogAttributes;
  if (value === undefined || isPlainObject(value)) return value;
  throw new LoggerOptionError(name, value, 'expected a plain object of keys and values');
}

function isNonEmpty(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length > 0;
}

function resolveFormatter(value: unknown): LogFormatter | undefined {
  if (value === undefined) return undefined;
  // The method a Logger writes through, which only LogFormatter gives.
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FormatterWithLine)[FORMAT_LINE] === 'function'
  ) {
    return value as LogFormatter;
  }
  throw new LoggerOptionError('logFormatter', value, 'expected an instance of a LogFormatter subclass');
}

function resolveRecordOrder(value: unknown, formatter: LogFormatter | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (formatter !== undefined) {
    throw new LoggerOptionError(
      'logRecordOrder',
      value,
      'cannot be combined with logFormatter: the formatter decides the order of its keys',
    );
  }
  const keys = recordOrderKeys(value as string[]);
  if (keys !== undefined) return keys;
  throw new LoggerOptionError('logRecordOrder', value, 'expected an array or a Set of key names');
}

function resolveBuffer(value: LogBufferOptions | undefined): BufferConfig | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new LoggerOptionError('logBufferOptions', value, 'expected an object');
  if (optionalBoolean('logBufferOptions.enabled', value.enabled) === false) return undefined;
  const { maxBytes = DEFAULT_BUFFER_BYTES, bufferAtVerbosity = 'DEBUG' } = value;
  if (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw new LoggerOptionError(
      'logBufferOptions.maxBytes',
      maxBytes,
      'expected a positive whole number of bytes',
    );
  }
  const atLevel = parseLevelOption('logBufferOptions.bufferAtVerbosity', bufferAtVerbosity);
  if (atLevel > LogLevelThreshold.WARN) {
    throw new LoggerOptionError('logBufferOptions.bufferAtVerbosity', bufferAtVerbosity, BUFFER_LEVELS);
  }
  const flushOnErrorLog = optionalBoolean('logBufferOptions.flushOnErrorLog', value.flushOnErrorLog) ?? true;
  return { maxBytes, atLevel, flushOnErrorLog };
}

/**
 * Validates `options` and reads the environment, once, at INIT. An invalid option throws, naming the
 * option, the value and the rule (the developer's mistake, seen at once); an invalid variable is
 * operations' configuration and never stops INIT: it gives Powertools' fallback (INFO, sample rate
 * 0, false), with one warning naming the variable, the value and the fallback.
 *
 * @example
 * const config = resolveConfig({ serviceName: 'orders', logLevel: 'DEBUG' });
 */
export function resolveConfig(options: LoggerOptions): LoggerConfig {
  if (!isPlainObject(options as unknown))
    throw new LoggerOptionError('options', options, 'expected an object');
  const environment = optionalString('environment', options.environment);
  const formatter = resolveFormatter(options.logFormatter);
  return {
    serviceName: getServiceName(optionalString('serviceName', options.serviceName)),
    environment: environment || process.env.ENVIRONMENT?.trim() || undefined,
    level: resolveLevel(options.logLevel),
    advancedLoggingLevel: resolveAdvancedLoggingLevel(),
    sampleRate: resolveSampleRate(options.sampleRateValue),
    persistentKeys: resolvePersistentKeys(options),
    redact: optionalFunction<Redaction>('redact', options.redact, REDACT_RULE),
    replacer: optionalFunction<JsonReplacer>('jsonReplacerFn', options.jsonReplacerFn),
    searchFn: optionalFunction('correlationIdSearchFn', options.correlationIdSearchFn),
    buffer: resolveBuffer(options.logBufferOptions),
    logEvent: readEnvBoolean('POWERTOOLS_LOGGER_LOG_EVENT', false),
    pretty:
      readEnvBoolean('POWERTOOLS_DEV', false) && process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() !== 'JSON',
    formatter,
    recordOrder: resolveRecordOrder(options.logRecordOrder, formatter),
    timeZone: formatter === undefined ? resolveTimeZone() : undefined,
    awsRegion: process.env.AWS_REGION ?? '',
    bothPersistentOptions: isNonEmpty(options.persistentKeys) && isNonEmpty(options.persistentLogAttributes),
  };
}
