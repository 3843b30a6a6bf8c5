// @lambkit/batch: overhead of processing a batch with a no-op record handler, next to Powertools'
// BatchProcessor and the floor (a hand-written loop that collects failures), plus import time and
// bundle size. Each row notes the cost per record.
import {
  BatchProcessor as PowertoolsBatchProcessor,
  EventType as PowertoolsEventType,
  processPartialResponse as powertoolsProcessPartialResponse,
} from '@aws-lambda-powertools/batch';
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  reportBatchItemFailures,
} from '@lambkit/batch';
import middy from '@middy/core';
import { perRecord, sqsEvent } from '../lib/batch.mjs';
import { bundleImportTimes, EMPTY_PACKAGE, Group, importTimes, report } from '../lib/harness.mjs';

const context = {
  awsRequestId: 'bench-request',
  functionName: 'bench',
  getRemainingTimeInMillis: () => 60_000,
};
const noop = () => undefined;
const asyncNoop = async () => undefined;
const readsSignal = (_record, _context, { signal }) => signal.aborted;

/** What a hand-written handler does at least: call the handler per record and collect failures. */
async function handWritten(event, handler) {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await handler(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

function handWrittenSync(event, handler) {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      handler(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

const processor = new BatchProcessor(EventType.SQS);
const powertools = new PowertoolsBatchProcessor(PowertoolsEventType.SQS);

for (const count of [10, 1000]) {
  const event = sqsEvent(count);
  const middyHandler = middy().use(reportBatchItemFailures(processor, noop));
  report(
    perRecord(
      await new Group(`batch: ${count}-record SQS batch, no-op sync record handler`)
        .floor('hand-written loop (sync)', () => handWrittenSync(event, noop))
        .lambkit(
          'processPartialResponse',
          () => processPartialResponse(event, noop, processor, { context }),
          {
            async: true,
          },
        )
        .lambkit('processPartialResponseSync', () =>
          processPartialResponseSync(event, noop, processor, { context }),
        )
        .lambkit(
          'processPartialResponse, concurrency 10 + timeoutMarginMs',
          () =>
            processPartialResponse(event, noop, processor, {
              context,
              concurrency: 10,
              timeoutMarginMs: 1000,
            }),
          { async: true },
        )
        .lambkit(
          'processPartialResponse, handler reads its signal',
          () => processPartialResponse(event, readsSignal, processor, { context }),
          { async: true },
        )
        .lambkit('middy + reportBatchItemFailures', () => middyHandler(event, context), { async: true })
        .anchor(
          'powertools processPartialResponse (BatchProcessor)',
          () => powertoolsProcessPartialResponse(event, noop, powertools, { context }),
          { async: true },
        )
        .run(),
      count,
    ),
  );
}

{
  const count = 1000;
  const event = sqsEvent(count);
  report(
    perRecord(
      await new Group(`batch: ${count}-record SQS batch, no-op async record handler`)
        .floor('hand-written loop (awaits each record)', () => handWritten(event, asyncNoop), { async: true })
        .lambkit(
          'processPartialResponse',
          () => processPartialResponse(event, asyncNoop, processor, { context }),
          {
            async: true,
          },
        )
        .lambkit(
          'processPartialResponse, concurrency 10',
          () => processPartialResponse(event, asyncNoop, processor, { context, concurrency: 10 }),
          { async: true },
        )
        .anchor(
          'powertools processPartialResponse (BatchProcessor)',
          () => powertoolsProcessPartialResponse(event, asyncNoop, powertools, { context }),
          { async: true },
        )
        .run(),
      count,
    ),
  );
}

report(
  importTimes('batch: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/core (what every lambkit package loads)', role: 'other', specifier: '@lambkit/core' },
    { name: '@lambkit/batch', role: 'lambkit', specifier: '@lambkit/batch' },
    { name: '@aws-lambda-powertools/batch', role: 'anchor', specifier: '@aws-lambda-powertools/batch' },
  ]),
);

report(
  await bundleImportTimes('batch: bundled with esbuild (minified), import in a fresh process', [
    { name: 'empty bundle', role: 'floor', source: 'globalThis.x = 1;' },
    {
      name: '@lambkit/batch',
      role: 'lambkit',
      source:
        "import { BatchProcessor, EventType, processPartialResponse } from '@lambkit/batch'; globalThis.x = [new BatchProcessor(EventType.SQS), processPartialResponse];",
    },
    {
      name: '@aws-lambda-powertools/batch',
      role: 'anchor',
      source:
        "import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'; globalThis.x = [new BatchProcessor(EventType.SQS), processPartialResponse];",
    },
  ]),
);
