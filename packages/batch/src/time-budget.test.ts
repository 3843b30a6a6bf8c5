import { createContext } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import {
  BatchProcessor,
  EventType,
  type FullBatchFailureError,
  processPartialResponse,
  type RecordHandlerExtras,
  type SQSRecord,
  SqsFifoPartialProcessor,
  TimeBudgetExceededError,
} from './index.js';
import { fifoBatch, identifiers, sleep, sqsBatch } from './test-events.js';

/** A handler that takes `ms` per record, honouring its signal, and notes what finished. */
function slowHandler(ms: number) {
  const finished: string[] = [];
  const aborted: string[] = [];
  const handler = (record: SQSRecord, _context: unknown, { signal }: RecordHandlerExtras) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        finished.push(record.messageId);
        resolve();
      }, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        aborted.push(record.messageId);
        reject(signal.reason);
      });
    });
  return { finished, aborted, handler };
}

describe('the time budget', () => {
  it('starts no new record once fewer than timeoutMarginMs remain and reports the rest', async () => {
    const context = createContext({ timeoutMs: 1000 });
    const { finished, handler } = slowHandler(30);

    const response = await processPartialResponse(
      sqsBatch(['a', 'b', 'c', 'd', 'e', 'f']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        context,
        concurrency: 1,
        timeoutMarginMs: 920,
      },
    );

    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(6);
    expect(identifiers(response)).toEqual(
      sqsBatch(['a', 'b', 'c', 'd', 'e', 'f'])
        .Records.slice(finished.length)
        .map((r) => r.messageId),
    );
  });

  it('aborts the signal of the records in progress and reports them', async () => {
    const context = createContext({ timeoutMs: 1000 });
    const { finished, aborted, handler } = slowHandler(500);

    const response = await processPartialResponse(
      sqsBatch(['a', 'b', 'c']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 950,
        throwOnFullBatchFailure: false,
      },
    );

    expect(identifiers(response)).toEqual(['msg-0', 'msg-1', 'msg-2']);
    expect(aborted).toEqual(['msg-0', 'msg-1', 'msg-2']);
    expect(finished).toEqual([]);
  });

  it('returns before the invocation would time out even when a handler ignores its signal', async () => {
    const context = createContext({ timeoutMs: 400 });
    const handler = async (record: SQSRecord) => {
      await sleep(record.messageId === 'msg-0' ? 1 : 2_000);
    };

    const response = await processPartialResponse(
      sqsBatch(['fast', 'stuck']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 300,
      },
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('reports every record without running any when the budget is already spent', async () => {
    const context = createContext({ timeoutMs: 100 });
    let calls = 0;

    const error = (await processPartialResponse(
      sqsBatch(['a', 'b']),
      () => calls++,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 500,
      },
    ).catch((e) => e)) as FullBatchFailureError;

    expect(calls).toBe(0);
    expect(error.recordErrors.map((e) => [e.constructor, (e as TimeBudgetExceededError).started])).toEqual([
      [TimeBudgetExceededError, false],
      [TimeBudgetExceededError, false],
    ]);
  });

  it('tells records still running from records never started', async () => {
    const context = createContext({ timeoutMs: 1000 });
    const { handler } = slowHandler(400);

    const error = (await processPartialResponse(
      sqsBatch(['a', 'b', 'c']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        context,
        concurrency: 1,
        timeoutMarginMs: 950,
      },
    ).catch((e) => e)) as FullBatchFailureError;

    expect(error.recordErrors.map((e) => (e as TimeBudgetExceededError).started)).toEqual([
      true,
      false,
      false,
    ]);
    expect(error.recordErrors[0].message).toBe(
      'The record was still running when less than timeoutMarginMs (950 ms) of the invocation remained',
    );
  });

  it('cuts a FIFO batch short at the budget and reports the current and every later record', async () => {
    const context = createContext({ timeoutMs: 1000 });
    const { finished, handler } = slowHandler(40);

    const response = await processPartialResponse(
      fifoBatch(['a', 'b', 'a', 'b', 'a']),
      handler,
      new SqsFifoPartialProcessor(),
      {
        context,
        timeoutMarginMs: 930,
      },
    );

    const reported = identifiers(response);
    expect(finished.length + reported.length).toBe(5);
    expect(reported).toEqual(['msg-0', 'msg-1', 'msg-2', 'msg-3', 'msg-4'].slice(finished.length));
  });

  it('leaves a batch that finishes within the budget untouched', async () => {
    const context = createContext({ timeoutMs: 3000 });
    const { finished, handler } = slowHandler(5);

    const response = await processPartialResponse(
      sqsBatch(['a', 'b']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 1000,
      },
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(finished).toEqual(['msg-0', 'msg-1']);
  });

  it('hands an aborted signal to a handler that first reads it after the budget ran out', async () => {
    const context = createContext({ timeoutMs: 1000 });
    const seen: boolean[] = [];
    const handler = async (_record: SQSRecord, _context: unknown, extras: RecordHandlerExtras) => {
      await sleep(80);
      seen.push(extras.signal.aborted);
    };

    await processPartialResponse(sqsBatch(['a']), handler, new BatchProcessor(EventType.SQS), {
      context,
      timeoutMarginMs: 980,
      throwOnFullBatchFailure: false,
    });
    await sleep(100);

    expect(seen).toEqual([true]);
  });

  it('keeps no timer for a context whose remaining time is beyond what setTimeout can wait', async () => {
    const context = { ...createContext(), getRemainingTimeInMillis: () => 5e12 };
    const { finished, handler } = slowHandler(5);

    const response = await processPartialResponse(
      sqsBatch(['a', 'b']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 1000,
      },
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(finished).toEqual(['msg-0', 'msg-1']);
  });
});
