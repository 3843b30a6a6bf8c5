import { runInInvocation } from '@lambkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sleep, sqsBatch } from '../test/test-events.js';
import { BatchProcessor, EventType, processPartialResponse, type SQSRecord } from './index.js';

/** A handler that counts how many records run at once; each takes the delay in its body (ms). */
function trackingHandler() {
  const state = { active: 0, peak: 0, done: 0 };
  const handler = async (record: SQSRecord) => {
    state.active++;
    state.peak = Math.max(state.peak, state.active);
    try {
      await sleep(Number(record.body));
      if (record.body === '0') throw new Error('fails fast');
    } finally {
      state.active--;
      state.done++;
    }
  };
  return { state, handler };
}

describe('the concurrency cap', () => {
  it('runs every record at once by default, as Powertools does', async () => {
    const { state, handler } = trackingHandler();

    await processPartialResponse(
      sqsBatch(['5', '5', '5', '5', '5', '5']),
      handler,
      new BatchProcessor(EventType.SQS),
    );

    expect(state.peak).toBe(6);
  });

  it('never has more than `concurrency` records in progress and still runs them all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 25 }),
        async (concurrency, delays) => {
          const { state, handler } = trackingHandler();

          await processPartialResponse(
            sqsBatch(delays.map(String)),
            handler,
            new BatchProcessor(EventType.SQS),
            {
              concurrency,
              throwOnFullBatchFailure: false,
            },
          );

          expect(state.peak).toBeLessThanOrEqual(concurrency);
          expect(state.peak).toBe(Math.min(concurrency, delays.length));
          expect(state.done).toBe(delays.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('treats processInParallel: false, the Powertools option, as a cap of one', async () => {
    const { state, handler } = trackingHandler();

    await processPartialResponse(sqsBatch(['2', '2', '2']), handler, new BatchProcessor(EventType.SQS), {
      processInParallel: false,
    });

    expect(state.peak).toBe(1);
  });

  it('keeps two interleaved batches on one processor apart, as under Lambda Managed Instances', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handler = async (record: SQSRecord) => {
      await sleep(Number(record.body.slice(1)));
      if (record.body.startsWith('f')) throw new Error('failed');
    };

    const [first, second] = await Promise.all([
      runInInvocation(() => processPartialResponse(sqsBatch(['f3', 'o1', 'o5']), handler, processor), {
        requestId: 'first',
      }),
      runInInvocation(() => processPartialResponse(sqsBatch(['o2', 'o4', 'f1']), handler, processor), {
        requestId: 'second',
      }),
    ]);

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] });
    expect(second).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-2' }] });
  });
});
