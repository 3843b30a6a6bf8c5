import { createContext } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import {
  dynamodbSampleEvent,
  identifiers,
  kinesisSampleEvent,
  sleep,
  sqsBatch,
  sqsSample,
} from '../test/test-events.js';
import {
  BatchProcessingError,
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
  type RecordHandlerExtras,
  type SQSRecord,
} from './index.js';

describe('processPartialResponse with SQS', () => {
  it('returns no failures when every record succeeds', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const seen: string[] = [];

    const response = await processPartialResponse(
      sqsSample(),
      (record) => seen.push(record.messageId),
      processor,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual(['059f36b4-87a3-44ab-83d2-661975830a7d', '2e1424d4-f796-459a-8184-9c92662be6da']);
  });

  it('reports the messageId of a record whose handler throws', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handler = (record: SQSRecord) => {
      if (record.messageId.startsWith('2e14')) throw new Error('cannot process');
    };

    const response = await processPartialResponse(sqsSample(), handler, processor);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }],
    });
  });

  it('reports a record whose async handler rejects', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handler = async (record: SQSRecord) => {
      await sleep(1);
      if (record.body === 'bad') throw new Error('rejected');
    };

    const response = await processPartialResponse(sqsBatch(['ok', 'bad', 'ok']), handler, processor);

    expect(identifiers(response)).toEqual(['msg-1']);
  });

  it('reports failures in record order whatever order they finish in', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handler = async (record: SQSRecord) => {
      await sleep(Number(record.body));
      throw new Error('fail');
    };

    const response = await processPartialResponse(sqsBatch(['30', '1', '15', '5']), handler, processor, {
      throwOnFullBatchFailure: false,
    });

    expect(identifiers(response)).toEqual(['msg-0', 'msg-1', 'msg-2', 'msg-3']);
  });

  it('marks a record failed when its handler throws something that is not an Error', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const thrown = [undefined, 'a string', 42, { code: 'E' }];
    const handler = (record: SQSRecord) => {
      const i = Number(record.messageId.slice(4));
      if (i < thrown.length) throw thrown[i];
    };

    const response = await processPartialResponse(sqsBatch(['a', 'b', 'c', 'd', 'e']), handler, processor);

    expect(identifiers(response)).toEqual(['msg-0', 'msg-1', 'msg-2', 'msg-3']);
  });

  it('marks a record failed when its handler returns a thenable whose then throws', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handler = (record: SQSRecord) =>
      record.body === 'bad'
        ? {
            // biome-ignore lint/suspicious/noThenProperty: a broken thenable is the input under test
            then() {
              throw new Error('broken thenable');
            },
          }
        : undefined;

    const response = await processPartialResponse(sqsBatch(['ok', 'bad']), handler, processor);

    expect(identifiers(response)).toEqual(['msg-1']);
  });

  it('keeps a non-Error thrown value as the cause of the record error, without quoting it', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const error = await processPartialResponse(
      sqsBatch(['a']),
      () => {
        throw 'secret-token-123';
      },
      processor,
    ).catch((e: unknown) => e);
    if (!(error instanceof FullBatchFailureError)) throw new Error('expected a FullBatchFailureError');

    const recordError = error.recordErrors[0];
    expect(recordError).toBeInstanceOf(BatchProcessingError);
    expect(recordError.cause).toBe('secret-token-123');
    expect(recordError.message).toBe('The record handler threw a string of 16 characters, not an Error');
  });

  it('hands every record handler the Lambda context itself as its second argument, as Powertools does', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const context = createContext();
    const received: unknown[] = [];

    await processPartialResponse(
      sqsSample(),
      (_record, lambdaContext) => received.push(lambdaContext),
      processor,
      {
        context,
      },
    );

    expect(received).toEqual([context, context]);
    expect(received[0]).toBe(context);
  });

  it('lets a Powertools-style handler call getRemainingTimeInMillis on its second argument', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const context = createContext({ timeoutMs: 3_000 });
    const handler = (_record: SQSRecord, lambdaContext: { getRemainingTimeInMillis(): number }) => {
      if (!(lambdaContext.getRemainingTimeInMillis() > 0)) throw new Error('no time left');
    };

    const response = await processPartialResponse(sqsSample(), handler, processor, { context });

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('hands every record handler its index and an AbortSignal as the third argument', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const received: RecordHandlerExtras[] = [];

    await processPartialResponse(
      sqsSample(),
      (_record, _context, extras) => received.push(extras),
      processor,
      {
        context: createContext(),
      },
    );

    expect(received.map((extras) => extras.index)).toEqual([0, 1]);
    for (const extras of received) {
      expect(extras.signal).toBeInstanceOf(AbortSignal);
      expect(extras.signal.aborted).toBe(false);
    }
  });

  it('hands the record handler undefined as context when none was given, as Powertools does', async () => {
    const received: unknown[] = [];

    await processPartialResponse(
      sqsSample(),
      (_record, lambdaContext) => received.push(lambdaContext),
      new BatchProcessor(EventType.SQS),
    );

    expect(received).toEqual([undefined, undefined]);
  });

  it('returns no failures for an empty batch without calling the handler', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    let calls = 0;

    const response = await processPartialResponse({ Records: [] }, () => calls++, processor);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toBe(0);
  });
});

describe('the full-batch rule', () => {
  it('throws FullBatchFailureError carrying each record error in record order when every record fails', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handler = async (record: SQSRecord) => {
      await sleep(record.messageId === 'msg-0' ? 10 : 0);
      throw new Error(`failed ${record.messageId}`);
    };

    const error = await processPartialResponse(sqsBatch(['a', 'b', 'c']), handler, processor).catch((e) => e);

    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(error.message).toBe('All records failed processing. See individual errors below.');
    expect(error.recordErrors.map((e: Error) => e.message)).toEqual([
      'failed msg-0',
      'failed msg-1',
      'failed msg-2',
    ]);
  });

  it('returns every record as a failure instead when throwOnFullBatchFailure is false', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    const response = await processPartialResponse(
      sqsSample(),
      () => {
        throw new Error('down');
      },
      processor,
      { throwOnFullBatchFailure: false },
    );

    expect(identifiers(response)).toEqual([
      '059f36b4-87a3-44ab-83d2-661975830a7d',
      '2e1424d4-f796-459a-8184-9c92662be6da',
    ]);
  });
});

describe('processPartialResponse with streams', () => {
  it('reports the Kinesis sequenceNumber of a failed record', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams);
    const handler = (record: { kinesis: { data: string } }) => {
      const text = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
      if (text === 'This is only a test.') throw new Error('rejected');
    };

    const response = await processPartialResponse(kinesisSampleEvent(), handler, processor);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: '49590338271490256608559692540925702759324208523137515618' }],
    });
  });

  it('reports the DynamoDB SequenceNumber of a failed record', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const handler = (record: { eventName?: string }) => {
      if (record.eventName === 'REMOVE') throw new Error('cannot delete');
    };

    const response = await processPartialResponse(dynamodbSampleEvent(), handler, processor);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '333' }] });
  });
});
