import type { StandardSchemaV1 } from '@standard-schema/spec';
import { EventType } from './event-type.js';
import { createRecordParser, type RecordParser } from './payload.js';
import { type RecordKind, recordKindOf } from './record-kinds.js';
import type { ParsedRecord, RecordByEventType } from './types.js';

/**
 * Configuration of a processor.
 *
 * @example
 * const config: BatchProcessorConfig<typeof orderSchema> = { schema: orderSchema };
 */
export interface BatchProcessorConfig<S extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined> {
  /**
   * A schema for each record's payload (any Standard Schema v1: zod 4, valibot 1, arktype, ...),
   * applied to the SQS body parsed as JSON, the Kinesis data decoded from base64 then parsed as JSON,
   * or each DynamoDB NewImage and OldImage unmarshalled to a plain object. The handler gets the record
   * with the payload replaced by the schema's output; a record that fails is reported, with a
   * ParseError from @lambkit/parser, and never reaches the handler.
   */
  schema?: S;
}

/**
 * The record a processor hands to its record handler.
 *
 * @example
 * type Message = BatchRecord<'SQS', undefined>; // SQSRecord
 */
export type BatchRecord<
  E extends EventType,
  S extends StandardSchemaV1 | undefined,
> = S extends StandardSchemaV1 ? ParsedRecord<E, StandardSchemaV1.InferOutput<S>> : RecordByEventType[E];

const CONFIG_KEYS = new Set(['schema']);

function checkConfig(owner: string, config: unknown): StandardSchemaV1 | undefined {
  if (config === undefined) return undefined;
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(
      `${owner}: config must be an object, got ${config === null ? 'null' : typeof config}`,
    );
  }
  for (const key of Object.keys(config)) {
    if (CONFIG_KEYS.has(key)) continue;
    const hint =
      key === 'parser' || key === 'innerSchema' || key === 'transformer'
        ? ': lambkit decodes the payload itself, so pass the payload schema as `schema` and drop `parser` and `transformer`'
        : '';
    throw new TypeError(`${owner}: unknown config key "${key}" (accepted: schema)${hint}`);
  }
  const schema = (config as BatchProcessorConfig).schema;
  if (schema === undefined) return undefined;
  if (typeof (schema as StandardSchemaV1)?.['~standard']?.validate !== 'function') {
    throw new TypeError(
      `${owner}: config.schema must be a Standard Schema v1 (zod 4, valibot 1, arktype, ...): it has no ~standard.validate function`,
    );
  }
  return schema;
}

/**
 * Processes batches from one event source and reports the records that failed, for
 * `processPartialResponse` or the `reportBatchItemFailures` middleware. Create it once, at INIT; it
 * keeps no per-invocation state, so concurrent invocations can share it. A batch from an SQS FIFO
 * queue (source ARN ending in `.fifo`) runs in order with FIFO rules, as with SqsFifoPartialProcessor.
 *
 * @example
 * const processor = new BatchProcessor(EventType.SQS, { schema: z.object({ orderId: z.string() }) });
 * export const handler = (event, context) => processPartialResponse(event, recordHandler, processor, { context });
 */
export class BatchProcessor<
  E extends EventType = EventType,
  S extends StandardSchemaV1 | undefined = undefined,
> {
  /** The event source this processor accepts. */
  readonly eventType: E;
  /** The payload schema, when one was given. */
  readonly schema: S;
  /** @internal How records of this type are recognised and identified. */
  readonly kind: RecordKind;
  // The payload parser, built once @lambkit/parser has loaded: it loads only for a processor with a
  // schema, starting at INIT, so a processor without one never pays for it.
  #parse: RecordParser | undefined;
  #parseLoading: Promise<RecordParser> | undefined;
  /** @internal Whether every batch runs with FIFO rules, not only those from a .fifo queue. */
  readonly alwaysOrdered: boolean;

  constructor(eventType: E, config?: BatchProcessorConfig<S>) {
    this.kind = recordKindOf(eventType);
    const schema = checkConfig(new.target.name, config);
    this.eventType = eventType;
    this.schema = schema as S;
    this.alwaysOrdered = false;
    if (schema !== undefined) {
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
}

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
  S extends StandardSchemaV1 | undefined = undefined,
> extends BatchProcessor<'SQS', S> {
  override readonly alwaysOrdered: boolean = true;
  constructor(config?: BatchProcessorConfig<S>) {
    super(EventType.SQS, config);
  }
}

/**
 * The same class as BatchProcessor, under the name Powertools gives its processor for sync handlers:
 * lambkit's processors take sync and async record handlers alike.
 *
 * @example
 * const processor = new BatchProcessorSync(EventType.SQS);
 */
export const BatchProcessorSync = BatchProcessor;
/** The same class as BatchProcessor (the type of `BatchProcessorSync`). */
export type BatchProcessorSync<
  E extends EventType = EventType,
  S extends StandardSchemaV1 | undefined = undefined,
> = BatchProcessor<E, S>;

/**
 * The same class as SqsFifoPartialProcessor, under the name Powertools gives its FIFO processor for
 * async handlers.
 *
 * @example
 * const processor = new SqsFifoPartialProcessorAsync();
 */
export const SqsFifoPartialProcessorAsync = SqsFifoPartialProcessor;
/** The same class as SqsFifoPartialProcessor. */
export type SqsFifoPartialProcessorAsync<S extends StandardSchemaV1 | undefined = undefined> =
  SqsFifoPartialProcessor<S>;
