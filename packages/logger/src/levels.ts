import { warnInvalidEnv } from '@lambkit/core';
import { LoggerOptionError } from './errors.js';

/**
 * The log level names, as Powertools names them.
 *
 * @example
 * const logger = new Logger({ logLevel: LogLevel.DEBUG });
 */
export const LogLevel = {
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARN',
  ERROR: 'ERROR',
  SILENT: 'SILENT',
  CRITICAL: 'CRITICAL',
} as const;

/**
 * The numeric value of each level, the same as Powertools': a higher number is less verbose.
 *
 * @example
 * if (logger.level <= LogLevelThreshold.DEBUG) logger.debug('expensive detail', detail());
 */
export const LogLevelThreshold = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
} as const;

/** A level name. */
export type LogLevelName = keyof typeof LogLevelThreshold;
/** A level name, in upper or lower case, as options accept it. */
export type LogLevelInput = LogLevelName | Lowercase<LogLevelName>;

const VALID_LEVELS = 'expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (any case)';

/**
 * Level number to name.
 *
 * @example
 * levelName(16); // 'WARN'
 */
export function levelName(level: number): LogLevelName {
  switch (level) {
    case 6:
      return 'TRACE';
    case 8:
      return 'DEBUG';
    case 12:
      return 'INFO';
    case 16:
      return 'WARN';
    case 20:
      return 'ERROR';
    case 24:
      return 'CRITICAL';
    default:
      return 'SILENT';
  }
}

function lookup(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return Object.hasOwn(LogLevelThreshold, upper) ? LogLevelThreshold[upper as LogLevelName] : undefined;
}

/**
 * Parses a level given as an option; throws LoggerOptionError naming the value and the valid ones.
 *
 * @example
 * parseLevelOption('logLevel', 'debug'); // 8
 */
export function parseLevelOption(option: string, value: unknown): number {
  const level = lookup(value);
  if (level === undefined) throw new LoggerOptionError(option, value, VALID_LEVELS);
  return level;
}

function envLevel(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const level = lookup(raw);
  if (level !== undefined) return level;
  // Powertools ignores an unknown level and logs at INFO, without reading LOG_LEVEL: a function
  // configured for it keeps running here, at the same level, and is told why.
  warnInvalidEnv(name, raw.trim(), VALID_LEVELS, 'INFO');
  return LogLevelThreshold.INFO;
}

/**
 * The configured level: the option, else POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, else INFO. An
 * unknown level in the option throws; in a variable it gives INFO, as in Powertools, with one
 * warning naming the variable, the value and the fallback.
 *
 * @example
 * resolveLevel(undefined); // 12 (INFO) when no variable is set
 */
export function resolveLevel(option: unknown): number {
  if (option !== undefined) return parseLevelOption('logLevel', option);
  return envLevel('POWERTOOLS_LOG_LEVEL') ?? envLevel('LOG_LEVEL') ?? LogLevelThreshold.INFO;
}

/**
 * The minimum level set by Lambda's advanced logging controls (AWS_LAMBDA_LOG_LEVEL), where Lambda
 * names CRITICAL "FATAL"; undefined when unset, or unknown (as in Powertools, with one warning).
 *
 * @example
 * resolveAdvancedLoggingLevel(); // 20 with AWS_LAMBDA_LOG_LEVEL=ERROR
 */
export function resolveAdvancedLoggingLevel(): number | undefined {
  const raw = process.env.AWS_LAMBDA_LOG_LEVEL;
  if (raw === undefined || raw.trim() === '') return undefined;
  const upper = raw.trim().toUpperCase();
  const level = lookup(upper === 'FATAL' ? 'CRITICAL' : upper);
  if (level === undefined) {
    warnInvalidEnv(
      'AWS_LAMBDA_LOG_LEVEL',
      raw.trim(),
      'expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL',
      "no minimum level from Lambda's advanced logging controls",
    );
  }
  return level;
}

/** The level thresholds a Logger applies; see levelThresholds. */
export interface LevelThresholds {
  /** The threshold of an invocation that is not sampled. */
  level: number;
  /** The threshold of a sampled invocation. */
  sampledLevel: number;
  /** The lowest level that can print or be buffered: calls below it return at once. */
  minLevel: number;
}

/**
 * The thresholds for a configured level under Lambda's minimum level (`floor`, 0 when none),
 * sampling (a sampled invocation logs DEBUG) and buffering (buffered levels are kept from TRACE).
 *
 * @example
 * levelThresholds(LogLevelThreshold.INFO, 0, 0.1, false); // { level: 12, sampledLevel: 8, minLevel: 8 }
 */
export function levelThresholds(
  configured: number,
  floor: number,
  sampleRate: number,
  buffered: boolean,
): LevelThresholds {
  const level = Math.max(configured, floor);
  const sampledLevel =
    sampleRate > 0 ? Math.max(Math.min(configured, LogLevelThreshold.DEBUG), floor) : level;
  const minLevel = buffered ? Math.min(sampledLevel, Math.max(LogLevelThreshold.TRACE, floor)) : sampledLevel;
  return { level, sampledLevel, minLevel };
}
