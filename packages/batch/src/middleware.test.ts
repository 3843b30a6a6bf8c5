import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { fifoBatch, kinesisSampleEvent, sleep, sqsBatch, sqsSample } from '../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  reportBatchItemFailures,
  type SQSRecord,
  SqsFifoPartialProcessor,
  UnexpectedBatchTypeError,
} from './index.js';

/** Invokes a middy handler the way Lambda does, with a context whose remaining time counts down. */
function invoke(
  handler: (event: any, context: any) => Promise<unknown>,
  event: unknown,
  context = createContext(),
): Promise<any> {
  return handler(event, context);
}

describe('reportBatchItemFailures middleware', () => {
  it('responds with the records that failed', async () => {
    const recordHandler = async (record: SQSRecord) => {
      if (record.body === 'bad') throw new Error('bad record');
    };
    const handler = middy().use(reportBatchItemFailures(new BatchProcessor(EventType.SQS), recordHandler));

    const response = await invoke(handler, sqsBatch(['ok', 'bad', 'ok']), createContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('hands the record handler the request context', async () => {
    const context = createContext();
    const seen: unknown[] = [];
    const handler = middy().use(
      reportBatchItemFailures(new BatchProcessor(EventType.SQS), (_record, lambdaContext) => {
        seen.push(lambdaContext);
      }),
    );

    await invoke(handler, sqsSample(), context);

    expect(seen).toEqual([context, context]);
  });

  it('runs after the before hooks and before the after hooks of middlewares used earlier', async () => {
    const order: string[] = [];
    const handler = middy()
      .use({
        before: () => {
          order.push('outer before');
        },
        after: () => {
          order.push('outer after');
        },
      })
      .use(
        reportBatchItemFailures(new BatchProcessor(EventType.SQS), (record) => {
          order.push(`record ${record.messageId}`);
        }),
      );

    await invoke(handler, sqsBatch(['a', 'b']), createContext());

    expect(order).toEqual(['outer before', 'record msg-0', 'record msg-1', 'outer after']);
  });

  it('applies the concurrency cap', async () => {
    let active = 0;
    let peak = 0;
    const recordHandler = async () => {
      peak = Math.max(peak, ++active);
      await sleep(2);
      active--;
    };
    const handler = middy().use(
      reportBatchItemFailures(new BatchProcessor(EventType.SQS), recordHandler, { concurrency: 2 }),
    );

    await invoke(handler, sqsBatch(['a', 'b', 'c', 'd', 'e']), createContext());

    expect(peak).toBe(2);
  });

  it('applies the time budget with the request context', async () => {
    const handler = middy().use(
      reportBatchItemFailures(
        new BatchProcessor(EventType.SQS),
        async (record: SQSRecord) => {
          await sleep(record.body === 'slow' ? 1_000 : 1);
        },
        { timeoutMarginMs: 900 },
      ),
    );

    const response = await invoke(handler, sqsBatch(['fast', 'slow']), createContext({ timeoutMs: 1000 }));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('applies the FIFO rules with skipGroupOnError', async () => {
    const handler = middy().use(
      reportBatchItemFailures(
        new SqsFifoPartialProcessor(),
        (record: SQSRecord) => {
          if (record.messageId === 'msg-0') throw new Error('first fails');
        },
        { skipGroupOnError: true },
      ),
    );

    const response = await invoke(handler, fifoBatch(['a', 'b', 'a']), createContext());

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-0' }, { itemIdentifier: 'msg-2' }],
    });
  });

  it('lets the error of a full batch failure reach the onError hooks and the caller', async () => {
    const seen: unknown[] = [];
    const handler = middy()
      .use({
        onError: (request) => {
          seen.push(request.error);
        },
      })
      .use(
        reportBatchItemFailures(new BatchProcessor(EventType.SQS), () => {
          throw new Error('down');
        }),
      );

    const error = await invoke(handler, sqsSample(), createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(seen).toEqual([error]);
  });

  it('throws UnexpectedBatchTypeError for an event of another type', async () => {
    const handler = middy().use(reportBatchItemFailures(new BatchProcessor(EventType.SQS), () => undefined));

    const error = await invoke(handler, kinesisSampleEvent(), createContext()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
  });

  it('checks its options when it is created, at INIT', () => {
    const processor = new BatchProcessor(EventType.SQS);

    expect(() => reportBatchItemFailures(processor, () => undefined, { concurrency: -1 })).toThrow(
      'reportBatchItemFailures: options.concurrency must be a whole number >= 1 or Infinity, got -1',
    );
    expect(() => reportBatchItemFailures(processor, 'nope' as never)).toThrow(
      'reportBatchItemFailures: recordHandler must be a function, got string',
    );
    expect(() => reportBatchItemFailures({} as never, () => undefined)).toThrow(
      'reportBatchItemFailures: processor must be a BatchProcessor, SqsFifoPartialProcessor or a subclass of BasePartialBatchProcessor',
    );
  });

  it('refuses a context option, which comes from the request', () => {
    expect(() =>
      reportBatchItemFailures(new BatchProcessor(EventType.SQS), () => undefined, {
        context: createContext(),
      } as never),
    ).toThrow('reportBatchItemFailures: options.context is not accepted; the context comes from the request');
  });
});
