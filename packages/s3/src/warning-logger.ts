import { isPlainObject, writeWarning } from '@lambkit/core';

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

/**
 * The default WarningLogger: lambkit's warning line on stderr (level, message, timestamp, service,
 * package, and the code `S3_KEY_KEPT_AS_RECEIVED`), then the keys of the plain-object extras. Every
 * kept key is reported: each is a record whose key was not decoded.
 *
 * @example
 * stderrWarningLogger.warn('S3 object key kept as received', { key: 'a%ZZ' });
 */
export const stderrWarningLogger: WarningLogger = {
  warn(message: string, ...extras: unknown[]): void {
    const fields: Record<string, unknown> = {};
    for (const extra of extras) if (isPlainObject(extra)) Object.assign(fields, extra);
    writeWarning({ package: '@lambkit/s3', code: 'S3_KEY_KEPT_AS_RECEIVED', message, fields });
  },
};
