import type { StandardSchemaV1 } from '@standard-schema/spec';
import { BatchRun } from './batch-run.js';
import { BatchProcessingError } from './errors.js';
import type { EventType } from './event-type.js';
import type { ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { RecordParser } from './payload.js';
import type { BatchProcessor, BatchRecord } from './processor.js';
import { checkBatch } from './record-kinds.js';
import type { BatchProcessingOptions, PartialItemFailureResponse, RecordHandler } from './types.js';

/**
 * The record type a processor hands to its handler.
 *
 * @example
 * const handler = (record: RecordOf<typeof processor>) => record.body;
 */
export type RecordOf<P> =
  P extends BatchProcessor<infer E extends EventType, infer S extends StandardSchemaV1 | undefined>
    ? BatchRecord<E, S>
    : never;

function isFifoBatch(records: readonly any[]): boolean {
  const arn = records[0]?.eventSourceARN;
  return typeof arn === 'string' && arn.endsWith('.fifo');
}

/**
 * The processor, once known to be one of lambkit's (Powertools' processors have another shape).
 *
 * @example
 * checkProcessor(new BatchProcessor(EventType.SQS)).kind.identifierField; // 'messageId'
 */
export function checkProcessor<P extends BatchProcessor<EventType, StandardSchemaV1 | undefined>>(
  processor: P,
): P {
  if (typeof processor?.kind?.identifierOf !== 'function') {
    throw new TypeError('processor must be a BatchProcessor or SqsFifoPartialProcessor from @lambkit/batch');
  }
  return processor;
}

/**
 * Runs one batch with checked options; the response, or a promise of it. Shared by both entry points
 * and the middleware.
 *
 * @example
 * runBatch(event, recordHandler, processor, resolveOptions('mine', { context }), false);
 */
export function runBatch(
  event: unknown,
  recordHandler: RecordHandler<any>,
  processor: BatchProcessor<EventType, StandardSchemaV1 | undefined>,
  options: ResolvedOptions,
  syncOnly: boolean,
): PartialItemFailureResponse | Promise<PartialItemFailureResponse> {
  if (typeof recordHandler !== 'function') {
    throw new TypeError(
      `recordHandler must be a function, got ${recordHandler === null ? 'null' : typeof recordHandler}`,
    );
  }
  const { kind } = checkProcessor(processor);
  const records = checkBatch(event, kind);
  const parse = processor.recordParser();
  if (parse instanceof Promise) {
    if (syncOnly) {
      throw new BatchProcessingError(
        'processPartialResponseSync: the schema support (@lambkit/parser) is still loading; create the processor at INIT, or use processPartialResponse',
      );
    }
    return parse.then((ready) => startRun(records, recordHandler, processor, ready, options, false));
  }
  return startRun(records, recordHandler, processor, parse, options, syncOnly);
}

function startRun(
  records: readonly any[],
  recordHandler: RecordHandler<any>,
  processor: BatchProcessor<EventType, StandardSchemaV1 | undefined>,
  parse: RecordParser | undefined,
  options: ResolvedOptions,
  syncOnly: boolean,
): PartialItemFailureResponse | Promise<PartialItemFailureResponse> {
  const { kind } = processor;
  const ordered = processor.alwaysOrdered || (kind.eventType === 'SQS' && isFifoBatch(records));
  return new BatchRun(records, recordHandler, {
    kind,
    parse,
    ordered,
    concurrency: options.concurrency,
    throwOnFullBatchFailure: options.throwOnFullBatchFailure,
    skipGroupOnError: ordered && options.skipGroupOnError,
    timeoutMarginMs: options.timeoutMarginMs,
    context: options.context,
    onRecordFailure: options.onRecordFailure,
    syncOnly,
  }).run();
}

/**
 * Processes every record of a batch with `recordHandler` and returns the ones that failed, as Lambda
 * expects with ReportBatchItemFailures: `{ batchItemFailures: [{ itemIdentifier }] }` (the SQS
 * messageId, the Kinesis sequenceNumber or the DynamoDB SequenceNumber). Records run in parallel, at
 * most `concurrency` at once; FIFO batches run in order. When every record fails it throws
 * FullBatchFailureError, unless `throwOnFullBatchFailure` is false. An event that is not a batch of
 * the processor's type throws UnexpectedBatchTypeError.
 *
 * @example
 * const processor = new BatchProcessor(EventType.SQS);
 * export const handler = async (event, context) =>
 *   processPartialResponse(event, async (record, { signal }) => save(JSON.parse(record.body), signal), processor, {
 *     context,
 *     concurrency: 10,
 *     timeoutMarginMs: 2_000,
 *   });
 */
export async function processPartialResponse<P extends BatchProcessor<any, any>>(
  event: unknown,
  recordHandler: RecordHandler<RecordOf<P>>,
  processor: P,
  options?: BatchProcessingOptions,
): Promise<PartialItemFailureResponse> {
  return runBatch(event, recordHandler, processor, resolveOptions('processPartialResponse', options), false);
}

/**
 * processPartialResponse for synchronous record handlers, returning without a promise. Records run
 * one after the other; a handler that returns a promise fails its record with an error saying to use
 * processPartialResponse.
 *
 * @example
 * export const handler = (event, context) =>
 *   processPartialResponseSync(event, (record) => JSON.parse(record.body), new BatchProcessor(EventType.SQS), { context });
 */
export function processPartialResponseSync<P extends BatchProcessor<any, any>>(
  event: unknown,
  recordHandler: RecordHandler<RecordOf<P>>,
  processor: P,
  options?: BatchProcessingOptions,
): PartialItemFailureResponse {
  const resolved = resolveOptions('processPartialResponseSync', options);
  return runBatch(event, recordHandler, processor, resolved, true) as PartialItemFailureResponse;
}
