import { getServiceName } from '@lambkit/core';

/**
 * Where `onInvalid: 'keep'` reports a key it kept as received. Structural, so a @lambkit/logger
 * Logger, a Powertools Logger or `console` fit as they are.
 *
 * @example
 * const logger: WarningLogger = { warn: (message, ...extras) => console.warn(message, ...extras) };
 */
export interface WarningLogger {
  warn(message: string, ...extras: unknown[]): void;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The default WarningLogger: one JSON line on stderr with the keys a Powertools or lambkit log line
 * has (level, message, timestamp, service), then the extras' own keys.
 *
 * @example
 * stderrWarningLogger.warn('S3 object key kept as received', { key: 'a%ZZ' });
 */
export const stderrWarningLogger: WarningLogger = {
  warn(message: string, ...extras: unknown[]): void {
    const line: Record<string, unknown> = {
      level: 'WARN',
      message,
      timestamp: new Date().toISOString(),
      service: getServiceName(),
    };
    for (const extra of extras) if (isPlainObject(extra)) Object.assign(line, extra);
    process.stderr.write(`${JSON.stringify(line)}\n`);
  },
};
