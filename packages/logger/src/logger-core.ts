import { getInvocationState, type InvocationState, isColdStart, type LambdaContext } from '@lambkit/core';
import type { BufferConfig, LoggerConfig } from './config.js';
import { LineFormatter } from './format.js';
import { FORMAT_LINE, type FormatterSettings, type FormatterWithLine } from './formatter/format-line.js';
import { LogLevelThreshold as L, levelName, levelThresholds } from './levels.js';
import { bufferOrWrite, flushBuffered, type LineSink, takeBuffer } from './log-buffer.js';
import {
  ALC_BUFFER_NOTICE,
  BOTH_PERSISTENT_NOTICE,
  levelBelowFloorNotice,
  reservedKeyNotice,
  SAMPLING_NOTICE,
} from './notices.js';
import { orderLine } from './record-order.js';
import { type LoggerScope, scopeIn } from './scope.js';
import { setPersistentKeys } from './scope-keys.js';
import { writeDevLine, writeLine } from './write.js';

const NO_EXTRAS: readonly unknown[] = Object.freeze([]);

/**
 * What a Logger does for each call behind its public methods: find the invocation's scope, apply
 * the level (Lambda's minimum, sampling, buffering), then buffer or write the line, in the format
 * decided once from the config: the default format (LineFormatter), a custom logFormatter (falling
 * back to the default format, with one warning, when it throws), logRecordOrder, and POWERTOOLS_DEV's
 * indented lines through the console. Each Logger owns one; its scope in an invocation is keyed by
 * this object.
 *
 * @example
 * const core = new LoggerCore(resolveConfig({ serviceName: 'orders' }));
 * if (core.minLevel <= LogLevelThreshold.INFO) core.log(LogLevelThreshold.INFO, 'order placed', []);
 */
export class LoggerCore implements LineSink {
  readonly config: LoggerConfig;
  /** The default format, which holds the persistent keys. */
  readonly format: LineFormatter;
  /** A custom formatter's settings; undefined for the default format. */
  readonly #formatter: FormatterSettings | undefined;
  readonly #buffer: BufferConfig | undefined;
  /** AWS_LAMBDA_LOG_LEVEL's minimum level, 0 when none. */
  readonly #floor: number;
  readonly #sampleRate: number;
  readonly #warned = new Set<string>();
  /** The level set by option, variable or setLogLevel, before Lambda's minimum and sampling. */
  configuredLevel: number = L.INFO;
  /** The lowest level that can print or be buffered: calls below it return at once. */
  minLevel: number = L.INFO;
  /** The threshold of an invocation that is not sampled, and of one that is. */
  #level: number = L.INFO;
  #sampledLevel: number = L.INFO;
  #lastState: InvocationState | undefined;
  #lastScope: LoggerScope | undefined;

  constructor(config: LoggerConfig) {
    this.config = config;
    const warnOnce = (message: string): void => this.warnOnce(message);
    this.format = new LineFormatter(config, (key) => warnOnce(reservedKeyNotice(key)));
    const formatter = config.formatter;
    this.#formatter = formatter === undefined ? undefined : { ...config, formatter, warnOnce };
    this.#buffer = config.buffer;
    this.#floor = config.advancedLoggingLevel ?? 0;
    this.#sampleRate = config.sampleRate;
    this.applyLevel(config.level);
    if (config.bothPersistentOptions) this.warnOnce(BOTH_PERSISTENT_NOTICE);
    if (config.persistentKeys !== undefined) {
      setPersistentKeys(this.format, this.scope(), config.persistentKeys, 'appendPersistentKeys', false);
    }
    if (this.#buffer !== undefined && this.#floor > this.#buffer.atLevel) this.warnOnce(ALC_BUFFER_NOTICE);
  }

  /** The level threshold in `scope`, sampling included. */
  levelIn(scope: LoggerScope): number {
    return scope.sampled ? this.#sampledLevel : this.#level;
  }

  /** Sets the configured level; warns once when Lambda's minimum level will filter it. */
  applyLevel(configured: number): void {
    const floor = this.#floor;
    const thresholds = levelThresholds(configured, floor, this.#sampleRate, this.#buffer !== undefined);
    this.configuredLevel = configured;
    this.#level = thresholds.level;
    this.#sampledLevel = thresholds.sampledLevel;
    this.minLevel = thresholds.minLevel;
    if (configured < floor) this.warnOnce(levelBelowFloorNotice(levelName(configured), levelName(floor)));
  }

  /** Draws again whether the current invocation is sampled. */
  resample(): void {
    const scope = this.scope();
    scope.sampled = this.#drawSample();
    if (scope.sampled) this.#noticeSampling();
  }

  /** This Logger's scope in the current invocation. */
  scope(): LoggerScope {
    const state = getInvocationState();
    if (state === this.#lastState && this.#lastScope !== undefined) return this.#lastScope;
    return this.enter(state, undefined);
  }

  /** This Logger's scope in `state`, created on first use; `context` is the invocation's, if known. */
  enter(state: InvocationState, context: LambdaContext | undefined): LoggerScope {
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

  /** Buffers or writes the line of a call at `level`, if the level lets it through. */
  log(level: number, input: unknown, extras: readonly unknown[]): void {
    const scope = this.scope();
    const buffer = this.#buffer;
    if (buffer !== undefined) {
      if (level >= L.ERROR && buffer.flushOnErrorLog) flushBuffered(this, scope);
      if (level <= buffer.atLevel) {
        if (level >= this.#floor)
          bufferOrWrite(this, scope, buffer.maxBytes, level, this.line(scope, level, input, extras));
        return;
      }
    }
    if (level < this.levelIn(scope)) return;
    this.emit(level, this.line(scope, level, input, extras));
  }

  /** The line, with its newline, of a call at `level` in `scope`. */
  line(scope: LoggerScope, level: number, input: unknown, extras: readonly unknown[]): string {
    const settings = this.#formatter;
    if (settings !== undefined) {
      const write = (settings.formatter as unknown as FormatterWithLine)[FORMAT_LINE];
      const line = write(settings, this.format, scope, level, input, extras);
      if (line !== undefined) return line;
    }
    const line = this.format.line(scope, level, input, extras);
    const order = this.config.recordOrder;
    return order === undefined ? line : orderLine(line, order);
  }

  /** Writes `line` to the stream of `level` (stderr from WARN up), or through the console in dev mode. */
  emit(level: number, line: string): void {
    if (this.config.pretty) writeDevLine(level, line);
    else writeLine(level, line);
  }

  /** Writes the current invocation's buffered lines. */
  flushBuffer(): void {
    if (this.#buffer !== undefined) flushBuffered(this, this.scope());
  }

  /** Drops the current invocation's buffered lines. */
  clearBuffer(): void {
    if (this.#buffer !== undefined) takeBuffer(this.scope());
  }

  /** Writes `message` at WARN, once per Logger. */
  warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    if (this.minLevel <= L.WARN) this.log(L.WARN, message, NO_EXTRAS);
  }

  #drawSample(): boolean {
    return this.#sampleRate > 0 && Math.random() < this.#sampleRate;
  }

  #noticeSampling(): void {
    if (this.#sampledLevel < this.#level) this.log(L.DEBUG, SAMPLING_NOTICE, NO_EXTRAS);
  }
}
