// console.* as Lambda's Node.js runtime patches it: one line per call on stdout (newlines inside a
// message become carriage returns, so CloudWatch keeps the call as one event), tab-separated text or,
// with AWS_LAMBDA_LOG_FORMAT=JSON, one JSON object, and levels below AWS_LAMBDA_LOG_LEVEL dropped.
import { format } from 'node:util';
import type { InvokeStore } from './invoke-store.js';

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 } as const;

/** A console level, as the runtime writes it. */
export type LogLevel = keyof typeof LEVELS;

const METHODS = [
  ['trace', 'TRACE'],
  ['debug', 'DEBUG'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['fatal', 'FATAL'],
] as const;

/** How the runtime writes log lines: the format and level settings of the function. */
export interface LogSettings {
  json: boolean;
  minLevel: number;
}

/**
 * The log settings from AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL (unknown values mean text, TRACE).
 *
 * @example
 * logSettings({ AWS_LAMBDA_LOG_FORMAT: 'JSON' }); // { json: true, minLevel: 1 }
 */
export function logSettings(env: NodeJS.ProcessEnv): LogSettings {
  const level = env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() as LogLevel | undefined;
  return {
    json: env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON',
    minLevel: (level !== undefined ? LEVELS[level] : undefined) ?? LEVELS.TRACE,
  };
}

function jsonLine(record: Record<string, unknown>, message: unknown, params: unknown[]): string {
  const error = params.find((param) => param instanceof Error);
  if (error !== undefined)
    Object.assign(record, {
      errorType: error.constructor?.name ?? 'UnknownError',
      errorMessage: error.message,
      stackTrace: String(error.stack ?? '').split('\n'),
    });
  try {
    return JSON.stringify(record);
  } catch {
    // A circular message: the runtime falls back to util.format of the message alone.
    return JSON.stringify({ ...record, message: format(message) });
  }
}

/**
 * One console call as the runtime writes it (without the final newline).
 *
 * @example
 * formatLogLine({ json: false, minLevel: 1 }, 'INFO', 'r-1', ['hello %s', 'world']);
 * // '2026-01-01T00:00:00.000Z\tr-1\tINFO\thello world'
 */
export function formatLogLine(
  settings: LogSettings,
  level: LogLevel,
  requestId: string,
  [message, ...params]: unknown[],
): string {
  const timestamp = new Date().toISOString();
  const line = settings.json
    ? jsonLine(
        {
          timestamp,
          level,
          requestId,
          message: params.length === 0 && typeof message !== 'string' ? message : format(message, ...params),
        },
        message,
        params,
      )
    : [timestamp, requestId, level, format(message, ...params)].join('\t');
  return line.replace(/\n/g, '\r');
}

/**
 * Replaces console.trace/debug/info/warn/error/fatal (and log, as info) with the runtime's writers.
 *
 * @example
 * patchConsole(logSettings(process.env), store, (line) => process.stdout.write(line));
 */
export function patchConsole(settings: LogSettings, store: InvokeStore, write: (text: string) => void): void {
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const [name, level] of METHODS) {
    target[name] =
      LEVELS[level] >= settings.minLevel
        ? (...args: unknown[]) => write(`${formatLogLine(settings, level, store.getRequestId(), args)}\n`)
        : () => {};
  }
  target.log = target.info as (...args: unknown[]) => void;
}
