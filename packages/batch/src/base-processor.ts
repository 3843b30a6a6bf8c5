import { getInvocationState } from '@lambkit/core';
import { FullBatchFailureError } from './errors.js';
import type { EventType } from './event-type.js';
import type { BatchProcessorConfig } from './processor-config.js';
import { recordKindOf } from './record-kinds.js';
import type {
  BaseRecord,
  BatchProcessingOptions,
  DynamoDBRecord,
  EventSourceDataClassTypes,
  FailureResponse,
  KinesisStreamRecord,
  PartialItemFailureResponse,
  PartialItemFailures,
  SQSRecord,
  SuccessResponse,
} from './types.js';

/** What a finished lambkit run tells the processor's state, read only when asked for. */
export interface RunOutcome {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' logger and record types, so subclasses and loggers written for Powertools stay assignable
  readonly records: readonly any[];
  succeeded(index: number): boolean;
  errorOf(index: number): Error | undefined;
  /** The response, once the run finished without FullBatchFailureError. */
  readonly response: PartialItemFailureResponse | undefined;
}

/** The per-invocation state of a processor, as Powertools keeps it (records, messages, response). */
interface ProcessorState {
  records: BaseRecord[];
  handler: CallableFunction;
  options: BatchProcessingOptions | undefined;
  successMessages: EventSourceDataClassTypes[];
  failureMessages: EventSourceDataClassTypes[];
  errors: Error[];
  batchResponse: PartialItemFailureResponse;
  // A lambkit run writes its outcome here; the message lists are built from it on first read, so
  // processPartialResponse pays nothing for them when nobody reads them.
  outcome: RunOutcome | undefined;
}

function noHandler(): void {}

function newState(): ProcessorState {
  return {
    records: [],
    handler: noHandler,
    options: undefined,
    successMessages: [],
    failureMessages: [],
    errors: [],
    batchResponse: { batchItemFailures: [] },
    outcome: undefined,
  };
}

function settle(state: ProcessorState): ProcessorState {
  const outcome = state.outcome;
  if (outcome === undefined) return state;
  state.outcome = undefined;
  if (outcome.response !== undefined) state.batchResponse = outcome.response;
  const successes: EventSourceDataClassTypes[] = [];
  const failures: EventSourceDataClassTypes[] = [];
  const errors: Error[] = [];
  for (let i = 0; i < outcome.records.length; i++) {
    if (outcome.succeeded(i)) {
      successes.push(outcome.records[i]);
    } else {
      failures.push(outcome.records[i]);
      errors.push(outcome.errorOf(i) as Error);
    }
  }
  state.successMessages = successes;
  state.failureMessages = failures;
  state.errors = errors;
  return state;
}

/**
 * The base of every processor, with Powertools' protocol: `register` binds a batch, `process` (or
 * `processSync`) runs `prepare`, `processRecord` for each record and `clean`. Extend it for a custom
 * processor and implement `prepare`, `clean`, `processRecord` and `processRecordSync`. Its state lives
 * in the invocation store, so one instance created at INIT serves concurrent invocations.
 *
 * @example
 * class CountingProcessor extends BasePartialProcessor {
 *   prepare() { this.successMessages = []; this.failureMessages = []; this.errors = []; }
 *   clean() {}
 *   async processRecord(record) { return this.processRecordSync(record); }
 *   processRecordSync(record) { try { return this.successHandler(record, this.handler(record)); } catch (e) { return this.failureHandler(record, e); } }
 * }
 */
export abstract class BasePartialProcessor {
  // A key of its own in the invocation store, so two processors never share state.
  readonly #key = Symbol('@lambkit/batch.processor');

  #state(): ProcessorState {
    const invocation = getInvocationState();
    let state = invocation[this.#key] as ProcessorState | undefined;
    if (state === undefined) {
      state = newState();
      invocation[this.#key] = state;
    }
    return state;
  }

  /** @internal Hands the outcome of a lambkit run to the state; the lists are built when read. */
  protected recordOutcome(
    records: BaseRecord[],
    handler: CallableFunction,
    options: BatchProcessingOptions | undefined,
    outcome: RunOutcome,
  ): void {
    const state = this.#state();
    state.records = records;
    state.handler = handler;
    state.options = options;
    state.outcome = outcome;
    state.batchResponse = { batchItemFailures: [] };
  }

  /** The errors of the failed records of the last batch, in record order. */
  get errors(): Error[] {
    return settle(this.#state()).errors;
  }
  protected set errors(errors: Error[]) {
    settle(this.#state()).errors = errors;
  }
  /** The records of the last batch that failed. */
  get failureMessages(): EventSourceDataClassTypes[] {
    return settle(this.#state()).failureMessages;
  }
  protected set failureMessages(messages: EventSourceDataClassTypes[]) {
    settle(this.#state()).failureMessages = messages;
  }
  /** The record handler given to `register`. */
  get handler(): CallableFunction {
    return this.#state().handler;
  }
  protected set handler(handler: CallableFunction) {
    this.#state().handler = handler;
  }
  /** The options given to `register`. */
  get options(): BatchProcessingOptions | undefined {
    return this.#state().options;
  }
  protected set options(options: BatchProcessingOptions | undefined) {
    this.#state().options = options;
  }
  /** The records given to `register`. */
  get records(): BaseRecord[] {
    return this.#state().records;
  }
  protected set records(records: BaseRecord[]) {
    this.#state().records = records;
  }
  /** The records of the last batch that succeeded. */
  get successMessages(): EventSourceDataClassTypes[] {
    return settle(this.#state()).successMessages;
  }
  protected set successMessages(messages: EventSourceDataClassTypes[]) {
    settle(this.#state()).successMessages = messages;
  }
  protected get batchResponse(): PartialItemFailureResponse {
    const state = this.#state();
    return state.outcome?.response ?? state.batchResponse;
  }
  protected set batchResponse(response: PartialItemFailureResponse) {
    settle(this.#state()).batchResponse = response;
  }

  /** Runs after the records: builds the response (or throws). */
  abstract clean(): void;
  /** Runs before the records: resets the state. */
  abstract prepare(): void;
  /** Processes one record, never throwing: the success or failure entry. */
  abstract processRecord(record: BaseRecord): Promise<SuccessResponse | FailureResponse>;
  /** processRecord for synchronous handlers. */
  abstract processRecordSync(record: BaseRecord): SuccessResponse | FailureResponse;

  /**
   * Records a failed record and its error; returns `['fail', error.message, record]`.
   *
   * @example
   * return this.failureHandler(record, error);
   */
  failureHandler(record: EventSourceDataClassTypes, error: Error): FailureResponse {
    this.errors.push(error);
    this.failureMessages.push(record);
    return ['fail', error.message, record];
  }

  /**
   * Records a record that succeeded; returns `['success', result, record]`.
   *
   * @example
   * return this.successHandler(record, await this.handler(record));
   */
  successHandler(record: EventSourceDataClassTypes, result: unknown): SuccessResponse {
    this.successMessages.push(record);
    return ['success', result, record];
  }

  /**
   * Binds a batch to the processor for this invocation; `process` or `processSync` runs it.
   *
   * @example
   * processor.register(event.Records, recordHandler, { context });
   */
  register(records: BaseRecord[], handler: CallableFunction, options?: BatchProcessingOptions): this {
    this.records = records;
    this.handler = handler;
    if (options) this.options = options;
    return this;
  }

  /**
   * Processes the registered records with `processRecord`, in parallel (or one at a time with
   * `processInParallel: false`), between `prepare` and `clean`.
   *
   * @example
   * const entries = await processor.register(event.Records, recordHandler).process();
   */
  async process(): Promise<(SuccessResponse | FailureResponse)[]> {
    this.prepare();
    const records = this.records;
    let processed: (SuccessResponse | FailureResponse)[];
    if (this.options?.processInParallel ?? true) {
      processed = await Promise.all(records.map((record) => this.processRecord(record)));
    } else {
      processed = [];
      for (const record of records) processed.push(await this.processRecord(record));
    }
    this.clean();
    return processed;
  }

  /**
   * Processes the registered records one after the other with `processRecordSync`.
   *
   * @example
   * const entries = processor.register(event.Records, recordHandler).processSync();
   */
  processSync(): (SuccessResponse | FailureResponse)[] {
    this.prepare();
    const processed: (SuccessResponse | FailureResponse)[] = [];
    for (const record of this.records) processed.push(this.processRecordSync(record));
    this.clean();
    return processed;
  }
}

/**
 * A processor for one event source that reports failures as Lambda expects
 * (`{ batchItemFailures: [{ itemIdentifier }] }`): the base to extend for a custom processor of SQS,
 * Kinesis or DynamoDB records, as in Powertools.
 *
 * @example
 * class AuditedProcessor extends BasePartialBatchProcessor {
 *   async processRecord(record) { try { return this.successHandler(record, await this.handler(record)); } catch (e) { return this.failureHandler(record, e); } }
 *   processRecordSync(record) { try { return this.successHandler(record, this.handler(record)); } catch (e) { return this.failureHandler(record, e); } }
 * }
 */
export abstract class BasePartialBatchProcessor extends BasePartialProcessor {
  /** How each event type's failures are collected. */
  COLLECTOR_MAPPING: {
    SQS: () => PartialItemFailures[];
    KinesisDataStreams: () => PartialItemFailures[];
    DynamoDBStreams: () => PartialItemFailures[];
  };
  /** The event source this processor accepts. */
  eventType: EventType;
  /** Where debug, warning and error messages go: `config.logger`, else the console. */
  protected readonly logger: BatchLogger;
  /** The parser configuration, when one was given. */
  protected parserConfig?: BatchProcessorConfig;

  constructor(eventType: EventType, parserConfig?: BatchProcessorConfig) {
    super();
    recordKindOf(eventType); // an unknown type throws here, at INIT, naming it
    this.eventType = eventType;
    this.parserConfig = parserConfig;
    this.COLLECTOR_MAPPING = {
      SQS: () => this.collectSqsFailures(),
      KinesisDataStreams: () => this.collectKinesisFailures(),
      DynamoDBStreams: () => this.collectDynamoDBFailures(),
    };
    this.logger = parserConfig?.logger ?? consoleLogger();
  }

  /**
   * Builds the response from the failed records; throws FullBatchFailureError when every record
   * failed, unless `throwOnFullBatchFailure` is false.
   *
   * @example
   * processor.clean(); processor.response();
   */
  clean(): void {
    if (!this.hasMessagesToReport()) return;
    if (this.options?.throwOnFullBatchFailure !== false && this.entireBatchFailed()) {
      throw new FullBatchFailureError(this.errors);
    }
    this.batchResponse = { batchItemFailures: this.getMessagesToReport() };
  }

  /** The failed DynamoDB records as `{ itemIdentifier: SequenceNumber }`. */
  collectDynamoDBFailures(): PartialItemFailures[] {
    const failures: PartialItemFailures[] = [];
    for (const record of this.failureMessages as DynamoDBRecord[]) {
      const id = record.dynamodb?.SequenceNumber;
      if (id) failures.push({ itemIdentifier: id });
    }
    return failures;
  }

  /** The failed Kinesis records as `{ itemIdentifier: sequenceNumber }`. */
  collectKinesisFailures(): PartialItemFailures[] {
    return (this.failureMessages as KinesisStreamRecord[]).map((record) => ({
      itemIdentifier: record.kinesis.sequenceNumber,
    }));
  }

  /** The failed SQS records as `{ itemIdentifier: messageId }`. */
  collectSqsFailures(): PartialItemFailures[] {
    return (this.failureMessages as SQSRecord[]).map((record) => ({ itemIdentifier: record.messageId }));
  }

  /** Whether every record of the batch failed. */
  entireBatchFailed(): boolean {
    return this.errors.length === this.records.length;
  }

  /** The failed records' identifiers, collected for the processor's event type. */
  getMessagesToReport(): PartialItemFailures[] {
    return this.COLLECTOR_MAPPING[this.eventType]();
  }

  /** Whether any record failed. */
  hasMessagesToReport(): boolean {
    return this.failureMessages.length !== 0;
  }

  /** Resets the state before a batch. */
  prepare(): void {
    this.successMessages = [];
    this.failureMessages = [];
    this.errors = [];
    this.batchResponse = { batchItemFailures: [] };
  }

  /**
   * The response of the last batch: `{ batchItemFailures }`.
   *
   * @example
   * await processor.register(event.Records, recordHandler).process();
   * return processor.response();
   */
  response(): PartialItemFailureResponse {
    return this.batchResponse;
  }

  /** The record as the handler receives it (the record itself, as in Powertools). */
  toBatchType(
    record: EventSourceDataClassTypes,
    _eventType: EventType,
  ): SQSRecord | KinesisStreamRecord | DynamoDBRecord {
    return record;
  }
}

/**
 * Where a processor writes its debug, warning and error messages: Powertools' and lambkit's Logger
 * both fit.
 *
 * @example
 * const config = { parser, innerSchema, transformer: 'json', logger } as const;
 */
export interface BatchLogger {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' logger and record types, so subclasses and loggers written for Powertools stay assignable
  debug(...content: any[]): void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' logger and record types, so subclasses and loggers written for Powertools stay assignable
  warn(...content: any[]): void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' logger and record types, so subclasses and loggers written for Powertools stay assignable
  error(...content: any[]): void;
}

function ignoreDebug(): void {}

// As Powertools: debug only when the function's log level (AWS_LAMBDA_LOG_LEVEL) is DEBUG.
function consoleLogger(): BatchLogger {
  return {
    debug: process.env.AWS_LAMBDA_LOG_LEVEL === 'DEBUG' ? console.debug : ignoreDebug,
    warn: console.warn,
    error: console.error,
  };
}
