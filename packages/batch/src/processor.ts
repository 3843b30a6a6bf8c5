import { describeType, isThenable, type LambdaContext } from '@lambkit/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { BasePartialBatchProcessor } from './base-processor.js';
import { BatchRun } from './batch-run.js';
import { BatchProcessingError, toRecordError } from './errors.js';
import { EventType } from './event-type.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { createRecordParser, type RecordParser } from './payload.js';
import { type BatchProcessorConfig, checkConfig } from './processor-config.js';
import { checkBatch, type RecordKind, recordKindOf } from './record-kinds.js';
import type {
  BaseRecord,
  BatchProcessingOptions,
  EventSourceDataClassTypes,
  FailureResponse,
  ParsedRecord,
  PayloadParsed,
  RecordByEventType,
  RecordHandler,
  RecordHandlerExtras,
  SuccessResponse,
} from './types.js';

/**
 * The record a processor hands to its record handler, for a lambkit payload schema `S`.
 *
 * @example
 * type Message = BatchRecord<'SQS', undefined>; // SQSRecord
 */
export type BatchRecord<
  E extends EventType,
  S extends StandardSchemaV1 | undefined,
> = S extends StandardSchemaV1 ? PayloadParsed<E, StandardSchemaV1.InferOutput<S>> : RecordByEventType[E];

/**
 * The record a processor of event type `E` with config `C` hands to its record handler.
 *
 * @example
 * type Message = RecordFor<'SQS', { parser: typeof parser; innerSchema: typeof order; transformer: 'json' }>;
 */
export type RecordFor<E extends EventType, C> = C extends {
  parser: unknown;
  schema: infer S extends StandardSchemaV1;
}
  ? StandardSchemaV1.InferOutput<S>
  : C extends { parser: unknown; innerSchema: infer S extends StandardSchemaV1 }
    ? ParsedRecord<RecordByEventType[E], StandardSchemaV1.InferOutput<S>>
    : C extends { schema: infer S extends StandardSchemaV1 }
      ? PayloadParsed<E, StandardSchemaV1.InferOutput<S>>
      : RecordByEventType[E];

// Overriding any of these makes a processor custom: it then runs as Powertools' base class runs it
// (register, process, response), not through lambkit's run.
const PROTOCOL = [
  'process',
  'processSync',
  'processRecord',
  'processRecordSync',
  'successHandler',
  'failureHandler',
  'prepare',
  'clean',
  'response',
  'register',
  'toBatchType',
  'getMessagesToReport',
  'collectSqsFailures',
  'collectKinesisFailures',
  'collectDynamoDBFailures',
  'entireBatchFailed',
  'hasMessagesToReport',
];
const verdicts = new WeakMap<object, boolean>();

/**
 * Whether lambkit's run processes this processor's batches: a lambkit processor whose class (or a
 * subclass without overrides of the processing methods) is known. Decided once per class.
 *
 * @example
 * runsOnLambkit(new BatchProcessor(EventType.SQS)); // true
 */
// biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
export function runsOnLambkit(processor: unknown): processor is BatchProcessor<EventType, any> {
  if (typeof processor !== 'object' || processor === null) return false;
  const prototype = Object.getPrototypeOf(processor) as object | null;
  if (prototype === null) return false;
  let verdict = verdicts.get(prototype);
  if (verdict === undefined) {
    verdict = false;
    for (let p: object | null = prototype; p !== null; p = Object.getPrototypeOf(p)) {
      // BatchProcessorSync and the FIFO processors override none of the methods, so the walk reaches
      // BatchProcessor.prototype for them too.
      if (p === BatchProcessor.prototype) {
        verdict = true;
        break;
      }
      if (PROTOCOL.some((name) => Object.hasOwn(p as object, name))) break;
    }
    verdicts.set(prototype, verdict);
  }
  return verdict;
}

const neverAborted = new AbortController().signal;

/** The third argument when a custom processor calls processRecord: no time budget, index on demand. */
class ProtocolExtras implements RecordHandlerExtras {
  readonly #records: readonly unknown[];
  readonly #record: unknown;
  constructor(records: readonly unknown[], record: unknown) {
    this.#records = records;
    this.#record = record;
  }
  get signal(): AbortSignal {
    return neverAborted;
  }
  get index(): number {
    return this.#records.indexOf(this.#record);
  }
}

/**
 * Processes batches from one event source and reports the records that failed, for
 * `processPartialResponse`, the `reportBatchItemFailures` middleware, or Powertools' `register`,
 * `process` and `response`. Create it once, at INIT; its per-invocation state lives in the
 * invocation store, so concurrent invocations can share it. A batch from an SQS FIFO queue (source
 * ARN ending in `.fifo`) runs in order with FIFO rules, as with SqsFifoPartialProcessor. Sync and
 * async record handlers both work.
 *
 * @example
 * const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: orderSchema, transformer: 'json' });
 * export const handler = (event, context) => processPartialResponse(event, recordHandler, processor, { context });
 */
export class BatchProcessor<
  E extends EventType = EventType,
  C extends BatchProcessorConfig | undefined = undefined,
> extends BasePartialBatchProcessor {
  declare eventType: E;
  /** @internal How records of this type are recognised and identified. */
  readonly kind: RecordKind;
  /** @internal Whether every batch runs with FIFO rules, not only those from a .fifo queue. */
  readonly alwaysOrdered: boolean;
  /** @internal Type carrier: the record the handler receives. */
  declare readonly recordType?: RecordFor<E, C>;
  // The payload parser. For a lambkit payload schema it is built once @lambkit/parser has loaded:
  // it loads only for a processor with a schema, starting at INIT, so one without never pays for it.
  #parse: RecordParser | undefined;
  #parseLoading: Promise<RecordParser> | undefined;

  constructor(eventType: E, config?: C) {
    const checked = checkConfig(new.target.name, config);
    super(eventType, checked);
    this.kind = recordKindOf(eventType);
    this.alwaysOrdered = false;
    if (checked?.parser !== undefined) {
      const { parser } = checked;
      const logger = this.logger;
      this.#parse = (record) => parser(record, eventType, logger, checked);
    } else if (checked?.schema !== undefined) {
      const schema = checked.schema;
      this.#parseLoading = import('./parser-library.js').then(
        (library) => (this.#parse = createRecordParser(eventType, schema, library)),
      );
      this.#parseLoading.catch(() => undefined); // a failed load surfaces at the first batch instead
    }
  }

  /**
   * @internal The payload parser: undefined without a schema, a promise of it while @lambkit/parser
   * is still loading (only right after INIT).
   */
  recordParser(): RecordParser | Promise<RecordParser> | undefined {
    return this.#parse ?? this.#parseLoading;
  }

  /**
   * @internal Runs `records` through lambkit's run (concurrency, time budget, FIFO rules,
   * onRecordFailure) and keeps its outcome as the processor's state. The run, ready to start, or a
   * promise of it while the schema support loads.
   */
  startRun(
    records: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
    handler: RecordHandler<any>,
    options: BatchProcessingOptions | undefined,
    resolved: ResolvedOptions,
    syncOnly: boolean,
    keepResults: boolean,
  ): BatchRun | Promise<BatchRun> {
    if (typeof handler !== 'function') {
      throw new TypeError(`recordHandler must be a function, got ${describeType(handler)}`);
    }
    const checked = checkBatch({ Records: records }, this.kind);
    const parse = this.recordParser();
    if (parse instanceof Promise) {
      if (syncOnly) {
        throw new BatchProcessingError(
          'processPartialResponseSync: the schema support (@lambkit/parser) is still loading; create the processor at INIT, or use processPartialResponse',
        );
      }
      return parse.then((ready) =>
        this.#newRun(checked, handler, options, ready, resolved, false, keepResults),
      );
    }
    return this.#newRun(checked, handler, options, parse, resolved, syncOnly, keepResults);
  }

  #newRun(
    // biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
    records: readonly any[],
    // biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
    handler: RecordHandler<any>,
    options: BatchProcessingOptions | undefined,
    parse: RecordParser | undefined,
    resolved: ResolvedOptions,
    syncOnly: boolean,
    keepResults: boolean,
  ): BatchRun {
    const { kind } = this;
    const ordered = this.alwaysOrdered || (kind.eventType === 'SQS' && isFifoBatch(records));
    const run = new BatchRun(records, handler, {
      kind,
      parse,
      ordered,
      concurrency: resolved.concurrency,
      throwOnFullBatchFailure: resolved.throwOnFullBatchFailure,
      skipGroupOnError: ordered && resolved.skipGroupOnError,
      timeoutMarginMs: resolved.timeoutMarginMs,
      context: resolved.context,
      onRecordFailure: resolved.onRecordFailure,
      syncOnly,
      keepResults,
    });
    this.recordOutcome(records as BaseRecord[], handler, options, run);
    return run;
  }

  /**
   * Processes the registered records (see `register`) with lambkit's run, or, in a subclass that
   * overrides the processing methods, as Powertools' base class does. Resolves to one entry per
   * record, `['success', result, record]` or `['fail', message, record]`; throws
   * FullBatchFailureError when every record failed.
   *
   * @example
   * processor.register(event.Records, recordHandler, { context });
   * await processor.process();
   * return processor.response();
   */
  override async process(): Promise<(SuccessResponse | FailureResponse)[]> {
    if (!runsOnLambkit(this)) return super.process();
    const run = await this.#startRegistered(false);
    await run.run();
    return entriesOf(run);
  }

  /**
   * process() without a promise, for synchronous record handlers; a handler that returns a promise
   * fails its record, saying to use process().
   *
   * @example
   * processor.register(event.Records, recordHandler, { context }).processSync();
   */
  override processSync(): (SuccessResponse | FailureResponse)[] {
    if (!runsOnLambkit(this)) return super.processSync();
    const run = this.#startRegistered(true) as BatchRun;
    run.run();
    return entriesOf(run);
  }

  #startRegistered(syncOnly: boolean): BatchRun | Promise<BatchRun> {
    const options = this.options;
    const owner = syncOnly ? 'processSync' : 'process';
    return this.startRun(
      this.records,
      // biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
      this.handler as RecordHandler<any>,
      options,
      resolveOptions(owner, options),
      syncOnly,
      true,
    );
  }

  /**
   * Processes one record (for a custom processor that calls it): parses it when the processor has a
   * schema, then calls the handler with the record, the context and lambkit's extras.
   *
   * @example
   * const entry = await processor.processRecord(record); // ['success', result, record]
   */
  async processRecord(record: BaseRecord): Promise<SuccessResponse | FailureResponse> {
    const source = record as EventSourceDataClassTypes;
    try {
      const parse = await this.recordParser();
      const parsed = parse === undefined ? source : await parse(source, this.records.indexOf(source));
      const data = this.toBatchType(parsed as EventSourceDataClassTypes, this.eventType);
      const result = await this.handler(
        data,
        this.options?.context,
        new ProtocolExtras(this.records, source),
      );
      return this.successHandler(source, result);
    } catch (error) {
      return this.failureHandler(source, toRecordError(error));
    }
  }

  /**
   * processRecord for synchronous handlers; a handler (or schema) that returns a promise fails the
   * record.
   *
   * @example
   * const entry = processor.processRecordSync(record);
   */
  processRecordSync(record: BaseRecord): SuccessResponse | FailureResponse {
    const source = record as EventSourceDataClassTypes;
    try {
      const parse = this.recordParser();
      if (parse instanceof Promise)
        throw new BatchProcessingError('processRecordSync: the schema support is still loading');
      const parsed = parse === undefined ? source : parse(source, this.records.indexOf(source));
      const result = isThenable(parsed)
        ? parsed
        : this.handler(
            this.toBatchType(parsed as EventSourceDataClassTypes, this.eventType),
            this.options?.context as LambdaContext,
            new ProtocolExtras(this.records, source),
          );
      if (isThenable(result)) {
        Promise.resolve(result).catch(() => undefined);
        throw new BatchProcessingError(
          'processRecordSync: the record handler (or the schema) returned a promise; use process() for async work',
        );
      }
      return this.successHandler(source, result);
    } catch (error) {
      return this.failureHandler(source, toRecordError(error));
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
function isFifoBatch(records: readonly any[]): boolean {
  const arn = records[0]?.eventSourceARN;
  return typeof arn === 'string' && arn.endsWith('.fifo');
}

function entriesOf(run: BatchRun): (SuccessResponse | FailureResponse)[] {
  const entries: (SuccessResponse | FailureResponse)[] = [];
  for (let i = 0; i < run.records.length; i++) {
    const record = run.records[i];
    entries.push(
      run.succeeded(i)
        ? ['success', run.resultOf(i), record]
        : ['fail', String(run.errorOf(i)?.message), record],
    );
  }
  return entries;
}

/**
 * Powertools' processor for synchronous record handlers. lambkit's processors take sync and async
 * handlers alike, so it is a BatchProcessor under Powertools' name.
 *
 * @example
 * const processor = new BatchProcessorSync(EventType.SQS);
 */
export class BatchProcessorSync<
  E extends EventType = EventType,
  C extends BatchProcessorConfig | undefined = undefined,
> extends BatchProcessor<E, C> {}

/**
 * A processor for SQS FIFO queues: records run one at a time, in order; at the first failure that
 * record and every later one are reported (with `skipGroupOnError`, only the later records of the
 * failed message group). Sync and async record handlers both work.
 *
 * @example
 * const processor = new SqsFifoPartialProcessor();
 * export const handler = (event, context) =>
 *   processPartialResponse(event, recordHandler, processor, { context, skipGroupOnError: true });
 */
export class SqsFifoPartialProcessor<
  C extends BatchProcessorConfig | undefined = undefined,
> extends BatchProcessorSync<'SQS', C> {
  override readonly alwaysOrdered: boolean = true;
  constructor(config?: C) {
    super(EventType.SQS, config);
  }
}

/**
 * Powertools' FIFO processor for async handlers: the same rules as SqsFifoPartialProcessor.
 *
 * @example
 * const processor = new SqsFifoPartialProcessorAsync();
 */
export class SqsFifoPartialProcessorAsync<
  C extends BatchProcessorConfig | undefined = undefined,
> extends BatchProcessor<'SQS', C> {
  override readonly alwaysOrdered: boolean = true;
  constructor(config?: C) {
    super(EventType.SQS, config);
  }
}
