import { beginInvocation, type HandlerMethodDecorator, type LambdaContext } from '@lambkit/core';
import { resolveConfig } from './config.js';
import { lambdaContextDecorator } from './lambda-context.js';
import {
  LogLevelThreshold as L,
  type LogLevelInput,
  type LogLevelName,
  levelName,
  parseLevelOption,
} from './levels.js';
import { LoggerCore } from './logger-core.js';
import { search } from './path.js';
import {
  appendScopeKeys,
  removePersistentKeys,
  removeScopeKeys,
  resetScopeKeys,
  setPersistentKeys,
} from './scope-keys.js';
import { normalize } from './serialize.js';
import type {
  InjectLambdaContextOptions,
  LambdaFunctionContext,
  LogAttributes,
  LoggerOptions,
  LogItemExtraInput,
  LogItemMessage,
} from './types.js';

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
  /** Levels, sampling, buffering and the invocation scopes: what every call goes through. */
  readonly #core: LoggerCore;

  constructor(options: LoggerOptions = {}) {
    const config = resolveConfig(options);
    this.#options = options;
    this.#core = new LoggerCore(config);
  }

  /** The level threshold of the current invocation (sampling included), as a number. */
  get level(): number {
    const core = this.#core;
    return core.levelIn(core.scope());
  }

  /** Writes a TRACE line. @example logger.trace('cache probe', { key }); */
  trace(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#core.minLevel <= L.TRACE) this.#core.log(L.TRACE, input, extraInput);
  }

  /** Writes a DEBUG line. @example logger.debug('parsed body', { body }); */
  debug(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#core.minLevel <= L.DEBUG) this.#core.log(L.DEBUG, input, extraInput);
  }

  /** Writes an INFO line. @example logger.info('order placed', { orderId }); */
  info(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#core.minLevel <= L.INFO) this.#core.log(L.INFO, input, extraInput);
  }

  /** Writes a WARN line. @example logger.warn('retrying', { attempt }); */
  warn(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#core.minLevel <= L.WARN) this.#core.log(L.WARN, input, extraInput);
  }

  /** Writes an ERROR line; an Error argument goes under "error". @example logger.error('payment failed', err); */
  error(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#core.minLevel <= L.ERROR) this.#core.log(L.ERROR, input, extraInput);
  }

  /** Writes a CRITICAL line. @example logger.critical('database unreachable', err); */
  critical(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    if (this.#core.minLevel <= L.CRITICAL) this.#core.log(L.CRITICAL, input, extraInput);
  }

  /**
   * Adds keys to every line of this logger until the invocation ends (or removeKeys / resetKeys).
   * Values are captured when appended.
   *
   * @example
   * logger.appendKeys({ customerId: event.customerId });
   */
  appendKeys(attributes: LogAttributes): void {
    appendScopeKeys(this.#core.format, this.#core.scope(), attributes);
  }

  /**
   * Removes appended keys; a persistent key of the same name shows again.
   *
   * @example
   * logger.removeKeys(['customerId']);
   */
  removeKeys(keys: string[]): void {
    removeScopeKeys(this.#core.scope(), keys);
  }

  /**
   * Removes every appended key and the correlation id of the current invocation.
   *
   * @example
   * logger.resetKeys();
   */
  resetKeys(): void {
    resetScopeKeys(this.#core.scope());
  }

  /**
   * Adds keys to every line of this logger in every invocation.
   *
   * @example
   * logger.appendPersistentKeys({ region: process.env.AWS_REGION });
   */
  appendPersistentKeys(attributes: LogAttributes): void {
    setPersistentKeys(this.#core.format, this.#core.scope(), attributes, 'appendPersistentKeys', false);
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
    setPersistentKeys(this.#core.format, this.#core.scope(), attributes, 'setPersistentLogAttributes', true);
  }

  /**
   * Removes persistent keys.
   *
   * @example
   * logger.removePersistentKeys(['region']);
   */
  removePersistentKeys(keys: string[]): void {
    removePersistentKeys(this.#core.format, this.#core.scope(), keys);
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
    return { ...this.#core.format.persistent };
  }

  /**
   * A new Logger with this one's options, persistent keys, and the current invocation's context,
   * appended keys and correlation id; `options` override.
   *
   * @example
   * const paymentsLogger = logger.createChild({ serviceName: 'payments' });
   */
  createChild(options: LoggerOptions = {}): Logger {
    const core = this.#core;
    const persistentKeys = {
      ...core.format.persistent,
      ...(options.persistentKeys ?? options.persistentLogAttributes),
    };
    const child = new Logger({
      ...this.#options,
      logLevel: levelName(core.configuredLevel),
      serviceName: core.config.serviceName,
      sampleRateValue: core.config.sampleRate,
      environment: core.config.environment,
      ...options,
      persistentKeys,
      persistentLogAttributes: undefined,
    });
    const scope = core.scope();
    const childScope = child.#core.scope();
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
    this.#core.applyLevel(parseLevelOption('logLevel', logLevel));
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
    this.#core.enter(state, context as LambdaContext);
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
      // Nothing at the path (or null, or '') leaves the id as it was; a value given directly is set as it is.
      found = (this.#core.config.searchFn ?? search)(correlationIdPath, value);
      if (found === undefined || found === null || found === '') return;
    }
    const scope = this.#core.scope();
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
    const scope = this.#core.scope();
    return scope.correlationId ?? scope.appended?.correlation_id;
  }

  /**
   * Writes the lines buffered in the current invocation, then a warning counting evicted lines.
   *
   * @example
   * try { await work(); } catch (error) { logger.flushBuffer(); throw error; }
   */
  flushBuffer(): void {
    this.#core.flushBuffer();
  }

  /**
   * Drops the lines buffered in the current invocation.
   *
   * @example
   * logger.clearBuffer();
   */
  clearBuffer(): void {
    this.#core.clearBuffer();
  }

  /**
   * Whether the event is logged: `overwriteValue` when a boolean, else POWERTOOLS_LOGGER_LOG_EVENT.
   *
   * @example
   * logger.shouldLogEvent(); // false
   */
  shouldLogEvent(overwriteValue?: boolean): boolean {
    return typeof overwriteValue === 'boolean' ? overwriteValue : this.#core.config.logEvent;
  }

  /** Whether POWERTOOLS_LOGGER_LOG_EVENT asks to log events. @example logger.getLogEvent(); */
  getLogEvent(): boolean {
    return this.#core.config.logEvent;
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
    this.#core.resample();
  }
}
