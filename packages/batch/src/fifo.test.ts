import { describe, expect, it } from 'vitest';
import { fifoBatch, fifoSampleEvent, identifiers, sleep, sqsBatch } from '../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  type FullBatchFailureError,
  processPartialResponse,
  type SQSRecord,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoPartialProcessor,
  SqsFifoPartialProcessorAsync,
  SqsFifoShortCircuitError,
} from './index.js';

function failOn(...ids: string[]) {
  const ran: string[] = [];
  const handler = (record: SQSRecord) => {
    ran.push(record.messageId);
    if (ids.includes(record.messageId)) throw new Error(`failed ${record.messageId}`);
  };
  return { ran, handler };
}

describe('SqsFifoPartialProcessor', () => {
  it('processes the AWS sample FIFO event', async () => {
    const { ran, handler } = failOn();

    const response = await processPartialResponse(fifoSampleEvent(), handler, new SqsFifoPartialProcessor());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ran).toEqual(['11d6ee51-4cc7-4302-9e22-7cd8afdaadf5']);
  });

  it('stops at the first failure and reports that record and every later one', async () => {
    const { ran, handler } = failOn('msg-2');

    const response = await processPartialResponse(
      fifoBatch(['a', 'b', 'a', 'b', 'c']),
      handler,
      new SqsFifoPartialProcessor(),
    );

    expect(identifiers(response)).toEqual(['msg-2', 'msg-3', 'msg-4']);
    expect(ran).toEqual(['msg-0', 'msg-1', 'msg-2']);
  });

  it('runs async records one at a time, in order', async () => {
    const events: string[] = [];
    const handler = async (record: SQSRecord) => {
      events.push(`start ${record.messageId}`);
      await sleep(record.messageId === 'msg-0' ? 15 : 1);
      events.push(`end ${record.messageId}`);
    };

    await processPartialResponse(fifoBatch(['a', 'a', 'b']), handler, new SqsFifoPartialProcessor(), {
      concurrency: 10,
    });

    expect(events).toEqual([
      'start msg-0',
      'end msg-0',
      'start msg-1',
      'end msg-1',
      'start msg-2',
      'end msg-2',
    ]);
  });

  it('records SqsFifoShortCircuitError for the records it did not run', async () => {
    const { handler } = failOn('msg-0');

    const error = (await processPartialResponse(
      fifoBatch(['a', 'b', 'c']),
      handler,
      new SqsFifoPartialProcessor(),
    ).catch((e) => e)) as FullBatchFailureError;

    expect(error.recordErrors[0].message).toBe('failed msg-0');
    expect(error.recordErrors[1]).toBeInstanceOf(SqsFifoShortCircuitError);
    expect(error.recordErrors[2]).toBeInstanceOf(SqsFifoShortCircuitError);
  });

  it('keeps the FIFO rules for a queue whose ARN does not end in .fifo', async () => {
    const { ran, handler } = failOn('msg-1');
    const event = sqsBatch(['a', 'b', 'c', 'd']);

    const response = await processPartialResponse(event, handler, new SqsFifoPartialProcessor());

    expect(event.Records[0]?.eventSourceARN).not.toMatch(/\.fifo$/);
    expect(identifiers(response)).toEqual(['msg-1', 'msg-2', 'msg-3']);
    expect(ran).toEqual(['msg-0', 'msg-1']);
  });

  it('runs records one at a time even for a queue whose ARN does not end in .fifo', async () => {
    let running = 0;
    let most = 0;
    const handler = async () => {
      most = Math.max(most, ++running);
      await sleep(1);
      running--;
    };

    await processPartialResponse(sqsBatch(['a', 'b', 'c']), handler, new SqsFifoPartialProcessorAsync(), {
      concurrency: 3,
    });

    expect(most).toBe(1);
  });

  it('with skipGroupOnError, reports only the later records of the failed group and runs the other groups', async () => {
    const { ran, handler } = failOn('msg-1');

    const response = await processPartialResponse(
      fifoBatch(['a', 'b', 'a', 'b', 'c', 'b']),
      handler,
      new SqsFifoPartialProcessor(),
      { skipGroupOnError: true },
    );

    expect(identifiers(response)).toEqual(['msg-1', 'msg-3', 'msg-5']);
    expect(ran).toEqual(['msg-0', 'msg-1', 'msg-2', 'msg-4']);
  });

  it('with skipGroupOnError, never skips a record for the failure of another without MessageGroupId', async () => {
    const { ran, handler } = failOn('msg-0');
    const event = fifoBatch(['a', 'b', 'c']);
    for (const record of event.Records)
      delete (record.attributes as { MessageGroupId?: string }).MessageGroupId;

    const response = await processPartialResponse(event, handler, new SqsFifoPartialProcessor(), {
      skipGroupOnError: true,
    });

    expect(identifiers(response)).toEqual(['msg-0']);
    expect(ran).toEqual(['msg-0', 'msg-1', 'msg-2']);
  });

  it('with skipGroupOnError, runs hand-made records without attributes', async () => {
    const { ran, handler } = failOn('msg-0');
    const event = { Records: [0, 1, 2].map((i) => ({ messageId: `msg-${i}`, body: '{}' })) };

    const response = await processPartialResponse(event, handler as never, new SqsFifoPartialProcessor(), {
      skipGroupOnError: true,
    });

    expect(identifiers(response)).toEqual(['msg-0']);
    expect(ran).toEqual(['msg-0', 'msg-1', 'msg-2']);
  });

  it('with skipGroupOnError, records SqsFifoMessageGroupShortCircuitError for the skipped records', async () => {
    const { handler } = failOn('msg-0');

    const error = (await processPartialResponse(
      fifoBatch(['a', 'a']),
      handler,
      new SqsFifoPartialProcessor(),
      {
        skipGroupOnError: true,
      },
    ).catch((e) => e)) as FullBatchFailureError;

    expect(error.recordErrors[1]).toBeInstanceOf(SqsFifoMessageGroupShortCircuitError);
  });
});

describe('BatchProcessor(EventType.SQS) with a batch from a FIFO queue', () => {
  it('applies the FIFO rules because the source ARN ends in .fifo', async () => {
    const { ran, handler } = failOn('msg-1');

    const response = await processPartialResponse(
      fifoBatch(['a', 'a', 'a']),
      handler,
      new BatchProcessor(EventType.SQS),
    );

    expect(identifiers(response)).toEqual(['msg-1', 'msg-2']);
    expect(ran).toEqual(['msg-0', 'msg-1']);
  });

  it('keeps running every record of a standard queue after a failure', async () => {
    const { ran, handler } = failOn('msg-1');

    const response = await processPartialResponse(
      sqsBatch(['x', 'y', 'z']),
      handler,
      new BatchProcessor(EventType.SQS),
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(ran).toEqual(['msg-0', 'msg-1', 'msg-2']);
  });
});
