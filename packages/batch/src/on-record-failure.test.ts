import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { sqsBatch } from '../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
  reportBatchItemFailures,
  type SQSRecord,
} from './index.js';

function failOdd(record: SQSRecord): void {
  if (Number(record.body) % 2 === 1) throw new Error(`odd body ${record.body}`);
}

describe('onRecordFailure', () => {
  it('receives each failed record with its error and index, and only those', async () => {
    const seen: [string, string, number][] = [];

    const response = await processPartialResponse(
      sqsBatch(['0', '1', '2', '3']),
      failOdd,
      new BatchProcessor(EventType.SQS),
      {
        onRecordFailure: (record, error, index) => seen.push([record.messageId, error.message, index]),
      },
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-3' }]);
    expect(seen).toEqual([
      ['msg-1', 'odd body 1', 1],
      ['msg-3', 'odd body 3', 3],
    ]);
  });

  it('is called before FullBatchFailureError is thrown', async () => {
    const seen: number[] = [];

    const run = processPartialResponse(sqsBatch(['1', '3']), failOdd, new BatchProcessor(EventType.SQS), {
      onRecordFailure: (_record, _error, index) => seen.push(index),
    });

    await expect(run).rejects.toBeInstanceOf(FullBatchFailureError);
    expect(seen).toEqual([0, 1]);
  });

  it('reports records the time budget cut off', async () => {
    const reasons: string[] = [];

    const response = await processPartialResponse(
      sqsBatch(['0', '2']),
      () => new Promise((resolve) => setTimeout(resolve, 300)),
      new BatchProcessor(EventType.SQS),
      {
        context: createContext({ timeoutMs: 1_100 }),
        timeoutMarginMs: 1_000,
        throwOnFullBatchFailure: false,
        onRecordFailure: (_record, error) => reasons.push(error.name),
      },
    );

    expect(response.batchItemFailures).toHaveLength(2);
    expect(reasons).toEqual(['TimeBudgetExceededError', 'TimeBudgetExceededError']);
  });

  it('keeps the batch result when the hook throws, and says so on stderr', async () => {
    const { result, stderr } = await captureOutput(() =>
      processPartialResponse(sqsBatch(['0', '1']), failOdd, new BatchProcessor(EventType.SQS), {
        onRecordFailure: () => {
          throw new Error('hook broke');
        },
      }),
    );

    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }]);
    expect(stderr).toEqual([
      {
        level: 'ERROR',
        message: 'onRecordFailure threw; the batch result stands',
        timestamp: expect.any(String),
        service: expect.any(String),
        package: '@lambkit/batch',
        code: 'BATCH_ON_RECORD_FAILURE_THREW',
        index: 1,
        error: 'hook broke',
      },
    ]);
  });

  it('is optional: without it, failed records write nothing to stdout or stderr', async () => {
    const { result, stdout, stderr } = await captureOutput(() =>
      processPartialResponse(sqsBatch(['0', '1', '3']), failOdd, new BatchProcessor(EventType.SQS)),
    );

    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-2' }]);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([]);
  });

  it('is not called when every record succeeds', async () => {
    let calls = 0;

    await processPartialResponse(sqsBatch(['0', '2']), failOdd, new BatchProcessor(EventType.SQS), {
      onRecordFailure: () => calls++,
    });

    expect(calls).toBe(0);
  });

  it('works through the middleware', async () => {
    const failed: string[] = [];
    const handler = middy().use(
      reportBatchItemFailures(new BatchProcessor(EventType.SQS), failOdd, {
        onRecordFailure: (record) => failed.push(record.messageId),
      }),
    );

    await handler(sqsBatch(['0', '1']), createContext());

    expect(failed).toEqual(['msg-1']);
  });

  it('must be a function', async () => {
    await expect(
      processPartialResponse(sqsBatch(['0']), failOdd, new BatchProcessor(EventType.SQS), {
        onRecordFailure: 'log' as never,
      }),
    ).rejects.toThrow('processPartialResponse: options.onRecordFailure must be a function, got "log"');
  });
});
