import { runInNewContext } from 'node:vm';
import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { sqsBatch } from '../test/test-events.js';
import {
  BatchProcessingError,
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  ParsingError,
  processPartialResponse,
  type SQSRecord,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  TimeBudgetExceededError,
  UnexpectedBatchTypeError,
} from './index.js';

// Users match on these names, messages and fields (`error.name === 'FullBatchFailureError'`, a log
// query on the message), as they do with Powertools' errors: they are part of the API.

describe('the error classes', () => {
  it('BatchProcessingError keeps its message and cause', () => {
    const cause = new Error('socket closed');

    const error = new BatchProcessingError('the batch failed', { cause });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BatchProcessingError');
    expect(error.message).toBe('the batch failed');
    expect(error.cause).toBe(cause);
  });

  it('FullBatchFailureError carries the record errors, with the message Powertools uses', () => {
    const recordErrors = [new Error('a'), new Error('b')];

    const error = new FullBatchFailureError(recordErrors);

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.name).toBe('FullBatchFailureError');
    expect(error.message).toBe('All records failed processing. See individual errors below.');
    expect(error.recordErrors).toBe(recordErrors);
  });

  it('UnexpectedBatchTypeError without arguments has the message Powertools uses', () => {
    const error = new UnexpectedBatchTypeError();

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.name).toBe('UnexpectedBatchTypeError');
    expect(error.message).toBe(
      'Unexpected batch type. Possible values are: SQS, KinesisDataStreams, DynamoDBStreams',
    );
    expect(error.expected).toBe('SQS, KinesisDataStreams or DynamoDBStreams records');
    expect(error.found).toBe('something else');
    expect(error.recordIndex).toBeUndefined();
  });

  it('UnexpectedBatchTypeError with only what was expected says something else was found, nowhere in particular', () => {
    const error = new UnexpectedBatchTypeError('SQS records');

    expect(error.message).toBe('Unexpected batch type: expected SQS records, found something else');
    expect(error.expected).toBe('SQS records');
    expect(error.found).toBe('something else');
  });

  it('UnexpectedBatchTypeError names the record at index 0', () => {
    const error = new UnexpectedBatchTypeError('SQS records', 'a string', 0);

    expect(error.message).toBe('Unexpected batch type: expected SQS records, found a string at Records[0]');
    expect(error.recordIndex).toBe(0);
  });

  it('ParsingError keeps its message and cause', () => {
    const cause = [{ message: 'Required', path: ['id'] }];

    const error = new ParsingError('id: Required', { cause });

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.name).toBe('ParsingError');
    expect(error.message).toBe('id: Required');
    expect(error.cause).toBe(cause);
  });

  it('SqsFifoShortCircuitError says why the record was not processed', () => {
    const error = new SqsFifoShortCircuitError();

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.name).toBe('SqsFifoShortCircuitError');
    expect(error.message).toBe(
      'A previous record failed processing. The remaining records were not processed to avoid out-of-order delivery.',
    );
  });

  it('SqsFifoMessageGroupShortCircuitError says why the record was not processed', () => {
    const error = new SqsFifoMessageGroupShortCircuitError();

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.name).toBe('SqsFifoMessageGroupShortCircuitError');
    expect(error.message).toBe('A previous record from this message group failed processing');
  });

  it('TimeBudgetExceededError tells a record still running from one never started', () => {
    const running = new TimeBudgetExceededError(2_000, true);
    const pending = new TimeBudgetExceededError(500, false);

    expect(running).toBeInstanceOf(BatchProcessingError);
    expect(running.name).toBe('TimeBudgetExceededError');
    expect(running.message).toBe(
      'The record was still running when less than timeoutMarginMs (2000 ms) of the invocation remained',
    );
    expect([running.started, running.timeoutMarginMs]).toEqual([true, 2_000]);
    expect(pending.message).toBe(
      'The record was not started when less than timeoutMarginMs (500 ms) of the invocation remained',
    );
    expect([pending.started, pending.timeoutMarginMs]).toEqual([false, 500]);
  });
});

/** Runs one record whose handler throws `value`; the error the processor recorded for it. */
async function recordErrorFor(value: unknown): Promise<Error> {
  const error = (await processPartialResponse(
    sqsBatch(['x']),
    () => {
      throw value;
    },
    new BatchProcessor(EventType.SQS),
  ).catch((e) => e)) as FullBatchFailureError;
  return error.recordErrors[0] as Error;
}

describe('the error recorded for a handler that throws something other than an Error', () => {
  it.each([
    ['a plain object', () => ({ token: 's3cr3t' }), 'an object (Object)'],
    ['an array', () => ['s3cr3t'], 'an object (Array)'],
    ['a number', () => 42, 'a number'],
    ['a boolean', () => false, 'a boolean'],
    ['a bigint', () => 7n, 'a bigint'],
    ['a function', () => () => 's3cr3t', 'a function'],
    ['an empty string', () => '', 'a string of 0 characters'],
  ])('names %s by its type only and keeps it as the cause', async (_name, make, described) => {
    const value = make();

    const error = await recordErrorFor(value);

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.message).toBe(`The record handler threw ${described}, not an Error`);
    expect(error.cause).toBe(value);
  });

  it('hands on an Error from another realm as it is', async () => {
    const foreign = runInNewContext('new Error("from a vm")') as Error;

    const error = await recordErrorFor(foreign);

    expect(error).toBe(foreign);
  });

  it('hands on a subclass of Error as it is', async () => {
    const thrown = new TypeError('bad type');

    const error = await recordErrorFor(thrown);

    expect(error).toBe(thrown);
  });
});

describe('the stderr line of an onRecordFailure hook that throws', () => {
  function failAll(record: SQSRecord): void {
    throw new Error(`failed ${record.messageId}`);
  }

  it('names an Error whose message cannot be read without reading it', async () => {
    const unreadable = new Error('hidden');
    Object.defineProperty(unreadable, 'message', {
      get() {
        throw new Error('getter');
      },
    });

    const { stderr } = await captureOutput(() =>
      processPartialResponse(sqsBatch(['a']), failAll, new BatchProcessor(EventType.SQS), {
        throwOnFullBatchFailure: false,
        onRecordFailure: () => {
          throw unreadable;
        },
      }),
    );

    expect(stderr).toEqual([
      {
        level: 'ERROR',
        message: 'onRecordFailure threw; the batch result stands',
        timestamp: expect.any(String),
        service: expect.any(String),
        package: '@lambkit/batch',
        code: 'BATCH_ON_RECORD_FAILURE_THREW',
        index: 0,
        error: 'an Error whose message cannot be read',
      },
    ]);
  });

  it('gives the message of an Error from another realm', async () => {
    const { stderr } = await captureOutput(() =>
      processPartialResponse(sqsBatch(['a']), failAll, new BatchProcessor(EventType.SQS), {
        throwOnFullBatchFailure: false,
        onRecordFailure: () => {
          throw runInNewContext('new RangeError("hook from a vm")');
        },
      }),
    );

    expect(stderr).toEqual([expect.objectContaining({ index: 0, error: 'hook from a vm' })]);
  });

  it('names a thrown number by its type', async () => {
    const { stderr } = await captureOutput(() =>
      processPartialResponse(sqsBatch(['a']), failAll, new BatchProcessor(EventType.SQS), {
        throwOnFullBatchFailure: false,
        onRecordFailure: () => {
          throw 404;
        },
      }),
    );

    expect(stderr).toEqual([expect.objectContaining({ error: 'a number' })]);
  });

  it('is written once for each failed record whose hook call threw, with its index', async () => {
    const { stderr } = await captureOutput(() =>
      processPartialResponse(sqsBatch(['a', 'b', 'c']), failAll, new BatchProcessor(EventType.SQS), {
        throwOnFullBatchFailure: false,
        onRecordFailure: (_record, _error, index) => {
          if (index !== 1) throw new Error(`hook ${index}`);
        },
      }),
    );

    expect(stderr).toEqual([
      expect.objectContaining({ index: 0, error: 'hook 0' }),
      expect.objectContaining({ index: 2, error: 'hook 2' }),
    ]);
  });
});
