import { readEnvBoolean } from '@lambkit/core';
import { codeLocation, readMember } from '../serialize.js';
import { isResolvable, zonedTimestamp } from '../timestamp.js';
import type { LogAttributes, UnformattedAttributes } from '../types.js';
import { FORMAT_LINE, formatterLine } from './format-line.js';
import type { LogItem } from './log-item.js';

const ERROR_KEYS = new Set(['name', 'message', 'stack', 'cause']);
// Process-wide, as the TZ variable it is about: one warning per unresolvable zone.
const warnedZones = new Set<string>();

/**
 * The base of a custom log formatter, as Powertools' `LogFormatter`: extend it, implement
 * `formatAttributes`, and pass an instance as the Logger's `logFormatter` option. The default
 * format does not go through a formatter, so it keeps its speed; a custom one costs what its
 * `formatAttributes` costs, plus one JSON.stringify with a replacer per line.
 *
 * @example
 * class MyFormatter extends LogFormatter {
 *   formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
 *     return new LogItem({ attributes: { msg: attributes.message, level: attributes.logLevel } }).addAttributes(additional);
 *   }
 * }
 * const logger = new Logger({ logFormatter: new MyFormatter() });
 */
export abstract class LogFormatter {
  constructor() {
    // How a Logger writes a line through this formatter: set here, so a Logger without a custom
    // formatter does not carry the code, and on the instance (not as a method with a symbol key,
    // which would keep the class, and that code, in every bundle importing the package's entry).
    Object.defineProperty(this, FORMAT_LINE, { value: formatterLine });
  }

  /**
   * Builds the line from the Logger's attributes and the keys added to it (persistent, appended,
   * correlation id and the call's own, in that order).
   *
   * @example
   * formatAttributes(attributes, additional) { return new LogItem({ attributes: { message: attributes.message } }); }
   */
  abstract formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem;

  /**
   * An Error as a loggable object: name, location, message, stack (an array of lines with
   * POWERTOOLS_DEV), cause (formatted the same way when an Error) and the error's own keys.
   *
   * @example
   * this.formatError(new Error('boom')); // { name: 'Error', location: 'file.js:1', message: 'boom', stack: '...' }
   */
  formatError(error: Error): LogAttributes {
    const stack = readMember(error, 'stack');
    const cause = readMember(error, 'cause');
    const formatted: LogAttributes = {
      name: readMember(error, 'name'),
      location: this.getCodeLocation(typeof stack === 'string' ? stack : undefined),
      message: readMember(error, 'message'),
      stack: typeof stack === 'string' && readEnvBoolean('POWERTOOLS_DEV', false) ? stack.split('\n') : stack,
      cause: cause instanceof Error ? this.formatError(cause) : cause,
    };
    for (const key in error) {
      if (!ERROR_KEYS.has(key)) formatted[key] = readMember(error, key);
    }
    return formatted;
  }

  /**
   * The date as ISO 8601: in UTC, or with the offset of the TZ variable's zone when TZ names one
   * (an unresolvable zone gives UTC, with one warning).
   *
   * @example
   * this.formatTimestamp(new Date(0)); // '1970-01-01T00:00:00.000Z'
   */
  formatTimestamp(now: Date): string {
    const zone = process.env.TZ?.trim();
    if (zone && !zone.includes('UTC')) return zonedTimestamp(now, resolveZone(zone));
    return now.toISOString();
  }

  /**
   * "file:line" of the first stack frame written with parentheses; '' when there is none.
   *
   * @example
   * this.getCodeLocation(error.stack); // '/var/task/index.js:12'
   */
  getCodeLocation(stack?: string): string {
    return codeLocation(stack);
  }
}

function resolveZone(zone: string): string {
  if (isResolvable(zone)) return zone;
  if (!warnedZones.has(zone)) {
    warnedZones.add(zone);
    // Powertools' text, so a test written for it matches.
    console.warn(`Invalid or unresolvable time zone: "${zone}" - falling back to UTC.`);
  }
  return 'UTC';
}
