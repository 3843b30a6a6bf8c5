import {
  beginInvocation,
  getInvocationState,
  type HandlerMethodDecorator,
  type InvocationState,
  isColdStart,
  type LambdaContext,
  traceHeaderField,
} from '@lambkit/core';
import { type BufferConfig, type LoggerConfig, resolveConfig } from './config.js';
import { LineFormatter } from './format.js';
import { type FormatterSettings, formattedLine } from './formatter/format-line.js';
import { lambdaContextDecorator } from './lambda-context.js';
import {
  LogLevelThreshold as L,
  type LogLevelInput,
  type LogLevelName,
  levelName,
  parseLevelOption,
} from './levels.js';
import { collectAttributes, messageOf } from './line.js';
import { followPath, type PathSegment, parsePath } from './path.js';
import { orderLine } from './record-order.js';
import { bufferLine, type LoggerScope, scopeIn, takeBuffer } from './scope.js';
import { errorText, normalize } from './serialize.js';
import type {
  InjectLambdaContextOptions,
  LambdaFunctionContext,
  LogAttributes,
  LoggerOptions,
  LogItemExtraInput,
  LogItemMessage,
} from './types.js';
import { writeDevLine, writeLine } from './write.js';

const NO_EXTRAS: readonly unknown[] = Object.freeze([]);
const SAMPLING_NOTICE = 'Setting log level to DEBUG due to sampling rate';
const EVICTED_NOTICE =
  'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer';
// Powertools' texts, its misspelling included, so a test or an alarm written for them matches.
const ALC_BUFFER_NOTICE =
  'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Buffered logs will be filtered by ALC';
const BOTH_PERSISTENT_NOTICE =
  'Both persistentLogAttributes and persistentKeys options were provided. Using persistentKeys as persistentLogAttributes is deprecated and will be removed in future releases';

/**
 * Structured JSON logging for AWS Lambda with Powertools' names and output: one JSON line per call,
 * written with one synchronous process.stdout.write. The constant part of each line is serialized
 * once per invocation (and again only when keys change), so a line costs little more than
 * serializing what the call adds.
 *
 * @example
 * const logger = new Logger({ serviceName: 'orders' });
 * logger.info('order placed', { orderId: 'o-123', total: 42.5 });
 */
export class Logger {
  readonly #options: LoggerOptions;
  readonly #config: LoggerConfig;
  readonly #sampleRate: number;
  readonly #floor: number;
  readonly #format: LineFormatter;
  readonly #searchFn: ((expression: string, data: unknown) => unknown) | undefined;
  readonly #buffer: BufferConfig | undefined;
  readonly #logEvent: boolean;
  readonly #pretty: boolean;
  /** A custom formatter's settings; undefined for the default format. */
  readonly #formatter: FormatterSettings | undefined;
  readonly #recordOrder: string[] | undefined;
  readonly #warned = new Set<string>();
  readonly #paths = new Map<string, PathSegment[]>();
  #configuredLevel: number = L.INFO;
  /** The threshold of an invocation that is not sampled, and of one that is. */
  #level: number = L.INFO;
  #sampledLevel: number = L.INFO;
  /** The lowest level that can print or be buffered: calls below it return at once. */
  #minLevel: number = L.INFO;
  #lastState: InvocationState | undefined;
  #lastScope: LoggerScope | undefined;

  constructor(options: LoggerOptions = {}) {
    const config = resolveConfig(options);
    this.#options = options;
    this.#config = config;
    this.#sampleRate = config.sampleRate;
    this.#floor = config.advancedLoggingLevel ?? 0;
    this.#format = new LineFormatter(
      {
        service: config.serviceName,
        environment: config.environment,
        sampleRate: config.sampleRate,
        redact: config.redact,
        replacer: config.replacer,
      },
      (key) => this.#warnOnce(`The key "${key}" is a reserved key and will be dropped.`),
    );
    this.#searchFn = config.searchFn;
    this.#buffer = config.buffer;
    this.#logEvent = config.logEvent;
    this.#pretty = config.pretty;
    this.#recordOrder = config.recordOrder;
    this.#formatter =
      config.formatter === undefined
        ? undefined
        : {
            formatter: config.formatter,
            serviceName: config.serviceName,
            environment: config.environment,
            sampleRate: config.sampleRate,
            awsRegion: config.awsRegion,
            replacer: config.replacer,
            redact: config.redact,
          };
    this.#applyLevel(config.level);
    if (config.bothPersistentOptions) this.#warnOnce(BOTH_PERSISTENT_NOTICE);
    if (config.persistentKeys !== undefined) this.appendPersistentKeys(config.persistentKeys);
    if (this.#buffer !== undefined && this.#floor > this.#buffer.atLevel) this.#warnOnce(ALC_BUFFER_NOTICE);
  }

  /** The level threshold of the current invocation (sampling included), as a number. */
  get level(): number {
    return this.#scope().sampled ? this.#sampledLevel : this.#level;
  }

  /** Writes a TRACE line. @example logger.trace('cache probe', { key }); */
  trace(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#minLevel <= L.TRACE) this.#log(L.TRACE, input, extraInput);
  }

  /** Writes a DEBUG line. @example logger.debug('parsed body', { body }); */
  debug(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#minLevel <= L.DEBUG) this.#log(L.DEBUG, input, extraInput);
  }

  /** Writes an INFO line. @example logger.info('order placed', { orderId }); */
  info(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#minLevel <= L.INFO) this.#log(L.INFO, input, extraInput);
  }

  /** Writes a WARN line. @example logger.warn('retrying', { attempt }); */
  warn(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#minLevel <= L.WARN) this.#log(L.WARN, input, extraInput);
  }

  /** Writes an ERROR line; an Error argument goes under "error". @example logger.error('payment failed', err); */
  error(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#minLevel <= L.ERROR) this.#log(L.ERROR, input, extraInput);
  }

  /** Writes a CRITICAL line. @example logger.critical('database unreachable', err); */
  critical(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#minLevel <= L.CRITICAL) this.#log(L.CRITICAL, input, extraInput);
  }

  /**
   * Adds keys to every line of this logger until the invocation ends (or removeKeys / resetKeys).
   * Values are captured when appended.
   *
   * @example
   * logger.appendKeys({ customerId: event.customerId });
   */
  appendKeys(attributes: LogAttributes): void {
    const scope = this.#scope();
    scope.appended = this.#format.mergeKeys(scope.appended, attributes, 'appendKeys');
    // Set last, so written rather than a persistent key of the same name.
    if (scope.persistentOver !== undefined) for (const key in attributes) scope.persistentOver.delete(key);
    scope.prefix = undefined;
  }

  /**
   * Removes appended keys; a persistent key of the same name shows again.
   *
   * @example
   * logger.removeKeys(['customerId']);
   */
  removeKeys(keys: string[]): void {
    const scope = this.#scope();
    if (scope.appended === undefined) return;
    for (const key of keys) {
      delete scope.appended[key];
      scope.persistentOver?.delete(key);
    }
    scope.prefix = undefined;
  }

  /**
   * Removes every appended key and the correlation id of the current invocation.
   *
   * @example
   * logger.resetKeys();
   */
  resetKeys(): void {
    const scope = this.#scope();
    scope.appended = undefined;
    scope.persistentOver = undefined;
    scope.correlationId = undefined;
    scope.prefix = undefined;
  }

  /**
   * Adds keys to every line of this logger in every invocation.
   *
   * @example
   * logger.appendPersistentKeys({ region: process.env.AWS_REGION });
   */
  appendPersistentKeys(attributes: LogAttributes): void {
    const format = this.#format;
    format.persistent = format.mergeKeys(format.persistent, attributes, 'appendPersistentKeys');
    this.#persistentSetLast(attributes);
    format.version++;
  }

  /**
   * The former name of `appendPersistentKeys`.
   *
   * @deprecated Use `appendPersistentKeys`.
   * @example
   * logger.addPersistentLogAttributes({ region: 'eu-west-1' });
   */
  addPersistentLogAttributes(attributes: LogAttributes): void {
    this.appendPersistentKeys(attributes);
  }

  /**
   * Replaces all persistent keys with `attributes`.
   *
   * @deprecated Use `appendPersistentKeys` and `removePersistentKeys`.
   * @example
   * logger.setPersistentLogAttributes({ region: 'eu-west-1' });
   */
  setPersistentLogAttributes(attributes: LogAttributes): void {
    const format = this.#format;
    format.persistent = format.mergeKeys(undefined, attributes, 'setPersistentLogAttributes');
    this.#persistentSetLast(attributes);
    format.version++;
  }

  /** Where the current invocation appended a key now set as persistent, the persistent one wins. */
  #persistentSetLast(attributes: LogAttributes): void {
    const scope = this.#scope();
    const appended = scope.appended;
    if (appended === undefined) return;
    for (const key in attributes) {
      if (Object.hasOwn(appended, key)) (scope.persistentOver ??= new Set()).add(key);
    }
    scope.prefix = undefined;
  }

  /**
   * Removes persistent keys.
   *
   * @example
   * logger.removePersistentKeys(['region']);
   */
  removePersistentKeys(keys: string[]): void {
    const format = this.#format;
    if (format.persistent === undefined) return;
    for (const key of keys) delete format.persistent[key];
    const over = this.#scope().persistentOver;
    if (over !== undefined) for (const key of keys) over.delete(key);
    format.version++;
  }

  /**
   * The former name of `removePersistentKeys`.
   *
   * @deprecated Use `removePersistentKeys`.
   * @example
   * logger.removePersistentLogAttributes(['region']);
   */
  removePersistentLogAttributes(keys: string[]): void {
    this.removePersistentKeys(keys);
  }

  /**
   * The persistent keys, as `getPersistentLogAttributes()` returns them.
   *
   * @deprecated Use `getPersistentLogAttributes()`.
   * @example
   * logger.persistentLogAttributes; // { region: 'eu-west-1' }
   */
  get persistentLogAttributes(): LogAttributes {
    return this.getPersistentLogAttributes();
  }

  /**
   * The persistent keys, as they are written.
   *
   * @example
   * logger.getPersistentLogAttributes(); // { region: 'eu-west-1' }
   */
  getPersistentLogAttributes(): LogAttributes {
    return { ...this.#format.persistent };
  }

  /**
   * A new Logger with this one's options, persistent keys, and the current invocation's context,
   * appended keys and correlation id; `options` override.
   *
   * @example
   * const paymentsLogger = logger.createChild({ serviceName: 'payments' });
   */
  createChild(options: LoggerOptions = {}): Logger {
    const persistentKeys = {
      ...this.#format.persistent,
      ...(options.persistentKeys ?? options.persistentLogAttributes),
    };
    const child = new Logger({
      ...this.#options,
      logLevel: levelName(this.#configuredLevel),
      serviceName: this.#config.serviceName,
      sampleRateValue: this.#sampleRate,
      environment: this.#config.environment,
      ...options,
      persistentKeys,
      persistentLogAttributes: undefined,
    });
    const scope = this.#scope();
    const childScope = child.#scope();
    childScope.context = scope.context;
    childScope.coldStart = scope.coldStart;
    childScope.correlationId = scope.correlationId;
    if (scope.appended !== undefined)
      childScope.appended = normalize(scope.appended) as Record<string, unknown>;
    return child;
  }

  /**
   * Changes the level of this logger. Throws on an unknown level, naming it and the valid ones.
   *
   * @example
   * logger.setLogLevel('DEBUG');
   */
  setLogLevel(logLevel: LogLevelInput): void {
    this.#applyLevel(parseLevelOption('logLevel', logLevel));
  }

  /**
   * The level name of the current invocation, sampling included.
   *
   * @example
   * logger.getLevelName(); // 'INFO'
   */
  getLevelName(): LogLevelName {
    return levelName(this.level);
  }

  /**
   * Adds the Lambda context (function name, ARN, memory, request id, cold start) to the lines of
   * the invocation it belongs to. injectLambdaContext calls it for you.
   *
   * @example
   * export const handler = async (event, context) => { logger.addContext(context); };
   */
  addContext(context: LambdaContext | LambdaFunctionContext): void {
    const state = beginInvocation(context as LambdaContext);
    this.#enter(state, context as LambdaContext);
  }

  /**
   * A class method decorator (TypeScript's `experimentalDecorators`) that does for the decorated
   * handler what the injectLambdaContext middleware does, with the same options.
   *
   * @example
   * class Lambda implements LambdaInterface {
   *   @logger.injectLambdaContext({ logEvent: true })
   *   public async handler(event: unknown, context: Context) { logger.info('with context'); }
   * }
   */
  injectLambdaContext(options?: InjectLambdaContextOptions): HandlerMethodDecorator {
    return lambdaContextDecorator(this, options);
  }

  /**
   * Sets `correlation_id` for the current invocation: `value` itself, or, with a path, the value
   * found at that path in `value` (an event).
   *
   * @example
   * logger.setCorrelationId(event, correlationPaths.API_GATEWAY_REST);
   */
  setCorrelationId(value: unknown, correlationIdPath?: string): void {
    let found = value;
    if (correlationIdPath !== undefined) {
      found =
        this.#searchFn !== undefined
          ? this.#searchFn(correlationIdPath, value)
          : followPath(this.#compilePath(correlationIdPath), value);
      if (found === undefined || found === null || found === '') return;
    }
    const scope = this.#scope();
    scope.correlationId = normalize(found);
    scope.prefix = undefined;
  }

  /**
   * The correlation id of the current invocation, if set.
   *
   * @example
   * const id = logger.getCorrelationId();
   */
  getCorrelationId(): unknown {
    const scope = this.#scope();
    return scope.correlationId ?? scope.appended?.correlation_id;
  }

  /**
   * Writes the lines buffered in the current invocation, then a warning counting evicted lines.
   *
   * @example
   * try { await work(); } catch (error) { logger.flushBuffer(); throw error; }
   */
  flushBuffer(): void {
    if (this.#buffer !== undefined) this.#flush(this.#scope());
  }

  /**
   * Drops the lines buffered in the current invocation.
   *
   * @example
   * logger.clearBuffer();
   */
  clearBuffer(): void {
    if (this.#buffer !== undefined) takeBuffer(this.#scope());
  }

  /**
   * Whether the event is logged: `overwriteValue` when a boolean, else POWERTOOLS_LOGGER_LOG_EVENT.
   *
   * @example
   * logger.shouldLogEvent(); // false
   */
  shouldLogEvent(overwriteValue?: boolean): boolean {
    return typeof overwriteValue === 'boolean' ? overwriteValue : this.#logEvent;
  }

  /** Whether POWERTOOLS_LOGGER_LOG_EVENT asks to log events. @example logger.getLogEvent(); */
  getLogEvent(): boolean {
    return this.#logEvent;
  }

  /**
   * Logs the event at INFO ("Lambda invocation event", under "event") when enabled.
   *
   * @example
   * logger.logEventIfEnabled(event, true);
   */
  logEventIfEnabled(event: unknown, overwriteValue?: boolean): void {
    if (this.shouldLogEvent(overwriteValue)) this.info('Lambda invocation event', { event });
  }

  /**
   * Decides again whether the current invocation is sampled at DEBUG. Each invocation decides on
   * its own already; this is for handlers that want a new draw.
   *
   * @example
   * logger.refreshSampleRateCalculation();
   */
  refreshSampleRateCalculation(): void {
    const scope = this.#scope();
    scope.sampled = this.#drawSample();
    if (scope.sampled) this.#noticeSampling();
  }

  #drawSample(): boolean {
    return this.#sampleRate > 0 && Math.random() < this.#sampleRate;
  }

  #noticeSampling(): void {
    if (this.#sampledLevel < this.#level) this.#log(L.DEBUG, SAMPLING_NOTICE, NO_EXTRAS);
  }

  #applyLevel(configured: number): void {
    const floor = this.#floor;
    this.#configuredLevel = configured;
    this.#level = Math.max(configured, floor);
    this.#sampledLevel = this.#sampleRate > 0 ? Math.max(Math.min(configured, L.DEBUG), floor) : this.#level;
    this.#minLevel =
      this.#buffer === undefined
        ? this.#sampledLevel
        : Math.min(this.#sampledLevel, Math.max(L.TRACE, floor));
    if (configured < floor) {
      this.#warnOnce(
        `Current log level (${levelName(configured)}) does not match AWS Lambda Advanced Logging Controls minimum log level (${levelName(floor)}). This can lead to data loss, consider adjusting them.`,
      );
    }
  }

  #scope(): LoggerScope {
    const state = getInvocationState();
    if (state === this.#lastState) return this.#lastScope!;
    return this.#enter(state, undefined);
  }

  #enter(state: InvocationState, context: LambdaContext | undefined): LoggerScope {
    const [scope, created] = scopeIn(state, this);
    this.#lastState = state;
    this.#lastScope = scope;
    if (created) scope.sampled = this.#drawSample();
    if (context !== undefined && scope.context !== context) {
      scope.context = context;
      scope.coldStart = isColdStart(context.awsRequestId);
      scope.prefix = undefined;
    }
    if (created && scope.sampled) this.#noticeSampling();
    return scope;
  }

  #log(level: number, input: unknown, extras: readonly unknown[]): void {
    const scope = this.#scope();
    const buffer = this.#buffer;
    if (buffer !== undefined) {
      if (level >= L.ERROR && buffer.flushOnErrorLog) this.#flush(scope);
      if (level <= buffer.atLevel) {
        if (level >= this.#floor)
          this.#bufferLine(scope, buffer, level, this.#line(scope, level, input, extras));
        return;
      }
    }
    if (level < (scope.sampled ? this.#sampledLevel : this.#level)) return;
    this.#emit(level, this.#line(scope, level, input, extras));
  }

  #line(scope: LoggerScope, level: number, input: unknown, extras: readonly unknown[]): string {
    if (this.#formatter !== undefined) {
      const line = this.#formattedLine(this.#formatter, scope, level, input, extras);
      if (line !== undefined) return line;
    }
    const line = this.#format.line(scope, level, input, extras);
    return this.#recordOrder === undefined ? line : orderLine(line, this.#recordOrder);
  }

  /** The custom formatter's line; undefined, with one warning, when it throws. */
  #formattedLine(
    settings: FormatterSettings,
    scope: LoggerScope,
    level: number,
    input: unknown,
    extras: readonly unknown[],
  ): string | undefined {
    try {
      const context = scope.context;
      return formattedLine(settings, {
        level: levelName(level),
        message: typeof input === 'string' ? input : messageOf(input),
        traceId: traceHeaderField(scope.state.traceId ?? process.env._X_AMZN_TRACE_ID, 'Root'),
        context,
        coldStart: scope.coldStart,
        additional: this.#format.additionalKeys(scope, collectAttributes(input, extras)),
      });
    } catch (error) {
      this.#warnOnce(
        `logFormatter threw (${errorText(error)}); lines it cannot format are written in the default format. Fix its formatAttributes, or a value's toJSON or getter it reads.`,
      );
      return undefined;
    }
  }

  #compilePath(path: string): PathSegment[] {
    let segments = this.#paths.get(path);
    if (segments === undefined) {
      segments = parsePath('correlationIdPath', path, false);
      this.#paths.set(path, segments);
    }
    return segments;
  }

  #bufferLine(scope: LoggerScope, buffer: BufferConfig, level: number, line: string): void {
    if (bufferLine(scope, line, level, buffer.maxBytes)) return;
    this.#emit(
      L.WARN,
      this.#line(
        scope,
        L.WARN,
        'Unable to buffer log: the line is larger than the buffer, writing it directly',
        [{ line_bytes: Buffer.byteLength(line), max_bytes: buffer.maxBytes }],
      ),
    );
    this.#emit(level, line);
  }

  #flush(scope: LoggerScope): void {
    if (scope.bufferLines === undefined && scope.evicted === 0) return;
    const { lines, levels, evicted } = takeBuffer(scope);
    for (let i = 0; i < lines.length; i++) this.#emit(levels[i], lines[i]);
    if (evicted > 0)
      this.#emit(L.WARN, this.#line(scope, L.WARN, EVICTED_NOTICE, [{ evicted_lines: evicted }]));
  }

  #emit(level: number, line: string): void {
    if (this.#pretty) writeDevLine(level, line);
    else writeLine(level, line);
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    if (this.#minLevel <= L.WARN) this.#log(L.WARN, message, NO_EXTRAS);
  }
}
