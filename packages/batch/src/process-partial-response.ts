import { describeType } from '@lambkit/core';
import type { BasePartialProcessor } from './base-processor.js';
import { UnexpectedBatchTypeError } from './errors.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { type BatchProcessor, runsOnLambkit } from './processor.js';
import { describeEvent } from './record-kinds.js';
import type { BatchProcessingOptions, PartialItemFailureResponse, RecordHandler } from './types.js';

/**
 * The record type a processor hands to its handler.
 *
 * @example
 * const handler = (record: RecordOf<typeof processor>) => record.body;
 */
// biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
export type RecordOf<P> = P extends { readonly recordType?: infer R } ? Exclude<R, undefined> : any;

/** What processPartialResponse accepts: lambkit's processors, or any processor with Powertools' protocol. */
// biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
export type AnyProcessor = BatchProcessor<any, any> | BasePartialProcessor;

// Options that only lambkit's run honours; a custom processor runs as Powertools' base class does.
const RUN_ONLY_OPTIONS = ['concurrency', 'timeoutMarginMs', 'onRecordFailure'] as const;

function checkProtocol(owner: string, processor: unknown): BasePartialProcessor {
  const candidate = processor as Partial<BasePartialProcessor> | null | undefined;
  if (
    typeof candidate?.register !== 'function' ||
    typeof candidate.process !== 'function' ||
    typeof (candidate as { response?: unknown }).response !== 'function'
  ) {
    throw new TypeError(
      `${owner}: processor must be a BatchProcessor, SqsFifoPartialProcessor or a subclass of BasePartialBatchProcessor (with register, process and response), got ${describeType(processor)}`,
    );
  }
  return processor as BasePartialProcessor;
}

/**
 * Checks a processor at INIT (for the middleware): a lambkit processor, or one with Powertools'
 * protocol; a custom one cannot take the options only lambkit's run honours.
 *
 * @example
 * checkProcessor('reportBatchItemFailures', processor, options);
 */
export function checkProcessor(
  owner: string,
  processor: unknown,
  options: BatchProcessingOptions | undefined,
): void {
  if (runsOnLambkit(processor)) return;
  checkProtocol(owner, processor);
  for (const name of RUN_ONLY_OPTIONS) {
    if (options?.[name] !== undefined) {
      throw new TypeError(
        `${owner}: options.${name} needs a processor lambkit runs; ${(processor as object).constructor.name} overrides the processing methods, so it runs as Powertools' BasePartialProcessor does (register, process, response) and cannot honour it`,
      );
    }
  }
}

/**
 * Runs one batch; the response, or a promise of it. Shared by both entry points and the middleware.
 *
 * @example
 * runBatch('mine', event, recordHandler, processor, options, resolveOptions('mine', options), false);
 */
export function runBatch(
  owner: string,
  event: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: as Powertools' processPartialResponse: a processor and handler of any record type are accepted
  recordHandler: RecordHandler<any>,
  processor: AnyProcessor,
  options: BatchProcessingOptions | undefined,
  resolved: ResolvedOptions | undefined,
  syncOnly: boolean,
): PartialItemFailureResponse | Promise<PartialItemFailureResponse> {
  if (runsOnLambkit(processor)) {
    const checked = resolved ?? resolveOptions(owner, options);
    const records = (event as { Records?: unknown } | null | undefined)?.Records;
    if (!Array.isArray(records)) {
      throw new UnexpectedBatchTypeError(
        `${processor.kind.eventType} records (eventSource "${processor.kind.eventSource}")`,
        describeEvent(event),
      );
    }
    const run = processor.startRun(records, recordHandler, options, checked, syncOnly, false);
    return run instanceof Promise ? run.then((ready) => ready.run()) : run.run();
  }
  checkProcessor(owner, processor, options);
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records)) throw new UnexpectedBatchTypeError('a batch event', describeEvent(event));
  const custom = processor as BasePartialProcessor & { response(): PartialItemFailureResponse };
  custom.register(records, recordHandler, options);
  if (syncOnly) {
    custom.processSync();
    return custom.response();
  }
  return custom.process().then(() => custom.response());
}

/**
 * Processes every record of a batch with `recordHandler` and returns the ones that failed, as Lambda
 * expects with ReportBatchItemFailures: `{ batchItemFailures: [{ itemIdentifier }] }` (the SQS
 * messageId, the Kinesis sequenceNumber or the DynamoDB SequenceNumber). The handler receives the
 * record, the Lambda context (`options.context`) and lambkit's extras `{ signal, index }`. Records
 * run in parallel, at most `concurrency` at once; FIFO batches run in order. When every record fails
 * it throws FullBatchFailureError, unless `throwOnFullBatchFailure` is false. An event that is not a
 * batch of the processor's type throws UnexpectedBatchTypeError. A custom processor (a subclass of
 * BasePartialBatchProcessor) runs through its `register`, `process` and `response`.
 *
 * @example
 * const processor = new BatchProcessor(EventType.SQS);
 * export const handler = async (event, context) =>
 *   processPartialResponse(event, async (record, context, { signal }) => save(JSON.parse(record.body), signal), processor, {
 *     context,
 *     concurrency: 10,
 *     timeoutMarginMs: 2_000,
 *   });
 */
export async function processPartialResponse<P extends AnyProcessor>(
  event: { Records: unknown[] } | unknown,
  recordHandler: RecordHandler<RecordOf<P>>,
  processor: P,
  options?: BatchProcessingOptions<P>,
): Promise<PartialItemFailureResponse> {
  return runBatch('processPartialResponse', event, recordHandler, processor, options, undefined, false);
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
export function processPartialResponseSync<P extends AnyProcessor>(
  event: { Records: unknown[] } | unknown,
  recordHandler: RecordHandler<RecordOf<P>>,
  processor: P,
  options?: BatchProcessingOptions<P>,
): PartialItemFailureResponse {
  return runBatch(
    'processPartialResponseSync',
    event,
    recordHandler,
    processor,
    options,
    undefined,
    true,
  ) as PartialItemFailureResponse;
}
