import { createContext } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fifoBatch, identifiers, sqsBatch } from '../test/test-events.js';
import {
  BatchProcessingError,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
  processPartialResponseSync,
  type SQSRecord,
  SqsFifoPartialProcessor,
  SqsFifoPartialProcessorAsync,
} from './index.js';

describe('processPartialResponseSync', () => {
  it('returns the failures without a promise', () => {
    const response = processPartialResponseSync(
      sqsBatch(['ok', 'bad', 'ok']),
      (record: SQSRecord) => {
        if (record.body === 'bad') throw new Error('bad');
      },
      new BatchProcessor(EventType.SQS),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('fails a record whose handler returns a promise, saying to use processPartialResponse', () => {
    const error = (() => {
      try {
        processPartialResponseSync(sqsBatch(['a']), async () => undefined, new BatchProcessor(EventType.SQS));
      } catch (e) {
        return e as FullBatchFailureError;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(error?.recordErrors[0]).toBeInstanceOf(BatchProcessingError);
    expect(error?.recordErrors[0].message).toContain('use processPartialResponse for async work');
  });

  it('leaves no unhandled rejection behind when a handler returns a promise that rejects', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);

    try {
      const response = processPartialResponseSync(
        sqsBatch(['a', 'b']),
        (record: SQSRecord) => (record.messageId === 'msg-1' ? Promise.reject(new Error('late')) : undefined),
        new BatchProcessor(EventType.SQS),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));

      expect(identifiers(response)).toEqual(['msg-1']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('throws FullBatchFailureError synchronously when every record fails', () => {
    expect(() =>
      processPartialResponseSync(
        sqsBatch(['a', 'b']),
        () => {
          throw new Error('no');
        },
        new BatchProcessor(EventType.SQS),
      ),
    ).toThrow(FullBatchFailureError);
  });

  it('applies the FIFO rules', () => {
    const response = processPartialResponseSync(
      fifoBatch(['a', 'a', 'a']),
      (record: SQSRecord) => {
        if (record.messageId === 'msg-1') throw new Error('stop');
      },
      new SqsFifoPartialProcessor(),
    );

    expect(identifiers(response)).toEqual(['msg-1', 'msg-2']);
  });

  it('starts no record once the time budget is spent', () => {
    let calls = 0;

    const response = processPartialResponseSync(
      sqsBatch(['a', 'b']),
      () => calls++,
      new BatchProcessor(EventType.SQS),
      {
        context: createContext({ timeoutMs: 100 }),
        timeoutMarginMs: 200,
        throwOnFullBatchFailure: false,
      },
    );

    expect(calls).toBe(0);
    expect(identifiers(response)).toEqual(['msg-0', 'msg-1']);
  });
});

describe('processPartialResponseSync with a schema', () => {
  const order = z.object({ orderId: z.string() });

  it('parses each body once the schema support has loaded, as it has by the first invocation after INIT', async () => {
    const processor = new BatchProcessor(EventType.SQS, { schema: order });
    await processPartialResponse({ Records: [] }, () => undefined, processor); // waits for the load, as INIT would
    const seen: string[] = [];

    const response = processPartialResponseSync(
      sqsBatch(['{"orderId":"a"}', '{}']),
      (record) => {
        seen.push(record.body.orderId);
      },
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(seen).toEqual(['a']);
  });

  it('refuses the batch whole, running nothing, while the schema support is still loading', () => {
    const processor = new BatchProcessor(EventType.SQS, { schema: order });
    let calls = 0;

    expect(() => processPartialResponseSync(sqsBatch(['{"orderId":"a"}']), () => calls++, processor)).toThrow(
      'processPartialResponseSync: the schema support (@lambkit/parser) is still loading',
    );
    expect(calls).toBe(0);
  });
});

describe('the Powertools class names', () => {
  it('extend BatchProcessor, as in Powertools', () => {
    expect(new BatchProcessorSync(EventType.SQS)).toBeInstanceOf(BatchProcessor);
    expect(new SqsFifoPartialProcessorAsync()).toBeInstanceOf(BatchProcessor);
    expect(new SqsFifoPartialProcessor()).toBeInstanceOf(BatchProcessorSync);
  });
});
