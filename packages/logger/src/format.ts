import { traceHeaderField } from '@lambkit/core';
import { levelName } from './levels.js';
import { collectAttributes, isoTimestamp, isPlainObject, lineHead, messageOf } from './line.js';
import { type RedactNode, redactValue } from './redact.js';
import type { LoggerScope } from './scope.js';
import {
  type JsonReplacer,
  listKeys,
  normalizeAttributes,
  readMember,
  setMember,
  stringifySafe,
} from './serialize.js';
import type { LogAttributes } from './types.js';

/**
 * Keys Powertools reserves: values given for them are dropped with a warning.
 *
 * @example
 * RESERVED_KEYS.has('service'); // true
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'level',
  'message',
  'sampling_rate',
  'service',
  'timestamp',
]);

const TIMESTAMP = ',"timestamp":"';

/** What a LineFormatter writes besides the keys it is given. */
export interface LineSettings {
  service: string;
  environment: string | undefined;
  sampleRate: number;
  redact: RedactNode | undefined;
  replacer: JsonReplacer | undefined;
}

/**
 * Builds a Logger's lines. The constant part of a line (service, context, trace id, correlation id,
 * persistent and appended keys) is serialized once into the scope's `prefix`; a line then costs the
 * serialization of what the call adds, a timestamp and one string concatenation.
 *
 * @example
 * const format = new LineFormatter(settings, (key) => warnOnce(key));
 * process.stdout.write(format.line(scope, 12, 'order placed', [{ orderId: 'o-1' }]));
 */
export class LineFormatter {
  /** Persistent keys, normalized; `version` changes whenever they do, which invalidates prefixes. */
  persistent: Record<string, unknown> | undefined;
  version = 0;
  readonly #settings: LineSettings;
  readonly #onReserved: (key: string) => void;

  constructor(settings: LineSettings, onReserved: (key: string) => void) {
    this.#settings = settings;
    this.#onReserved = onReserved;
  }

  /** One line of JSON text, with its newline, for a call at `level`. */
  line(scope: LoggerScope, level: number, input: unknown, extras: readonly unknown[]): string {
    let message: string;
    let attributes: Record<string, unknown> | undefined;
    if (typeof input === 'string' && extras.length <= 1) {
      message = input;
      const extra = extras[0];
      if (extra !== undefined)
        attributes = isPlainObject(extra) ? extra : collectAttributes(undefined, extras);
    } else {
      message = typeof input === 'string' ? input : messageOf(input);
      attributes = collectAttributes(input, extras);
    }
    const prefix = this.prefix(scope);
    if (attributes === undefined) {
      return `${lineHead(level)}${JSON.stringify(message)}${TIMESTAMP}${isoTimestamp()}",${prefix}}\n`;
    }
    if (needsFullLine(attributes, scope.prefixRecord))
      return this.#fullLine(scope, level, message, attributes);
    const json = this.#serialize(attributes);
    // json is '{...}': its closing brace closes the line too. An object whose toJSON gives
    // something else is kept under "extra".
    const members =
      json.charCodeAt(0) !== 123 ? `,"extra":${json}}` : json.length > 2 ? `,${json.slice(1)}` : '}';
    return `${lineHead(level)}${JSON.stringify(message)}${TIMESTAMP}${isoTimestamp()}",${prefix}${members}\n`;
  }

  #serialize(attributes: Record<string, unknown>): string {
    const { redact, replacer } = this.#settings;
    if (redact === undefined && replacer === undefined) return stringifySafe(attributes);
    const normalized = normalizeAttributes(attributes, replacer);
    return stringifySafe(redact === undefined ? normalized : redactValue(normalized, redact));
  }

  /**
   * The slow path, for a call that adds reserved keys (dropped, with a warning) or keys already in
   * the line (the call's value wins, as in Powertools): the whole record is built and serialized.
   */
  #fullLine(scope: LoggerScope, level: number, message: string, attributes: Record<string, unknown>): string {
    const own = this.#withoutReserved(attributes);
    const { redact, replacer } = this.#settings;
    let rest: unknown = assign(this.#baseRecord(scope), normalizeAttributes(own, replacer));
    if (redact !== undefined) rest = redactValue(rest, redact);
    const record = { level: levelName(level), message, timestamp: isoTimestamp(), ...(rest as object) };
    return `${stringifySafe(record)}\n`;
  }

  /** The cached constant part of the line, rebuilt when something in it changed. */
  prefix(scope: LoggerScope): string {
    const { prefix, state } = scope;
    if (
      prefix !== undefined &&
      scope.prefixVersion === this.version &&
      // Within an invocation the trace header is fixed; outside one, _X_AMZN_TRACE_ID may change.
      (state.requestId !== undefined ||
        state.traceId !== undefined ||
        process.env._X_AMZN_TRACE_ID === scope.traceHeader)
    ) {
      return prefix;
    }
    const header = state.traceId ?? process.env._X_AMZN_TRACE_ID;
    const record = this.#baseRecord(scope, header);
    const redact = this.#settings.redact;
    const json = stringifySafe(redact === undefined ? record : redactValue(record, redact));
    scope.prefix = json.slice(1, -1);
    scope.prefixRecord = record;
    scope.prefixVersion = this.version;
    scope.traceHeader = header;
    return scope.prefix;
  }

  /** Every key of the line after level, message and timestamp, in Powertools' order. */
  #baseRecord(
    scope: LoggerScope,
    header = scope.state.traceId ?? process.env._X_AMZN_TRACE_ID,
  ): Record<string, unknown> {
    const settings = this.#settings;
    const record: Record<string, unknown> = {};
    record.service = settings.service;
    if (settings.environment !== undefined) record.environment = settings.environment;
    const context = scope.context;
    if (context !== undefined) {
      record.cold_start = scope.coldStart;
      record.function_arn = context.invokedFunctionArn;
      // As Powertools: what the context holds (the runtime gives a string, e.g. "1024").
      record.function_memory_size = context.memoryLimitInMB;
      record.function_name = context.functionName;
      record.function_request_id = context.awsRequestId;
    }
    record.sampling_rate = settings.sampleRate;
    const traceId = traceHeaderField(header, 'Root');
    if (traceId !== undefined && traceId !== '') record.xray_trace_id = traceId;
    if (context?.tenantId) record.tenant_id = context.tenantId;
    if (scope.correlationId !== undefined) record.correlation_id = scope.correlationId;
    return this.#withKeys(scope, record);
  }

  /**
   * Adds the persistent and appended keys to `record`. Where both hold a key, the one set last
   * wins, as in Powertools: an appended key, unless appendPersistentKeys set it again since.
   */
  #withKeys(scope: LoggerScope, record: Record<string, unknown>): Record<string, unknown> {
    if (this.persistent !== undefined) assign(record, this.persistent);
    const { appended, persistentOver } = scope;
    if (appended === undefined) return record;
    if (persistentOver === undefined) return assign(record, appended);
    for (const key of Object.keys(appended)) {
      if (!persistentOver.has(key)) setMember(record, key, appended[key]);
    }
    return record;
  }

  /**
   * The keys a custom formatter receives as `additionalLogAttributes`: persistent and appended keys
   * (with the same precedence as the default line), the correlation id, then the call's own keys,
   * reserved ones dropped with a warning.
   */
  additionalKeys(scope: LoggerScope, attributes: Record<string, unknown> | undefined): LogAttributes {
    const record = this.#withKeys(scope, {});
    if (scope.correlationId !== undefined) record.correlation_id = scope.correlationId;
    return attributes === undefined ? record : assign(record, this.#withoutReserved(attributes));
  }

  /**
   * `attributes` without reserved keys (each reported once), normalized so later changes to the
   * caller's objects are not seen, deep-merged into `target`.
   */
  mergeKeys(
    target: Record<string, unknown> | undefined,
    attributes: LogAttributes,
    method: string,
  ): Record<string, unknown> {
    if (typeof attributes !== 'object' || attributes === null || isArray(attributes)) {
      throw new TypeError(`${method} expects an object of keys and values, got ${stringifySafe(attributes)}`);
    }
    const normalized = normalizeAttributes(this.#withoutReserved(attributes), this.#settings.replacer);
    return deepMerge(target ?? {}, normalized);
  }

  #withoutReserved(attributes: Record<string, unknown>): Record<string, unknown> {
    const own: Record<string, unknown> = {};
    const keys = listKeys(attributes);
    // Keys that cannot be listed cannot be merged: the object goes under "extra", to be marked.
    if (keys === undefined) own.extra = attributes;
    else {
      for (const key of keys) {
        if (RESERVED_KEYS.has(key)) this.#onReserved(key);
        else setMember(own, key, readMember(attributes, key));
      }
    }
    return own;
  }
}

/**
 * Whether the call's keys need the full line: keys already in the line (or inherited names such as
 * "constructor", harmlessly) and reserved keys not in the record, which the full line drops or
 * replaces, and keys that cannot be listed (a Proxy whose ownKeys trap throws), which it marks.
 */
function needsFullLine(attributes: Record<string, unknown>, record: Record<string, unknown>): boolean {
  try {
    for (const key in attributes) {
      if (key in record || key === 'level' || key === 'message' || key === 'timestamp') return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** Array.isArray, false for a revoked Proxy (on which it throws). */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** Merges normalized values: objects key by key, anything else replaced. */
function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const key of Object.keys(source)) {
    const next = source[key];
    // Own members only: target.__proto__ would otherwise be Object.prototype, merged into.
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    setMember(target, key, isMergeable(current) && isMergeable(next) ? deepMerge(current, next) : next);
  }
  return target;
}

/** Object.assign without its "__proto__" setter. */
function assign(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(source)) setMember(target, key, source[key]);
  return target;
}

function isMergeable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
