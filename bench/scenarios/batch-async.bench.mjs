// @lambkit/batch, the async path: an async record handler over 10- and 1,000-record SQS batches,
// next to Middy's pattern (the handler returns Promise.allSettled of the records, and the
// sqs-partial-batch-failure middleware turns the settled results into batchItemFailures in `after`)
// and Powertools' BatchProcessor. Each invocation gets a new request id and context, as Lambda gives.
import {
  BatchProcessor as PowertoolsBatchProcessor,
  EventType as PowertoolsEventType,
  processPartialResponse as powertoolsProcessPartialResponse,
} from '@aws-lambda-powertools/batch';
import { BatchProcessor, EventType, processPartialResponse, reportBatchItemFailures } from '@lambkit/batch';
import middy from '@middy/core';
import { perRecord, sqsEvent } from '../lib/batch.mjs';
import { Group, report } from '../lib/harness.mjs';

let invocation = 0;
/** A context as the runtime builds one for each invocation. */
function newContext() {
  const deadline = Date.now() + 60_000;
  return {
    awsRequestId: `bench-request-${++invocation}`,
    functionName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

const asyncNoop = async () => undefined;
const asyncWithContext = async (record, context) => (context === undefined ? undefined : record.messageId);

// @middy/sqs-partial-batch-failure 6.x, as published (its logger option left out): the handler
// returns Promise.allSettled(records), `after` maps the settled results to batchItemFailures.
function sqsPartialBatchFailure() {
  async function sqsPartialBatchFailureMiddlewareAfter(request) {
    const {
      event: { Records },
      response,
    } = request;
    const batchItemFailures = [];
    for (const [idx, record] of Object.entries(Records)) {
      const { status } = response[idx];
      if (status === 'fulfilled') continue;
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    request.response = { batchItemFailures };
  }
  return { after: sqsPartialBatchFailureMiddlewareAfter };
}

function middyAllSettled(recordHandler) {
  return middy((event, context) =>
    Promise.allSettled(event.Records.map(async (record) => recordHandler(record, context))),
  ).use(sqsPartialBatchFailure());
}

const processor = new BatchProcessor(EventType.SQS);
const powertools = new PowertoolsBatchProcessor(PowertoolsEventType.SQS);

for (const count of [10, 1000]) {
  const event = sqsEvent(count);
  const viaMiddy = middyAllSettled(asyncNoop);
  const viaMiddleware = middy().use(reportBatchItemFailures(processor, asyncNoop));
  report(
    perRecord(
      await new Group(`batch: ${count}-record SQS batch, async record handler`)
        .floor(
          'Promise.allSettled of the records, failures mapped by hand',
          async () => {
            const settled = await Promise.allSettled(event.Records.map((record) => asyncNoop(record)));
            const batchItemFailures = [];
            for (let i = 0; i < settled.length; i++) {
              if (settled[i].status === 'rejected')
                batchItemFailures.push({ itemIdentifier: event.Records[i].messageId });
            }
            return { batchItemFailures };
          },
          { async: true },
        )
        .other(
          'middy: Promise.allSettled handler + sqs-partial-batch-failure after',
          () => viaMiddy(event, newContext()),
          {
            async: true,
          },
        )
        .lambkit(
          'processPartialResponse',
          () => processPartialResponse(event, asyncNoop, processor, { context: newContext() }),
          {
            async: true,
          },
        )
        .lambkit(
          'processPartialResponse, handler reads its context',
          () => processPartialResponse(event, asyncWithContext, processor, { context: newContext() }),
          { async: true },
        )
        .lambkit('middy + reportBatchItemFailures', () => viaMiddleware(event, newContext()), { async: true })
        .anchor(
          'powertools processPartialResponse (BatchProcessor)',
          () => powertoolsProcessPartialResponse(event, asyncNoop, powertools, { context: newContext() }),
          { async: true },
        )
        .run(),
      count,
    ),
  );
}
