import { createContext } from '@lambkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fifoBatch, identifiers, sleep, sqsBatch } from '../test/test-events.js';
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
    const seen: [boolean, unknown, unknown][] = [];
    const handler = async (_record: SQSRecord, _context: unknown, extras: RecordHandlerExtras) => {
      await sleep(80);
      const { aborted, reason } = extras.signal;
      seen.push([
        aborted,
        reason instanceof TimeBudgetExceededError,
        (reason as TimeBudgetExceededError).started,
      ]);
    };

    await processPartialResponse(sqsBatch(['a']), handler, new BatchProcessor(EventType.SQS), {
      context,
      timeoutMarginMs: 980,
      throwOnFullBatchFailure: false,
    });
    await sleep(100);

    expect(seen).toEqual([[true, true, true]]);
  });

  it('aborts the signal of a record in progress with a TimeBudgetExceededError that says it had started', async () => {
    const reasons: unknown[] = [];
    const handler = (_record: SQSRecord, _context: unknown, { signal }: RecordHandlerExtras) =>
      new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          reasons.push(signal.reason);
          resolve();
        });
      });

    await processPartialResponse(sqsBatch(['a']), handler, new BatchProcessor(EventType.SQS), {
      context: createContext({ timeoutMs: 1_000 }),
      timeoutMarginMs: 950,
      throwOnFullBatchFailure: false,
    });

    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(TimeBudgetExceededError);
    expect((reasons[0] as TimeBudgetExceededError).started).toBe(true);
    expect((reasons[0] as TimeBudgetExceededError).timeoutMarginMs).toBe(950);
  });

  it('is not kept without timeoutMarginMs, so a context without a usable remaining time is fine', async () => {
    const context = { ...createContext(), getRemainingTimeInMillis: () => undefined as never };

    const response = await processPartialResponse(
      sqsBatch(['a']),
      async () => undefined,
      new BatchProcessor(EventType.SQS),
      {
        context,
      },
    );

    expect(response).toEqual({ batchItemFailures: [] });
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

describe('the time-budget timer', () => {
  // Fake timers and a fake clock make the timer observable: how many are pending, and when it fires.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const tenSecondsLeft = () => ({ ...createContext(), getRemainingTimeInMillis: () => 10_000 });

  it('is cleared when the batch finishes first, so nothing is left to fire after the invocation', async () => {
    const running = processPartialResponse(
      sqsBatch(['a', 'b']),
      async () => undefined,
      new BatchProcessor(EventType.SQS),
      {
        context: tenSecondsLeft(),
        timeoutMarginMs: 1_000,
      },
    );
    const pendingDuringRun = vi.getTimerCount();

    const response = await running;

    expect(response).toEqual({ batchItemFailures: [] });
    expect(pendingDuringRun).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires when the remaining time less the margin has passed, not a millisecond earlier', async () => {
    const reported: number[] = [];
    const running = processPartialResponse(
      sqsBatch(['a']),
      () => new Promise(() => undefined),
      new BatchProcessor(EventType.SQS),
      {
        context: tenSecondsLeft(),
        timeoutMarginMs: 1_000,
        throwOnFullBatchFailure: false,
        onRecordFailure: (_record, _error, index) => reported.push(index),
      },
    );

    vi.advanceTimersByTime(8_999);
    const beforeDeadline = [...reported];
    vi.advanceTimersByTime(1);

    expect(beforeDeadline).toEqual([]);
    expect(reported).toEqual([0]);
    expect(await running).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] });
  });

  it('starts no record when exactly timeoutMarginMs remain', async () => {
    let calls = 0;

    const response = await processPartialResponse(
      sqsBatch(['a']),
      () => calls++,
      new BatchProcessor(EventType.SQS),
      {
        context: { ...createContext(), getRemainingTimeInMillis: () => 1_000 },
        timeoutMarginMs: 1_000,
        throwOnFullBatchFailure: false,
      },
    );

    expect(calls).toBe(0);
    expect(identifiers(response)).toEqual(['msg-0']);
  });

  it('starts a record when a millisecond more than timeoutMarginMs remains', async () => {
    let calls = 0;

    const response = await processPartialResponse(
      sqsBatch(['a']),
      () => calls++,
      new BatchProcessor(EventType.SQS),
      {
        context: { ...createContext(), getRemainingTimeInMillis: () => 1_001 },
        timeoutMarginMs: 1_000,
      },
    );

    expect(calls).toBe(1);
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('is not set for a remaining time beyond what setTimeout can wait', async () => {
    const context = { ...createContext(), getRemainingTimeInMillis: () => 5e12 };

    const running = processPartialResponse(
      sqsBatch(['a']),
      async () => undefined,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 1_000,
      },
    );
    const pending = vi.getTimerCount();

    expect(pending).toBe(0);
    expect(await running).toEqual({ batchItemFailures: [] });
  });

  it('is set for the longest delay setTimeout can wait', async () => {
    const context = { ...createContext(), getRemainingTimeInMillis: () => 2_147_483_647 + 1_000 };

    const running = processPartialResponse(
      sqsBatch(['a']),
      async () => undefined,
      new BatchProcessor(EventType.SQS),
      {
        context,
        timeoutMarginMs: 1_000,
      },
    );
    const pending = vi.getTimerCount();

    expect(pending).toBe(1);
    expect(await running).toEqual({ batchItemFailures: [] });
  });

  it('is not set when no time budget is asked for', async () => {
    const running = processPartialResponse(
      sqsBatch(['a']),
      async () => undefined,
      new BatchProcessor(EventType.SQS),
      {
        context: tenSecondsLeft(),
      },
    );
    const pending = vi.getTimerCount();

    expect(pending).toBe(0);
    expect(await running).toEqual({ batchItemFailures: [] });
  });
});
