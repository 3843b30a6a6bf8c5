import { runInInvocation } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { dynamodbSampleEvent, identifiers, kinesisSampleEvent, sqsBatch } from '../test/test-events.js';
import {
  BasePartialBatchProcessor,
  type BaseRecord,
  BatchProcessor,
  EventType,
  type FailureResponse,
  FullBatchFailureError,
  ParsingError,
  processPartialResponse,
  processPartialResponseSync,
  type SQSRecord,
  type SuccessResponse,
} from './index.js';
import { parser } from './parser/index.js';

const failOnBad = (record: SQSRecord) => {
  if (record.body === 'bad') throw new Error(`bad ${record.messageId}`);
  return record.body.toUpperCase();
};

describe("Powertools' processor protocol", () => {
  it('register, process and response give the entries and the failures', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    processor.register(sqsBatch(['ok', 'bad']).Records, failOnBad);
    const entries = await processor.process();

    expect(entries.map(([status, value]) => [status, value])).toEqual([
      ['success', 'OK'],
      ['fail', 'bad msg-1'],
    ]);
    expect(processor.response()).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('process gives the value each async handler resolved to', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    processor.register(sqsBatch(['ok', 'bad']).Records, async (record: SQSRecord) => failOnBad(record));
    const entries = await processor.process();

    expect(entries.map(([status, value]) => [status, value])).toEqual([
      ['success', 'OK'],
      ['fail', 'bad msg-1'],
    ]);
  });

  it('processSync runs a synchronous handler without a promise', () => {
    const processor = new BatchProcessor(EventType.SQS);

    const entries = processor.register(sqsBatch(['bad', 'ok']).Records, failOnBad).processSync();

    expect(entries.map(([status]) => status)).toEqual(['fail', 'success']);
    expect(processor.response()).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] });
  });

  it('keeps successMessages, failureMessages and errors readable after processPartialResponse', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const event = sqsBatch(['ok', 'bad', 'ok']);

    await processPartialResponse(event, failOnBad, processor);

    expect(processor.successMessages.map((record) => (record as SQSRecord).messageId)).toEqual([
      'msg-0',
      'msg-2',
    ]);
    expect(processor.failureMessages).toEqual([event.Records[1]]);
    expect(processor.errors.map((error) => error.message)).toEqual(['bad msg-1']);
  });

  it('process throws FullBatchFailureError when every record failed', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    processor.register(sqsBatch(['bad']).Records, failOnBad);

    await expect(processor.process()).rejects.toBeInstanceOf(FullBatchFailureError);
  });

  it('response() and the lists are empty before any batch', () => {
    const processor = new BatchProcessor(EventType.SQS);

    expect(processor.response()).toEqual({ batchItemFailures: [] });
    expect([
      processor.records,
      processor.successMessages,
      processor.failureMessages,
      processor.errors,
    ]).toEqual([[], [], [], []]);
  });

  it('response() is empty after a batch that failed whole, as Powertools leaves it', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    await processPartialResponse(sqsBatch(['bad']), failOnBad, processor).catch(() => undefined);

    expect(processor.errors).toHaveLength(1);
    expect(processor.response()).toEqual({ batchItemFailures: [] });
  });

  it('response() gives the failures after the lists were read', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    await processPartialResponse(sqsBatch(['ok', 'bad']), failOnBad, processor);

    expect(processor.errors).toHaveLength(1);
    expect(processor.response()).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('processSync honours the options only lambkit runs, such as onRecordFailure', () => {
    const processor = new BatchProcessor(EventType.SQS);
    const failed: number[] = [];

    processor.register(sqsBatch(['ok', 'bad']).Records, failOnBad, {
      onRecordFailure: (_record, _error, index) => failed.push(index),
    });
    processor.processSync();

    expect(failed).toEqual([1]);
  });

  it.each([
    ['process', (processor: BatchProcessor<'SQS'>) => processor.process()],
    ['processSync', (processor: BatchProcessor<'SQS'>) => processor.processSync()],
  ])('%s names itself when the registered options are wrong', async (name, run) => {
    const processor = new BatchProcessor(EventType.SQS);
    processor.register(sqsBatch(['ok']).Records, failOnBad, { concurrency: 0 });

    const error = await (async () => run(processor))().catch((e) => e);

    expect(error.message).toBe(`${name}: options.concurrency must be a whole number >= 1 or Infinity, got 0`);
  });

  it('prepare() clears the lists a batch left', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    await processPartialResponse(sqsBatch(['ok', 'bad']), failOnBad, processor);

    processor.prepare();

    expect([processor.successMessages, processor.failureMessages, processor.errors]).toEqual([[], [], []]);
    expect(processor.response()).toEqual({ batchItemFailures: [] });
  });

  it('register keeps the options of an earlier register when given none', () => {
    const processor = new BatchProcessor(EventType.SQS);
    const options = { throwOnFullBatchFailure: false };

    processor.register(sqsBatch(['a']).Records, failOnBad, options);
    processor.register(sqsBatch(['b']).Records, failOnBad);

    expect(processor.options).toBe(options);
    expect(processor.records.map((record) => (record as SQSRecord).body)).toEqual(['b']);
  });

  it('keeps the state of concurrent invocations apart', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const slow = async (record: SQSRecord) => {
      await new Promise((resolve) => setTimeout(resolve, record.body === 'bad' ? 20 : 1));
      failOnBad(record);
    };

    const [first, second] = await Promise.all([
      runInInvocation(async () => {
        await processPartialResponse(sqsBatch(['bad', 'ok']), slow, processor);
        return processor.failureMessages.length;
      }),
      runInInvocation(async () => {
        await processPartialResponse(sqsBatch(['ok', 'ok', 'ok']), slow, processor);
        return processor.failureMessages.length;
      }),
    ]);

    expect([first, second]).toEqual([1, 0]);
  });
});

/** A custom processor as Powertools documents one: it overrides processRecord to count the records. */
class CountingProcessor extends BasePartialBatchProcessor {
  seen = 0;
  async processRecord(record: BaseRecord): Promise<SuccessResponse | FailureResponse> {
    return this.processRecordSync(record);
  }
  processRecordSync(record: BaseRecord): SuccessResponse | FailureResponse {
    this.seen++;
    try {
      return this.successHandler(record as SQSRecord, this.handler(record, this.options?.context));
    } catch (error) {
      return this.failureHandler(record as SQSRecord, error as Error);
    }
  }
}

describe('a custom processor extending BasePartialBatchProcessor', () => {
  it('runs through its own processRecord with processPartialResponse', async () => {
    const processor = new CountingProcessor(EventType.SQS);

    const response = await processPartialResponse(sqsBatch(['ok', 'bad']), failOnBad, processor);

    expect(processor.seen).toBe(2);
    expect(identifiers(response)).toEqual(['msg-1']);
  });

  it('returns no failures for an empty batch, as Powertools does', async () => {
    const processor = new CountingProcessor(EventType.SQS);

    const response = await processPartialResponse({ Records: [] }, failOnBad, processor);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(processor.seen).toBe(0);
  });

  it('runs through its own processRecordSync with processPartialResponseSync', () => {
    const processor = new CountingProcessor(EventType.SQS);

    const response = processPartialResponseSync(sqsBatch(['bad', 'ok']), failOnBad, processor);

    expect(identifiers(response)).toEqual(['msg-0']);
  });

  it('refuses the options only lambkit runs, naming the option and the class', async () => {
    const error = await processPartialResponse(
      sqsBatch(['ok']),
      failOnBad,
      new CountingProcessor(EventType.SQS),
      {
        concurrency: 2,
      },
    ).catch((e: Error) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(
      'options.concurrency needs a processor lambkit runs; CountingProcessor overrides',
    );
  });

  it('a subclass of BatchProcessor that overrides nothing still runs on lambkit, with its concurrency cap', async () => {
    class NamedProcessor extends BatchProcessor<'SQS'> {}
    let running = 0;
    let most = 0;
    const handler = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
    };

    await processPartialResponse(sqsBatch(['a', 'b', 'c', 'd']), handler, new NamedProcessor(EventType.SQS), {
      concurrency: 2,
    });

    expect(most).toBe(2);
  });
});

const order = z.object({ name: z.string(), age: z.number() });

describe('@lambkit/batch/parser', () => {
  it('parses the SQS body with innerSchema and the json transformer', async () => {
    const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: order, transformer: 'json' });
    const seen: unknown[] = [];

    const response = await processPartialResponse(
      sqsBatch(['{"name":"a","age":1}', '{"name":"b","age":"x"}']),
      (record) => seen.push(record.body),
      processor,
    );

    expect(seen).toEqual([{ name: 'a', age: 1 }]);
    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors[0]).toBeInstanceOf(ParsingError);
    expect(processor.errors[0]?.message).toBe('body.age: Invalid input: expected number, received string');
  });

  it('fails a body that is not JSON without quoting it, and tells the logger at debug level', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const processor = new BatchProcessor(EventType.SQS, {
      parser,
      innerSchema: order,
      transformer: 'json',
      logger,
    });
    const failures: Error[] = [];

    await processPartialResponse(
      sqsBatch(['{"name":"a","age":1}', 'password=hunter2']),
      () => undefined,
      processor,
      {
        onRecordFailure: (_record, error) => failures.push(error),
      },
    );

    expect(failures[0]).toBeInstanceOf(ParsingError);
    expect(failures[0]?.message).toMatch(/^body: Invalid JSON - /);
    expect(failures[0]?.message).not.toContain('hunter2');
    expect(logger.debug).toHaveBeenCalledWith(`Failed to parse record: ${failures[0]?.message}`);
  });

  it('validates the whole record with schema', async () => {
    const schema = z.object({ messageId: z.string(), body: z.enum(['ok']) });
    const processor = new BatchProcessor(EventType.SQS, { parser, schema });

    const response = await processPartialResponse(sqsBatch(['ok', 'no']), () => undefined, processor);

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors[0]?.message).toMatch(/^body: /);
  });

  it('decodes the Kinesis data with the base64 transformer', async () => {
    const event = kinesisSampleEvent();
    event.Records[0]!.kinesis.data = Buffer.from('{"name":"k","age":2}').toString('base64');
    event.Records = [event.Records[0]!];
    const seen: unknown[] = [];
    const processor = new BatchProcessor(EventType.KinesisDataStreams, {
      parser,
      innerSchema: order,
      transformer: 'base64',
    });

    await processPartialResponse(event, (record) => seen.push(record.kinesis.data), processor);

    expect(seen).toEqual([{ name: 'k', age: 2 }]);
  });

  it('unmarshalls DynamoDB images and leaves out an image the record does not have', async () => {
    const event = dynamodbSampleEvent();
    const insert = event.Records.find((record) => record.dynamodb?.OldImage === undefined)!;
    const schema = z.object({ Id: z.number() }).loose();
    const processor = new BatchProcessor(EventType.DynamoDBStreams, {
      parser,
      innerSchema: schema,
      transformer: 'unmarshall',
    });
    const seen: unknown[] = [];

    await processPartialResponse({ Records: [insert] }, (record) => seen.push(record.dynamodb), processor);

    expect(seen).toHaveLength(1);
    expect((seen[0] as { NewImage: { Id: number } }).NewImage.Id).toBe(101);
    expect(seen[0]).not.toHaveProperty('OldImage');
  });

  it('types the handler record from the config, so the body is the schema output', async () => {
    const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: order, transformer: 'json' });
    const ages: string[] = [];

    // `record.body.age` compiles only when the record type comes from innerSchema.
    await processPartialResponse(
      sqsBatch(['{"name":"a","age":7}']),
      (record) => ages.push(record.body.age.toFixed()),
      processor,
    );

    expect(ages).toEqual(['7']);
  });
});

describe('@lambkit/batch/parser with a schema that is not zod', () => {
  it('keeps the issue path but not the message, which may quote the value', async () => {
    const innerSchema = v.object({ token: v.literal('expected') });
    const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema, transformer: 'json' });

    await processPartialResponse(sqsBatch(['{"token":"s3cr3t-value"}']), () => undefined, processor, {
      throwOnFullBatchFailure: false,
    });

    expect(processor.errors[0]?.message).toBe(
      'body.token: does not match the valibot schema (its message is withheld, as it may quote the value)',
    );
  });
});

describe('the context argument', () => {
  it('is the same object in the protocol path as in the run', async () => {
    const context = createContext();
    const seen: unknown[] = [];
    const processor = new CountingProcessor(EventType.SQS);

    await processPartialResponse(
      sqsBatch(['ok']),
      (_record: SQSRecord, lambdaContext: unknown) => seen.push(lambdaContext),
      processor,
      {
        context,
      },
    );

    expect(seen).toEqual([context]);
  });
});

describe("the parser's messages without config.logger", () => {
  const innerSchema = z.object({ id: z.string() });
  const original = process.env.AWS_LAMBDA_LOG_LEVEL;
  afterEach(() => {
    if (original === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL;
    else process.env.AWS_LAMBDA_LOG_LEVEL = original;
    vi.restoreAllMocks();
  });

  /** Runs a batch whose second body fails the schema, with a processor created at that log level. */
  async function runFailingBatch(): Promise<void> {
    const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema, transformer: 'json' });
    await processPartialResponse(sqsBatch(['{"id":"a"}', '{"id":1}']), () => undefined, processor);
  }

  it('go to console.debug when the function log level is DEBUG, as in Powertools', async () => {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'DEBUG';
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);

    await runFailingBatch();

    expect(debug.mock.calls).toEqual([
      ['Failed to parse record: body.id: Invalid input: expected string, received number'],
    ]);
  });

  it('are not written at other log levels', async () => {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'INFO';
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);

    await runFailingBatch();

    expect(debug).not.toHaveBeenCalled();
  });
});
