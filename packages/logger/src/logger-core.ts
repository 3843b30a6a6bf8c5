import { getInvocationState, type InvocationState, isColdStart, type LambdaContext } from '@lambkit/core';
import type { BufferConfig, LoggerConfig } from './config.js';
import type { LineFormatter } from './format.js';
import { LogLevelThreshold as L, levelName, levelThresholds } from './levels.js';
import { bufferOrWrite, flushBuffered, takeBuffer } from './log-buffer.js';
import { LogLines } from './log-lines.js';
import {
  ALC_BUFFER_NOTICE,
  BOTH_PERSISTENT_NOTICE,
  levelBelowFloorNotice,
  SAMPLING_NOTICE,
} from './notices.js';
import { type LoggerScope, scopeIn } from './scope.js';
import { setPersistentKeys } from './scope-keys.js';

const NO_EXTRAS: readonly unknown[] = Object.freeze([]);

/**
 * What a Logger does for each call behind its public methods: find the invocation's scope, apply
 * the level (Lambda's minimum, sampling, buffering), then buffer or write the line. Each Logger
 * owns one; its scope in an invocation is keyed by this object.
 *
 * @example
 * const core = new LoggerCore(resolveConfig({ serviceName: 'orders' }));
 * if (core.minLevel <= LogLevelThreshold.INFO) core.log(LogLevelThreshold.INFO, 'order placed', []);
 */
export class LoggerCore {
  readonly config: LoggerConfig;
  readonly lines: LogLines;
  /** The default format, which holds the persistent keys. */
  readonly format: LineFormatter;
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
    this.lines = new LogLines(config, (message) => this.warnOnce(message));
    this.format = this.lines.format;
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
    const lines = this.lines;
    if (buffer !== undefined) {
      if (level >= L.ERROR && buffer.flushOnErrorLog) flushBuffered(lines, scope);
      if (level <= buffer.atLevel) {
        if (level >= this.#floor)
          bufferOrWrite(lines, scope, buffer.maxBytes, level, lines.line(scope, level, input, extras));
        return;
      }
    }
    if (level < this.levelIn(scope)) return;
    lines.emit(level, lines.line(scope, level, input, extras));
  }

  /** Writes the current invocation's buffered lines. */
  flushBuffer(): void {
    if (this.#buffer !== undefined) flushBuffered(this.lines, this.scope());
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
