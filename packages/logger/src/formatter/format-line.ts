import { type LambdaContext, traceHeaderField } from '@lambkit/core';
import type { LineFormatter } from '../format.js';
import { assign, withoutReserved } from '../key-merge.js';
import { type LogLevelName, levelName } from '../levels.js';
import { collectAttributes, messageOf } from '../line.js';
import type { Redaction } from '../redact.js';
import type { LoggerScope } from '../scope.js';
import { errorText, type JsonReplacer } from '../serialize.js';
import type { Environment, LogAttributes, UnformattedAttributes } from '../types.js';
import type { LogFormatter } from './log-formatter.js';

/**
 * The key under which a LogFormatter holds `formatterLine`, the function a Logger writes its lines
 * through (set by the LogFormatter constructor, so a Logger without a custom formatter does not
 * carry the code). Registered globally, so a formatter from another copy of the package is
 * recognised too.
 *
 * @example
 * const line = (formatter as FormatterWithLine)[FORMAT_LINE](settings, format, scope, level, input, extras);
 */
export const FORMAT_LINE: unique symbol = Symbol.for('@lambkit/logger.formatLine');

/** A LogFormatter as the Logger sees it: with the function its constructor set. */
export interface FormatterWithLine {
  [FORMAT_LINE]: typeof formatterLine;
}

/** What a Logger with a custom formatter knows at INIT. */
export interface FormatterSettings {
  formatter: LogFormatter;
  serviceName: string;
  environment: Environment | undefined;
  sampleRate: number;
  awsRegion: string;
  replacer: JsonReplacer | undefined;
  redact: Redaction | undefined;
  /** Writes a warning once per Logger. */
  warnOnce: (message: string) => void;
}

/** What one line holds besides the settings. */
export interface FormatterLine {
  level: LogLevelName;
  message: string;
  traceId: string | undefined;
  context: LambdaContext | undefined;
  coldStart: boolean;
  /** Persistent, appended and the call's keys, merged, reserved keys dropped. */
  additional: LogAttributes;
}

/**
 * The replacer Powertools serializes a formatted item with: the user's jsonReplacerFn first, then
 * Errors through the formatter's formatError, BigInt as a string, and repeated ancestors dropped.
 */
function itemReplacer(formatter: LogFormatter, custom: JsonReplacer | undefined): JsonReplacer {
  const ancestors: unknown[] = [];
  return function replace(this: unknown, key: string, value: unknown): unknown {
    let replaced = custom === undefined ? value : custom.call(this, key, value);
    if (replaced instanceof Error) replaced = formatter.formatError(replaced);
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

/**
 * One line (with its newline) built by a custom formatter, as Powertools builds it: the Logger's
 * attributes and the additional keys go to `formatAttributes`, the item drops its empty keys and
 * is serialized with Powertools' replacer. Throws what the formatter
 * or a value throws; the Logger catches it and writes the default line instead.
 *
 * @example
 * process.stdout.write(formattedLine(settings, line));
 */
export function formattedLine(settings: FormatterSettings, line: FormatterLine): string {
  const { formatter, redact } = settings;
  const attributes: UnformattedAttributes = {
    logLevel: line.level,
    timestamp: new Date(),
    xRayTraceId: line.traceId,
    sampleRateValue: settings.sampleRate,
    awsRegion: settings.awsRegion,
    environment: settings.environment ?? '',
    serviceName: settings.serviceName,
    message: line.message,
  };
  const context = line.context;
  if (context !== undefined) {
    attributes.lambdaContext = {
      invokedFunctionArn: context.invokedFunctionArn,
      coldStart: line.coldStart,
      awsRequestId: context.awsRequestId,
      memoryLimitInMB: context.memoryLimitInMB,
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      tenantId: context.tenantId,
    };
  }
  const item = formatter.formatAttributes(attributes, line.additional);
  item.prepareForPrint();
  const json = JSON.stringify(item.getAttributes(), itemReplacer(formatter, settings.replacer));
  if (redact === undefined) return `${json}\n`;
  return `${JSON.stringify(redact(JSON.parse(json)))}\n`;
}

/**
 * The custom formatter's line, or undefined when the formatter (or a value's toJSON or getter it
 * reads) throws: the Logger then writes the default line, after one warning naming the fix.
 *
 * @example
 * const line = formatterLine(settings, format, scope, LogLevelThreshold.INFO, 'placed', []) ?? defaultLine();
 */
export function formatterLine(
  settings: FormatterSettings,
  format: LineFormatter,
  scope: LoggerScope,
  level: number,
  input: unknown,
  extras: readonly unknown[],
): string | undefined {
  try {
    return formatterLineFor(settings, format, scope, level, input, extras);
  } catch (error) {
    settings.warnOnce(
      `logFormatter threw (${errorText(error)}); lines it cannot format are written in the default format. Fix its formatAttributes, or a value's toJSON or getter it reads.`,
    );
    return undefined;
  }
}

/**
 * The custom formatter's line for a log call in `scope`: what the default format would write,
 * handed to the formatter as Powertools hands it. Throws what the formatter throws.
 *
 * @example
 * const line = formatterLineFor(settings, format, scope, LogLevelThreshold.INFO, 'placed', [{ id }]);
 */
export function formatterLineFor(
  settings: FormatterSettings,
  format: LineFormatter,
  scope: LoggerScope,
  level: number,
  input: unknown,
  extras: readonly unknown[],
): string {
  return formattedLine(settings, {
    level: levelName(level),
    message: typeof input === 'string' ? input : messageOf(input),
    traceId: traceHeaderField(scope.state.traceId ?? process.env._X_AMZN_TRACE_ID, 'Root'),
    context: scope.context,
    coldStart: scope.coldStart,
    additional: additionalKeys(format, scope, collectAttributes(input, extras)),
  });
}

/**
 * The keys a custom formatter receives as `additionalLogAttributes`: persistent and appended keys
 * (with the same precedence as the default line), the correlation id, then the call's own keys,
 * reserved ones dropped with a warning.
 */
function additionalKeys(
  format: LineFormatter,
  scope: LoggerScope,
  attributes: Record<string, unknown> | undefined,
): LogAttributes {
  const record = format.withKeys(scope, {});
  if (scope.correlationId !== undefined) record.correlation_id = scope.correlationId;
  return attributes === undefined ? record : assign(record, withoutReserved(attributes, format.onReserved));
}
