import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dynamodbBatch,
  identifiers,
  kinesisBatch,
  kinesisSampleEvent,
  sleep,
  sqsBatch,
  sqsSample,
} from '../test/test-events.js';
import {
  BasePartialBatchProcessor,
  type BaseRecord,
  BatchProcessingError,
  BatchProcessor,
  type BatchProcessorConfig,
  type DynamoDBRecord,
  EventType,
  type FailureResponse,
  FullBatchFailureError,
  type KinesisStreamRecord,
  processPartialResponse,
  processPartialResponseSync,
  type RecordHandlerExtras,
  reportBatchItemFailures,
  type SQSRecord,
  type SuccessResponse,
  UnexpectedBatchTypeError,
} from './index.js';

// A subclass that overrides one of Powertools' processing methods runs as Powertools' base class runs
// it: register, process (or processSync), then response, through BatchProcessor's processRecord.

/** Overrides toBatchType, as Powertools' docs show, to hand the handler the body alone. */
class BodyProcessor<C extends BatchProcessorConfig | undefined = undefined> extends BatchProcessor<'SQS', C> {
  override toBatchType(record: SQSRecord): SQSRecord {
    return { ...record, body: `body:${record.body}` };
  }
}

function failOnBad(record: SQSRecord): string {
  if (record.body.endsWith('bad')) throw new Error(`bad ${record.messageId}`);
  return record.body;
}

describe('a subclass of BatchProcessor that overrides a processing method', () => {
  it('runs through processRecord, which hands the handler what toBatchType returns', async () => {
    const processor = new BodyProcessor(EventType.SQS);
    const seen: string[] = [];

    const response = await processPartialResponse(
      sqsBatch(['ok', 'bad']),
      (record: SQSRecord) => {
        seen.push(record.body);
        return failOnBad(record);
      },
      processor,
    );

    expect(seen).toEqual(['body:ok', 'body:bad']);
    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors.map((error) => error.message)).toEqual(['bad msg-1']);
  });

  it("hands the handler options.context and extras with the record's index and a signal never aborted", async () => {
    const context = createContext();
    const seen: [unknown, number, boolean][] = [];

    await processPartialResponse(
      sqsBatch(['a', 'b', 'c']),
      (_record: SQSRecord, lambdaContext: unknown, extras: RecordHandlerExtras) => {
        seen.push([lambdaContext, extras.index, extras.signal.aborted]);
      },
      new BodyProcessor(EventType.SQS),
      { context },
    );

    expect(seen).toEqual([
      [context, 0, false],
      [context, 1, false],
      [context, 2, false],
    ]);
  });

  it('returns the entries of process(), with the value each async handler resolved to', async () => {
    const processor = new BodyProcessor(EventType.SQS);

    processor.register(sqsBatch(['ok', 'bad']).Records, async (record: SQSRecord) => failOnBad(record));
    const entries = await processor.process();

    expect(entries.map(([status, value]) => [status, value])).toEqual([
      ['success', 'body:ok'],
      ['fail', 'bad msg-1'],
    ]);
    expect(processor.response()).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('runs the records one after the other with processInParallel: false', async () => {
    const events: string[] = [];
    const handler = async (record: SQSRecord) => {
      events.push(`start ${record.messageId}`);
      await sleep(record.messageId === 'msg-0' ? 10 : 1);
      events.push(`end ${record.messageId}`);
    };

    await processPartialResponse(sqsBatch(['a', 'b']), handler, new BodyProcessor(EventType.SQS), {
      processInParallel: false,
    });

    expect(events).toEqual(['start msg-0', 'end msg-0', 'start msg-1', 'end msg-1']);
  });

  it('returns one entry per record from process() with processInParallel: false', async () => {
    const processor = new BodyProcessor(EventType.SQS);

    processor.register(sqsBatch(['ok', 'bad']).Records, async (record: SQSRecord) => failOnBad(record), {
      processInParallel: false,
    });
    const entries = await processor.process();

    expect(entries.map(([status]) => status)).toEqual(['success', 'fail']);
  });

  it('runs the records at once by default', async () => {
    let running = 0;
    let most = 0;
    const handler = async () => {
      most = Math.max(most, ++running);
      await sleep(5);
      running--;
    };

    await processPartialResponse(sqsBatch(['a', 'b', 'c']), handler, new BodyProcessor(EventType.SQS));

    expect(most).toBe(3);
  });

  it('throws FullBatchFailureError from clean when every record failed', async () => {
    const error = await processPartialResponse(
      sqsBatch(['bad', 'bad']),
      failOnBad,
      new BodyProcessor(EventType.SQS),
    ).catch((e) => e);

    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(error.recordErrors.map((e: Error) => e.message)).toEqual(['bad msg-0', 'bad msg-1']);
  });

  it('reports every record instead with throwOnFullBatchFailure: false', async () => {
    const response = await processPartialResponse(
      sqsBatch(['bad', 'bad']),
      failOnBad,
      new BodyProcessor(EventType.SQS),
      { throwOnFullBatchFailure: false },
    );

    expect(identifiers(response)).toEqual(['msg-0', 'msg-1']);
  });

  it('keeps the failures of the previous batch out of the next one', async () => {
    const processor = new BodyProcessor(EventType.SQS);
    await processPartialResponse(sqsBatch(['ok', 'bad']), failOnBad, processor);

    const response = await processPartialResponse(sqsBatch(['ok', 'ok']), failOnBad, processor);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(processor.failureMessages).toEqual([]);
    expect(processor.errors).toEqual([]);
    expect(processor.successMessages).toHaveLength(2);
  });

  it('turns a thrown value that is not an Error into a record error', async () => {
    const processor = new BodyProcessor(EventType.SQS);

    await processPartialResponse(
      sqsBatch(['ok', 'bad']),
      (record: SQSRecord) => {
        if (record.body.endsWith('bad')) throw 'oops';
      },
      processor,
    );

    expect(processor.errors[0]).toBeInstanceOf(BatchProcessingError);
    expect(processor.errors[0]?.message).toBe(
      'The record handler threw a string of 4 characters, not an Error',
    );
  });

  it('parses each record with the schema before toBatchType and the handler', async () => {
    const processor = new BodyProcessor(EventType.SQS, { schema: z.object({ id: z.string() }) });
    const seen: unknown[] = [];

    const response = await processPartialResponse(
      sqsBatch(['{"id":"a"}', '{"id":1}']),
      (record) => seen.push(record.body),
      processor,
    );

    // toBatchType saw the parsed body, an object, and made it a string.
    expect(seen).toEqual(['body:[object Object]']);
    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors[0]?.message).toContain('Records[1].body.id');
  });
});

describe('a subclass of BatchProcessor that overrides a processing method, run synchronously', () => {
  it('runs through processRecordSync with processPartialResponseSync', () => {
    const seen: string[] = [];

    const response = processPartialResponseSync(
      sqsBatch(['bad', 'ok']),
      (record: SQSRecord) => {
        seen.push(record.body);
        return failOnBad(record);
      },
      new BodyProcessor(EventType.SQS),
    );

    expect(seen).toEqual(['body:bad', 'body:ok']);
    expect(identifiers(response)).toEqual(['msg-0']);
  });

  it('starts each processSync() from a clean state, with one entry per record', () => {
    const processor = new BodyProcessor(EventType.SQS);

    processor.register(sqsBatch(['ok', 'bad']).Records, failOnBad).processSync();
    const entries = processor.register(sqsBatch(['ok']).Records, failOnBad).processSync();

    expect(entries.map(([status]) => status)).toEqual(['success']);
    expect(processor.failureMessages).toEqual([]);
    expect(processor.response()).toEqual({ batchItemFailures: [] });
  });

  it('fails a record whose handler returns a promise, saying to use process()', () => {
    const processor = new BodyProcessor(EventType.SQS);

    const response = processPartialResponseSync(
      sqsBatch(['ok', 'async']),
      (record: SQSRecord) => (record.body.endsWith('async') ? Promise.reject(new Error('late')) : undefined),
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors[0]?.message).toBe(
      'processRecordSync: the record handler (or the schema) returned a promise; use process() for async work',
    );
  });

  it('fails every record while the schema support is still loading', () => {
    const processor = new BodyProcessor(EventType.SQS, { schema: z.object({ id: z.string() }) });

    const error = (() => {
      try {
        processPartialResponseSync(sqsBatch(['{"id":"a"}']), () => undefined, processor);
      } catch (e) {
        return e as FullBatchFailureError;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(error?.recordErrors[0]?.message).toBe('processRecordSync: the schema support is still loading');
  });

  it('parses each record once the schema support has loaded', async () => {
    const processor = new BodyProcessor(EventType.SQS, { schema: z.object({ id: z.string() }) });
    await processPartialResponse(sqsBatch(['{"id":"a"}']), () => undefined, processor); // awaits the load
    let calls = 0;

    const response = processPartialResponseSync(
      sqsBatch(['{"id":"a"}', '{"id":1}']),
      () => calls++,
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(calls).toBe(1);
  });

  it('fails a record whose schema validates asynchronously, saying to use process()', async () => {
    const asyncSchema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: async (value: unknown) => ({ value }),
      },
    };
    const processor = new BodyProcessor(EventType.SQS, { schema: asyncSchema });
    await processPartialResponse(sqsBatch(['{}']), () => undefined, processor); // awaits the load
    let calls = 0;

    const response = processPartialResponseSync(
      sqsBatch(['{"id":"a"}', '{"id":"b"}']),
      () => calls++,
      processor,
      { throwOnFullBatchFailure: false },
    );

    expect(identifiers(response)).toEqual(['msg-0', 'msg-1']);
    expect(calls).toBe(0);
    expect(processor.errors[0]?.message).toBe(
      'processRecordSync: the record handler (or the schema) returned a promise; use process() for async work',
    );
  });
});

/** A custom processor as Powertools documents one, for any event type. */
class PlainProcessor extends BasePartialBatchProcessor {
  async processRecord(record: BaseRecord): Promise<SuccessResponse | FailureResponse> {
    return this.processRecordSync(record);
  }
  processRecordSync(record: BaseRecord): SuccessResponse | FailureResponse {
    const data = this.toBatchType(record as SQSRecord, this.eventType);
    try {
      return this.successHandler(data, this.handler(data));
    } catch (error) {
      return this.failureHandler(data, error as Error);
    }
  }
}

describe('a custom processor extending BasePartialBatchProcessor', () => {
  it('reports the Kinesis sequenceNumber of the records that failed', async () => {
    const response = await processPartialResponse(
      kinesisBatch(['ok', 'bad', 'ok']),
      (record: KinesisStreamRecord) => {
        if (Buffer.from(record.kinesis.data, 'base64').toString() === 'bad') throw new Error('bad');
      },
      new PlainProcessor(EventType.KinesisDataStreams),
    );

    expect(identifiers(response)).toEqual(['seq-1']);
  });

  it('reports the DynamoDB SequenceNumber of the records that failed', async () => {
    const response = await processPartialResponse(
      dynamodbBatch(3),
      (record: DynamoDBRecord) => {
        if (record.dynamodb?.SequenceNumber === '101') throw new Error('bad');
      },
      new PlainProcessor(EventType.DynamoDBStreams),
    );

    expect(identifiers(response)).toEqual(['101']);
  });

  it('leaves out a failed DynamoDB record without SequenceNumber, as Powertools does', async () => {
    const event = dynamodbBatch(2);
    delete event.Records[0]!.dynamodb!.SequenceNumber;

    const response = await processPartialResponse(
      event,
      () => {
        throw new Error('bad');
      },
      new PlainProcessor(EventType.DynamoDBStreams),
      { throwOnFullBatchFailure: false },
    );

    expect(identifiers(response)).toEqual(['101']);
  });

  it('leaves out a failed DynamoDB record without its stream data', async () => {
    const event = dynamodbBatch(2);
    delete (event.Records[0] as { dynamodb?: unknown }).dynamodb;

    const response = await processPartialResponse(
      event,
      () => {
        throw new Error('bad');
      },
      new PlainProcessor(EventType.DynamoDBStreams),
      { throwOnFullBatchFailure: false },
    );

    expect(identifiers(response)).toEqual(['101']);
  });

  it('refuses an unknown event type when it is created, at INIT', () => {
    expect(() => new PlainProcessor('SNS' as never)).toThrow(
      'BatchProcessor: eventType must be one of SQS, KinesisDataStreams, DynamoDBStreams, got "SNS"',
    );
  });

  it('rejects an event that is null, naming it', async () => {
    const error = await processPartialResponse(
      null,
      () => undefined,
      new PlainProcessor(EventType.SQS),
    ).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.found).toBe('null');
  });

  it('hands the handler the record itself from the default toBatchType', async () => {
    const event = sqsSample();
    const seen: unknown[] = [];

    await processPartialResponse(
      event,
      (record: SQSRecord) => seen.push(record),
      new PlainProcessor(EventType.SQS),
    );

    expect(seen[0]).toBe(event.Records[0]);
  });

  it('rejects an event without Records, naming what it holds', async () => {
    const error = await processPartialResponse(
      { detail: {} },
      () => undefined,
      new PlainProcessor(EventType.SQS),
    ).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.message).toBe(
      'Unexpected batch type: expected a batch event, found an event without Records (keys: detail)',
    );
  });

  it.each(['timeoutMarginMs', 'onRecordFailure'] as const)(
    'refuses %s, which only lambkit runs honour',
    async (name) => {
      const options = {
        context: createContext(),
        [name]: name === 'timeoutMarginMs' ? 1_000 : () => undefined,
      };

      const error = await processPartialResponse(
        sqsSample(),
        () => undefined,
        new PlainProcessor(EventType.SQS),
        options,
      ).catch((e) => e);

      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        `processPartialResponse: options.${name} needs a processor lambkit runs; PlainProcessor overrides the processing methods, so it runs as Powertools' BasePartialProcessor does (register, process, response) and cannot honour it`,
      );
    },
  );

  it('is refused by the middleware at INIT when given concurrency', () => {
    expect(() =>
      middy().use(
        reportBatchItemFailures(new PlainProcessor(EventType.SQS), () => undefined, { concurrency: 2 }),
      ),
    ).toThrow(
      'reportBatchItemFailures: options.concurrency needs a processor lambkit runs; PlainProcessor overrides',
    );
  });

  it('runs through the middleware', async () => {
    const handler = middy().use(reportBatchItemFailures(new PlainProcessor(EventType.SQS), failOnBad));

    const response = await handler(sqsBatch(['ok', 'bad']), createContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });
});

describe('something that is not a processor', () => {
  it.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a string', 'SQS', 'string'],
    ['an object without prototype', Object.create(null), 'object'],
    ['an object with only register and process', { register() {}, process() {} }, 'object'],
  ])('is refused when it is %s', async (_name, processor, type) => {
    const error = await processPartialResponse(sqsSample(), () => undefined, processor as never).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      `processPartialResponse: processor must be a BatchProcessor, SqsFifoPartialProcessor or a subclass of BasePartialBatchProcessor (with register, process and response), got ${type}`,
    );
  });

  it('refuses a record handler that is null', async () => {
    const error = await processPartialResponse(
      sqsSample(),
      null as never,
      new BatchProcessor(EventType.SQS),
    ).catch((e) => e);

    expect(error.message).toBe('recordHandler must be a function, got null');
  });
});

describe("BatchProcessor's process() given records of another type", () => {
  it('rejects them before running any', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    let calls = 0;

    processor.register(kinesisSampleEvent().Records, () => calls++);
    const error = await processor.process().catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(calls).toBe(0);
  });

  it('rejects records that are not an array', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    processor.register('records' as never, () => undefined);
    const error = await processor.process().catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.message).toBe(
      'Unexpected batch type: expected SQS records (eventSource "aws:sqs"), found an event whose Records is a string',
    );
  });
});
