import { getInvocationState } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { identifiers, kinesisBatch, sleep, sqsBatch } from '../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  reportBatchItemFailures,
  type SQSRecord,
  TimeBudgetExceededError,
} from './index.js';

// Edges of one batch run: what a handler may return, thenables that misbehave under a concurrency
// cap, records that settle after the time budget ran out, and how a processor decides between
// lambkit's run and Powertools' protocol.

describe('what a record handler returns', () => {
  it.each([
    ['null', null],
    ['0', 0],
    ['an empty string', ''],
    // biome-ignore lint/suspicious/noThenProperty: a then that is not a function is the input under test
    ['an object whose then is not a function', { then: 'not a function' }],
  ])('succeeds with %s', async (_name, value) => {
    const response = await processPartialResponse(
      sqsBatch(['a']),
      () => value,
      new BatchProcessor(EventType.SQS),
    );

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('is awaited when it is a function with a then method, as any thenable', async () => {
    const thenable = Object.assign(() => undefined, {
      // biome-ignore lint/suspicious/noThenProperty: a function that is a thenable is the input under test
      then(_resolve: unknown, reject: (error: Error) => void) {
        reject(new Error('rejected by a function thenable'));
      },
    });
    const processor = new BatchProcessor(EventType.SQS);

    const response = await processPartialResponse(
      sqsBatch(['ok', 'bad']),
      (record: SQSRecord) => (record.body === 'bad' ? thenable : undefined),
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors.map((error) => error.message)).toEqual(['rejected by a function thenable']);
  });

  it('frees its place under the concurrency cap when it is a thenable whose then throws', async () => {
    const ran: string[] = [];
    const handler = (record: SQSRecord) => {
      ran.push(record.messageId);
      if (record.messageId !== 'msg-0') return sleep(1);
      return {
        // biome-ignore lint/suspicious/noThenProperty: a broken thenable is the input under test
        then() {
          throw new Error('broken thenable');
        },
      };
    };

    const response = await processPartialResponse(
      sqsBatch(['a', 'b', 'c']),
      handler,
      new BatchProcessor(EventType.SQS),
      {
        concurrency: 1,
      },
    );

    expect(identifiers(response)).toEqual(['msg-0']);
    expect(ran).toEqual(['msg-0', 'msg-1', 'msg-2']);
  });

  it('in processPartialResponseSync, succeeds with null', () => {
    const response = processPartialResponseSync(
      sqsBatch(['a']),
      () => null,
      new BatchProcessor(EventType.SQS),
    );

    expect(response).toEqual({ batchItemFailures: [] });
  });
});

describe('records that settle after the time budget ran out', () => {
  it('stay failed in the processor state, as in the response, once their handlers finish', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const handlers: Promise<void>[] = [];
    const failures: number[] = [];

    const response = await processPartialResponse(
      sqsBatch(['a', 'b']),
      () => {
        const done = sleep(150);
        handlers.push(done);
        return done;
      },
      processor,
      {
        context: createContext({ timeoutMs: 1_050 }),
        timeoutMarginMs: 1_000,
        throwOnFullBatchFailure: false,
        onRecordFailure: (_record, _error, index) => failures.push(index),
      },
    );
    await Promise.all(handlers);
    await sleep(10);

    expect(identifiers(response)).toEqual(['msg-0', 'msg-1']);
    expect(processor.failureMessages.map((record) => (record as SQSRecord).messageId)).toEqual([
      'msg-0',
      'msg-1',
    ]);
    expect(processor.errors.every((error) => error instanceof TimeBudgetExceededError)).toBe(true);
    expect(processor.successMessages).toEqual([]);
    expect(failures).toEqual([0, 1]);
  });
});

describe('FIFO detection by source ARN', () => {
  it('runs a Kinesis stream whose name ends in .fifo without FIFO rules', async () => {
    const event = kinesisBatch(['a', 'b', 'c']);
    for (const record of event.Records)
      record.eventSourceARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders.fifo';
    const ran: string[] = [];

    const response = await processPartialResponse(
      event,
      (record) => {
        ran.push(record.kinesis.sequenceNumber);
        if (record.kinesis.sequenceNumber === 'seq-0') throw new Error('bad');
      },
      new BatchProcessor(EventType.KinesisDataStreams),
    );

    expect(identifiers(response)).toEqual(['seq-0']);
    expect(ran).toEqual(['seq-0', 'seq-1', 'seq-2']);
  });
});

// Overriding any of Powertools' processing methods makes a subclass run as Powertools' base class
// runs it, so it cannot take the options only lambkit's run honours.
const processingMethods = [
  'process',
  'processSync',
  'processRecord',
  'processRecordSync',
  'successHandler',
  'failureHandler',
  'prepare',
  'clean',
  'response',
  'register',
  'toBatchType',
  'getMessagesToReport',
  'collectSqsFailures',
  'collectKinesisFailures',
  'collectDynamoDBFailures',
  'entireBatchFailed',
  'hasMessagesToReport',
] as const;

describe('a subclass of BatchProcessor', () => {
  it.each(processingMethods)('that overrides %s runs as Powertools does', async (method) => {
    class Overriding extends BatchProcessor<'SQS'> {}
    Object.defineProperty(Overriding.prototype, method, {
      value: (BatchProcessor.prototype as unknown as Record<string, unknown>)[method],
    });

    const error = await processPartialResponse(
      sqsBatch(['a']),
      () => undefined,
      new Overriding(EventType.SQS),
      {
        concurrency: 2,
      },
    ).catch((e) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(
      'options.concurrency needs a processor lambkit runs; Overriding overrides',
    );
  });

  it('that overrides another method still runs on lambkit', async () => {
    class Described extends BatchProcessor<'SQS'> {
      describe(): string {
        return 'orders';
      }
    }

    const response = await processPartialResponse(
      sqsBatch(['a']),
      () => undefined,
      new Described(EventType.SQS),
      {
        concurrency: 2,
      },
    );

    expect(response).toEqual({ batchItemFailures: [] });
  });
});

describe('something with only part of the processor protocol', () => {
  it('is refused when process is missing', async () => {
    const processor = { register() {}, response() {} };

    const error = await processPartialResponse(sqsBatch(['a']), () => undefined, processor as never).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('processPartialResponse: processor must be a BatchProcessor');
  });

  it('is refused when response is missing', async () => {
    const processor = { register() {}, process() {} };

    const error = await processPartialResponse(sqsBatch(['a']), () => undefined, processor as never).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('the middleware and the invocation', () => {
  it('opens the invocation of the request in before, for the middlewares and processors after it', async () => {
    const seen: unknown[] = [];
    const handler = middy()
      .use(reportBatchItemFailures(new BatchProcessor(EventType.SQS), () => undefined))
      .use({ before: () => void seen.push(getInvocationState().requestId) });
    const first = createContext();
    const second = createContext();

    await handler(sqsBatch(['a']), first);
    await handler(sqsBatch(['a']), second);

    expect(seen).toEqual([first.awsRequestId, second.awsRequestId]);
  });

  it('is named for middy, and hands the processor the options with the request context', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const seen: unknown[] = [];
    const middleware = reportBatchItemFailures(processor, () => void seen.push(processor.options), {
      concurrency: 3,
    });
    const context = createContext();

    await middy().use(middleware)(sqsBatch(['a']), context);

    expect(middleware.name).toBe('reportBatchItemFailures');
    expect(seen).toEqual([{ concurrency: 3, context }]);
  });

  it.each([
    ['null', null, 'null'],
    ['a string', 'fast', '"fast"'],
  ])('refuses options that are %s at INIT, as processPartialResponse does', (_name, options, shown) => {
    expect(() =>
      reportBatchItemFailures(new BatchProcessor(EventType.SQS), () => undefined, options as never),
    ).toThrow(new TypeError(`reportBatchItemFailures: options must be an object, got ${shown}`));
  });
});
