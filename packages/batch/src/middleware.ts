import { beginInvocation, type MiddlewareObj, type MiddyRequest } from '@lambkit/core';
import { checkOptionsObject, resolveOptions } from './options.js';
import { type AnyProcessor, checkProcessor, type RecordOf, runBatch } from './process-partial-response.js';
import type { BatchProcessingOptions, PartialItemFailureResponse, RecordHandler } from './types.js';

/**
 * Options of the middleware: those of processPartialResponse, the context coming from the request.
 *
 * @example
 * const options: ReportBatchItemFailuresOptions = { concurrency: 10, timeoutMarginMs: 2_000 };
 */
export type ReportBatchItemFailuresOptions = Omit<BatchProcessingOptions, 'context'>;

/**
 * A @middy/core middleware that processes the batch with `recordHandler` and sets the response to the
 * records that failed (`{ batchItemFailures }`), with the same rules and options as
 * processPartialResponse. It runs in `after`, so the middlewares used before it (logger, metrics,
 * tracer) wrap the whole batch; use it with `middy()` and no handler of your own.
 *
 * @example
 * export const handler = middy()
 *   .use(injectLambdaContext(logger))
 *   .use(reportBatchItemFailures(new BatchProcessor(EventType.SQS), recordHandler, { concurrency: 10 }));
 */
export function reportBatchItemFailures<P extends AnyProcessor>(
  processor: P,
  recordHandler: RecordHandler<RecordOf<P>>,
  options: ReportBatchItemFailuresOptions = {},
): MiddlewareObj {
  // null or a string would otherwise be spread into no options, or into one per character.
  checkOptionsObject('reportBatchItemFailures', options);
  if ('context' in options) {
    throw new TypeError(
      'reportBatchItemFailures: options.context is not accepted; the context comes from the request',
    );
  }
  // Checked once, at INIT; the probe context only satisfies the timeoutMarginMs rule.
  const checked = resolveOptions('reportBatchItemFailures', {
    ...options,
    context: { getRemainingTimeInMillis: () => 0 } as never,
  });
  if (typeof recordHandler !== 'function') {
    throw new TypeError(
      `reportBatchItemFailures: recordHandler must be a function, got ${typeof recordHandler}`,
    );
  }
  checkProcessor('reportBatchItemFailures', processor, options);

  function reportBatchItemFailuresBefore(request: MiddyRequest): void {
    beginInvocation(request.context);
  }

  async function reportBatchItemFailuresAfter(request: MiddyRequest): Promise<void> {
    const response: PartialItemFailureResponse = await runBatch(
      'reportBatchItemFailures',
      request.event,
      recordHandler,
      processor,
      { ...options, context: request.context },
      { ...checked, context: request.context },
      false,
    );
    request.response = response;
  }

  return {
    name: 'reportBatchItemFailures',
    before: reportBatchItemFailuresBefore,
    after: reportBatchItemFailuresAfter,
  };
}
