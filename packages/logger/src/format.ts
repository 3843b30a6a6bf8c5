import { isPlainObject, traceHeaderField } from '@lambkit/core';
import { assign, mergeKeys, withoutReserved } from './key-merge.js';
import { levelName } from './levels.js';
import { collectAttributes, lineHead, messageOf } from './line.js';
import { type KeyMembers, keyMembers, PrefixPieces } from './line-prefix.js';
import type { Redaction } from './redact.js';
import type { LoggerScope } from './scope.js';
import { type JsonReplacer, normalizeAttributes, setMember, stringifySafe } from './serialize.js';
import { lineTimestamp } from './timestamp.js';
import type { LogAttributes } from './types.js';

const TIMESTAMP = ',"timestamp":"';
const NO_KEYS: Record<string, unknown> = Object.freeze({});

/** What a LineFormatter writes besides the keys it is given (a LoggerConfig has them all). */
export interface LineSettings {
  serviceName: string;
  sampleRate: number;
  redact: Redaction | undefined;
  replacer: JsonReplacer | undefined;
  /** The zone of the timestamps (see resolveTimeZone); undefined for UTC. */
  timeZone: string | undefined;
}

/**
 * Builds a Logger's lines. The constant part of a line (service, context, trace id, correlation id,
 * persistent and appended keys) is put together once per invocation into the scope's `prefix`, from
 * pieces cached across invocations (see PrefixPieces); a line then costs the serialization of what
 * the call adds, a timestamp and one string concatenation.
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
  /** Told each reserved key a call or appendKeys gives, which is dropped. */
  readonly onReserved: (key: string) => void;
  readonly #pieces: PrefixPieces;
  /** The JSON members of the persistent keys alone, for prefixes without appended keys. */
  #persistentMembers: KeyMembers | undefined;
  #persistentMembersVersion = -1;

  constructor(settings: LineSettings, onReserved: (key: string) => void) {
    this.#settings = settings;
    this.onReserved = onReserved;
    this.#pieces = new PrefixPieces(settings.serviceName, settings.sampleRate);
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
      return `${lineHead(level)}${JSON.stringify(message)}${TIMESTAMP}${lineTimestamp(this.#settings.timeZone)}",${prefix}}\n`;
    }
    if (needsFullLine(attributes, scope.prefixBase, scope.prefixKeys))
      return this.#fullLine(scope, level, message, attributes);
    const json = this.#serialize(attributes);
    // json is '{...}': its closing brace closes the line too. An object whose toJSON gives
    // something else is kept under "extra".
    const members =
      json.charCodeAt(0) !== 123 ? `,"extra":${json}}` : json.length > 2 ? `,${json.slice(1)}` : '}';
    return `${lineHead(level)}${JSON.stringify(message)}${TIMESTAMP}${lineTimestamp(this.#settings.timeZone)}",${prefix}${members}\n`;
  }

  #serialize(attributes: Record<string, unknown>): string {
    const { redact, replacer } = this.#settings;
    if (redact === undefined && replacer === undefined) return stringifySafe(attributes);
    const normalized = normalizeAttributes(attributes, replacer);
    return stringifySafe(redact === undefined ? normalized : redact(normalized));
  }

  /**
   * The slow path, for a call that adds reserved keys (dropped, with a warning) or keys already in
   * the line (the call's value wins, as in Powertools): the whole record is built and serialized.
   */
  #fullLine(scope: LoggerScope, level: number, message: string, attributes: Record<string, unknown>): string {
    const own = withoutReserved(attributes, this.onReserved);
    const { redact, replacer } = this.#settings;
    let rest: unknown = assign(this.#baseRecord(scope), normalizeAttributes(own, replacer));
    if (redact !== undefined) rest = redact(rest);
    const record = {
      level: levelName(level),
      message,
      timestamp: lineTimestamp(this.#settings.timeZone),
      ...(rest as object),
    };
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
    scope.prefixVersion = this.version;
    scope.traceHeader = header;
    const redact = this.#settings.redact;
    if (redact === undefined) {
      const keys = this.#keyMembers(scope);
      const spliced = this.#pieces.splice(
        scope.context,
        scope.coldStart,
        traceHeaderField(header, 'Root'),
        scope.correlationId,
        keys,
      );
      if (spliced !== undefined) {
        scope.prefixBase = spliced.base;
        scope.prefixKeys = keys.record;
        scope.prefix = spliced.json;
        return spliced.json;
      }
    }
    // Redaction, or a value the pieces are not built for: the whole record, serialized.
    const record = this.#baseRecord(scope, header);
    const json = stringifySafe(redact === undefined ? record : redact(record));
    scope.prefixBase = record;
    scope.prefixKeys = NO_KEYS;
    scope.prefix = json.slice(1, -1);
    return scope.prefix;
  }

  /** The members of the persistent and appended keys; those of the persistent keys alone are cached. */
  #keyMembers(scope: LoggerScope): KeyMembers {
    if (scope.appended !== undefined) return keyMembers(this.withKeys(scope, {}));
    if (this.#persistentMembersVersion !== this.version || this.#persistentMembers === undefined) {
      this.#persistentMembers = keyMembers(this.persistent ?? NO_KEYS);
      this.#persistentMembersVersion = this.version;
    }
    return this.#persistentMembers;
  }

  /** Every key of the line after level, message and timestamp, in Powertools' order. */
  #baseRecord(
    scope: LoggerScope,
    header = scope.state.traceId ?? process.env._X_AMZN_TRACE_ID,
  ): Record<string, unknown> {
    const settings = this.#settings;
    const record: Record<string, unknown> = {};
    // No "environment": Powertools' default format never writes it (a custom formatter gets it).
    record.service = settings.serviceName;
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
    return this.withKeys(scope, record);
  }

  /**
   * Adds the persistent and appended keys to `record`. Where both hold a key, the one set last
   * wins, as in Powertools: an appended key, unless appendPersistentKeys set it again since.
   */
  withKeys(scope: LoggerScope, record: Record<string, unknown>): Record<string, unknown> {
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
   * `attributes` without reserved keys (each reported once), normalized, deep-merged into `target`.
   */
  mergeKeys(
    target: Record<string, unknown> | undefined,
    attributes: LogAttributes,
    method: string,
  ): Record<string, unknown> {
    return mergeKeys(target, attributes, method, this.#settings.replacer, this.onReserved);
  }
}

/**
 * Whether the call's keys need the full line: keys already in the line (or inherited names such as
 * "constructor", harmlessly) and reserved keys not in the record, which the full line drops or
 * replaces, and keys that cannot be listed (a Proxy whose ownKeys trap throws), which it marks.
 */
function needsFullLine(
  attributes: Record<string, unknown>,
  base: Record<string, unknown>,
  keys: Record<string, unknown>,
): boolean {
  try {
    for (const key in attributes) {
      if (key in base || key in keys || key === 'level' || key === 'message' || key === 'timestamp')
        return true;
    }
    return false;
  } catch {
    return true;
  }
}
