import { createContext } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { dynamodbSampleEvent, kinesisSampleEvent, sqsBatch, sqsSample } from '../test/test-events.js';
import {
  BatchProcessingError,
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessor,
  UnexpectedBatchTypeError,
} from './index.js';

const noop = () => undefined;
const anySchema = { '~standard': { version: 1, vendor: 'x', validate: (value: unknown) => ({ value }) } };

describe('an event that is not a batch of the processor type', () => {
  it('names the type found when an SQS processor gets a Kinesis batch', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    const error = await processPartialResponse(kinesisSampleEvent(), noop, processor).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.message).toBe(
      'Unexpected batch type: expected SQS records (eventSource "aws:sqs"), found KinesisDataStreams (eventSource "aws:kinesis") at Records[0]',
    );
    expect(error.found).toBe('KinesisDataStreams (eventSource "aws:kinesis")');
    expect(error.recordIndex).toBe(0);
  });

  it('names the type found when a Kinesis processor gets a DynamoDB Streams batch', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams);

    const error = await processPartialResponse(dynamodbSampleEvent(), noop, processor).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.found).toBe('DynamoDBStreams (eventSource "aws:dynamodb")');
  });

  it('names the eventSource of an unsupported source such as S3', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const s3Event = { Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', s3: {} }] };

    const error = await processPartialResponse(s3Event, noop, processor).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.message).toContain('found a record with eventSource "aws:s3" at Records[0]');
  });

  it('names the record that differs in a mixed batch and runs no record', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const event = sqsBatch(['a', 'b']);
    (event.Records as unknown[]).push(kinesisSampleEvent().Records[0]);
    let calls = 0;

    const error = await processPartialResponse(event, () => calls++, processor).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.recordIndex).toBe(2);
    expect(calls).toBe(0);
  });

  it('names the keys of an event without Records, such as an API Gateway request', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const apiEvent = { resource: '/', path: '/', httpMethod: 'GET', headers: {}, body: null };

    const error = await processPartialResponse(apiEvent, noop, processor).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.found).toBe('an event without Records (keys: resource, path, httpMethod, headers, body)');
  });

  it.each([
    [null, 'null'],
    ['text', 'a string'],
    [{ Records: 'x' }, 'an event whose Records is a string'],
    [{ Records: [null] }, 'null'],
  ])('rejects %j, naming it as %s', async (event, found) => {
    const processor = new BatchProcessor(EventType.SQS);

    const error = await processPartialResponse(event, noop, processor).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.found).toBe(found);
  });

  it.each([
    ['an array', [], 'an array'],
    ['a number', 7, 'a number'],
    ['undefined', undefined, 'undefined'],
    ['an event whose Records is an object', { Records: {} }, 'an event whose Records is an object'],
    ['an event whose Records is null', { Records: null }, 'an event whose Records is null'],
    ['a record that is an array', { Records: [[]] }, 'an array'],
    ['a record that is a string', { Records: ['m1'] }, 'a string'],
    ['a record that is undefined', { Records: [undefined] }, 'undefined'],
  ])('rejects %s, naming what it found', async (_kind, event, found) => {
    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.found).toBe(found);
    expect(error.expected).toBe('SQS records (eventSource "aws:sqs")');
  });

  it('lists six keys without saying there are more', async () => {
    const event = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error.found).toBe('an event without Records (keys: a, b, c, d, e, f)');
  });

  it('lists the first six keys of an event without Records, and says there are more', async () => {
    const event = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 };

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error.message).toBe(
      'Unexpected batch type: expected SQS records (eventSource "aws:sqs"), found an event without Records (keys: a, b, c, d, e, f, ...)',
    );
  });

  it('names the keys of a record without eventSource that lacks the shape of the type', async () => {
    const event = {
      Records: [
        { messageId: 'm1', body: '{}' },
        { id: 'x', payload: '{}' },
      ],
    };

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error.found).toBe('a record without eventSource (keys: id, payload)');
    expect(error.recordIndex).toBe(1);
  });

  it('names an SNS record by its EventSource, which SNS spells with a capital E', async () => {
    const event = { Records: [{ EventSource: 'aws:sns', Sns: {} }] };

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error.found).toBe('a record with eventSource "aws:sns"');
  });

  it('refuses a record without eventSource whose messageId is not a string', async () => {
    const event = { Records: [{ messageId: 1, body: '{}' }] };

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(error.found).toBe('a record without eventSource (keys: messageId, body)');
  });

  it('refuses a record without eventSource that has a messageId but no body', async () => {
    const event = { Records: [{ messageId: 'm1' }] };

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
  });

  it('accepts Kinesis and DynamoDB records without eventSource that have the shape of their type', async () => {
    const kinesis = { Records: [{ kinesis: { sequenceNumber: 's1', data: '' } }] };
    const dynamodb = { Records: [{ dynamodb: { SequenceNumber: 'd1' } }] };

    const responses = [
      await processPartialResponse(kinesis, noop, new BatchProcessor(EventType.KinesisDataStreams)),
      await processPartialResponse(dynamodb, noop, new BatchProcessor(EventType.DynamoDBStreams)),
    ];

    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
  });

  it.each([
    ['Kinesis', 'null', EventType.KinesisDataStreams, { kinesis: null }],
    ['Kinesis', 'a string', EventType.KinesisDataStreams, { kinesis: 'data' }],
    ['DynamoDB', 'null', EventType.DynamoDBStreams, { dynamodb: null }],
    ['DynamoDB', 'a string', EventType.DynamoDBStreams, { dynamodb: 'image' }],
  ])(
    'refuses a %s record without eventSource whose payload field is %s',
    async (_name, _kind, type, record) => {
      const error = await processPartialResponse({ Records: [record] }, noop, new BatchProcessor(type)).catch(
        (e) => e,
      );

      expect(error).toBeInstanceOf(UnexpectedBatchTypeError);
      expect(error.found).toBe(`a record without eventSource (keys: ${Object.keys(record)[0]})`);
    },
  );

  it('accepts records without eventSource that have the shape of the type, as hand-made test events do', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const event = { Records: [{ messageId: 'm1', body: '{}' }] };

    const response = await processPartialResponse(event, noop, processor);

    expect(response).toEqual({ batchItemFailures: [] });
  });
});

describe('a record without its identifier', () => {
  it('rejects the batch whole, naming the record and the missing field, since its failure could not be reported', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const event = dynamodbSampleEvent();
    delete event.Records[1].dynamodb!.SequenceNumber;
    let calls = 0;

    const error = await processPartialResponse(event, () => calls++, processor).catch((e) => e);

    expect(error).toBeInstanceOf(BatchProcessingError);
    expect(error.message).toBe(
      'Records[1] has no dynamodb.SequenceNumber to report it by (found undefined), so the batch is rejected whole',
    );
    expect(calls).toBe(0);
  });

  it.each([
    ['a number', 42, 'a number'],
    ['null', null, 'null'],
    ['an object', { id: 'x' }, 'an object'],
  ])('rejects an SQS record whose messageId is %s, naming its type', async (_kind, messageId, found) => {
    const event = sqsSample();
    event.Records[0].messageId = messageId as never;

    const error = await processPartialResponse(event, noop, new BatchProcessor(EventType.SQS)).catch(
      (e) => e,
    );

    expect(error.message).toBe(
      `Records[0] has no messageId to report it by (found ${found}), so the batch is rejected whole`,
    );
  });

  it.each([
    ['Kinesis', EventType.KinesisDataStreams, 'aws:kinesis', 'kinesis.sequenceNumber'],
    ['DynamoDB', EventType.DynamoDBStreams, 'aws:dynamodb', 'dynamodb.SequenceNumber'],
  ])(
    'rejects a %s record that has its eventSource but no stream data, naming the field',
    async (_name, type, eventSource, field) => {
      const event = { Records: [{ eventSource, eventID: 'e1' }] };

      const error = await processPartialResponse(event, noop, new BatchProcessor(type)).catch((e) => e);

      expect(error).toBeInstanceOf(BatchProcessingError);
      expect(error.message).toBe(
        `Records[0] has no ${field} to report it by (found undefined), so the batch is rejected whole`,
      );
    },
  );

  it('rejects a Kinesis record without sequenceNumber, naming the field', async () => {
    const event = kinesisSampleEvent();
    delete (event.Records[0].kinesis as { sequenceNumber?: string }).sequenceNumber;

    const error = await processPartialResponse(
      event,
      noop,
      new BatchProcessor(EventType.KinesisDataStreams),
    ).catch((e) => e);

    expect(error.message).toBe(
      'Records[0] has no kinesis.sequenceNumber to report it by (found undefined), so the batch is rejected whole',
    );
  });

  it('rejects an SQS record whose messageId is empty', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const event = sqsSample();
    event.Records[0].messageId = '';

    const error = await processPartialResponse(event, noop, processor).catch((e) => e);

    expect(error.message).toContain('Records[0] has no messageId to report it by (found an empty string)');
  });
});

describe('bad options', () => {
  // The title names the rule, never the options: they hold a context whose request id is random.
  it.each([
    ['options.concurrency must be a whole number >= 1 or Infinity, got 0', { concurrency: 0 }],
    ['options.concurrency must be a whole number >= 1 or Infinity, got 2.5', { concurrency: 2.5 }],
    ['options.concurrency must be a whole number >= 1 or Infinity, got "4"', { concurrency: '4' }],
    ['options.concurrency must be a whole number >= 1 or Infinity, got a function', { concurrency: noop }],
    ['options.throwOnFullBatchFailure must be a boolean, got "no"', { throwOnFullBatchFailure: 'no' }],
    ['options.skipGroupOnError must be a boolean, got 1', { skipGroupOnError: 1 }],
    ['options.processInParallel must be a boolean, got null', { processInParallel: null }],
    [
      'options.timeoutMarginMs must be a finite number >= 0, got -1',
      { timeoutMarginMs: -1, context: createContext() },
    ],
    [
      'options.timeoutMarginMs must be a finite number >= 0, got Infinity',
      { timeoutMarginMs: Number.POSITIVE_INFINITY, context: createContext() },
    ],
    [
      'options.timeoutMarginMs must be a finite number >= 0, got "5"',
      { timeoutMarginMs: '5', context: createContext() },
    ],
    [
      'options.timeoutMarginMs needs options.context, the Lambda context, to know the remaining time',
      { timeoutMarginMs: 1000 },
    ],
    [
      'unknown option "concurency" (accepted: context, concurrency, throwOnFullBatchFailure, timeoutMarginMs, skipGroupOnError, processInParallel, onRecordFailure)',
      { concurency: 4 },
    ],
  ])('rejects options with the message "%s"', async (message, options) => {
    const processor = new BatchProcessor(EventType.SQS);

    const error = await processPartialResponse(sqsSample(), noop, processor, options as never).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`processPartialResponse: ${message}`);
  });

  it.each([
    ['concurrency: 1', { concurrency: 1 }],
    ['concurrency: Infinity', { concurrency: Number.POSITIVE_INFINITY }],
    ['timeoutMarginMs: 0', { timeoutMarginMs: 0, context: createContext() }],
    ['processInParallel: true', { processInParallel: true }],
    ['skipGroupOnError: false', { skipGroupOnError: false }],
  ])('accepts %s', async (_name, options) => {
    const response = await processPartialResponse(
      sqsSample(),
      noop,
      new BatchProcessor(EventType.SQS),
      options,
    );

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('names a boolean given for a function option', async () => {
    const error = await processPartialResponse(sqsSample(), noop, new BatchProcessor(EventType.SQS), {
      onRecordFailure: true as never,
    }).catch((e) => e);

    expect(error.message).toBe(
      'processPartialResponse: options.onRecordFailure must be a function, got true',
    );
  });

  it.each([
    ['a string', 'fast', 'processPartialResponse: options must be an object, got "fast"'],
    ['null', null, 'processPartialResponse: options must be an object, got null'],
    ['a number', 3, 'processPartialResponse: options must be an object, got 3'],
  ])('rejects options that are %s instead of an object', async (_kind, options, message) => {
    const error = await processPartialResponse(
      sqsSample(),
      noop,
      new BatchProcessor(EventType.SQS),
      options as never,
    ).catch((e) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(message);
  });

  it('rejects a context whose remaining time is not a number when a time budget is asked for', async () => {
    const context = { ...createContext(), getRemainingTimeInMillis: () => undefined as never };

    const error = await processPartialResponse(sqsSample(), noop, new BatchProcessor(EventType.SQS), {
      context,
      timeoutMarginMs: 100,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'context.getRemainingTimeInMillis() returned undefined, not a number of milliseconds; the time budget cannot be kept',
    );
  });

  it('rejects a context whose remaining time is NaN when a time budget is asked for', async () => {
    const context = { ...createContext(), getRemainingTimeInMillis: () => Number.NaN };

    const error = await processPartialResponse(sqsSample(), noop, new BatchProcessor(EventType.SQS), {
      context,
      timeoutMarginMs: 100,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'context.getRemainingTimeInMillis() returned NaN, not a number of milliseconds; the time budget cannot be kept',
    );
  });

  it('rejects a record handler that is not a function', async () => {
    const processor = new BatchProcessor(EventType.SQS);

    const error = await processPartialResponse(sqsSample(), 'handler' as never, processor).catch((e) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('recordHandler must be a function, got string');
  });

  it("rejects a processor that has neither lambkit's run nor Powertools' register, process and response", async () => {
    const error = await processPartialResponse(sqsSample(), noop, { eventType: 'SQS' } as never).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'processPartialResponse: processor must be a BatchProcessor, SqsFifoPartialProcessor or a subclass of BasePartialBatchProcessor (with register, process and response), got object',
    );
  });
});

describe('bad processor configuration', () => {
  it('rejects an unknown event type, listing the accepted ones', () => {
    expect(() => new BatchProcessor('SNS' as never)).toThrow(
      'BatchProcessor: eventType must be one of SQS, KinesisDataStreams, DynamoDBStreams, got "SNS"',
    );
  });

  it('rejects a schema that is null', () => {
    expect(() => new BatchProcessor(EventType.SQS, { schema: null } as never)).toThrow(
      'BatchProcessor: config.schema must be a Standard Schema v1 (zod 4, valibot 1, arktype, ...) with a ~standard.validate function, got null',
    );
  });

  it('rejects a schema that is not a Standard Schema', () => {
    expect(() => new BatchProcessor(EventType.SQS, { schema: { parse: noop } as never })).toThrow(
      'BatchProcessor: config.schema must be a Standard Schema v1',
    );
  });

  it('rejects a parser without a schema, naming the two it accepts', () => {
    expect(() => new SqsFifoPartialProcessor({ parser: noop } as never)).toThrow(
      'SqsFifoPartialProcessor: config.parser needs exactly one of config.schema (the whole record) and config.innerSchema (the payload), got neither',
    );
  });

  it('rejects an innerSchema without parser, naming the import that provides it', () => {
    const innerSchema = { '~standard': { version: 1, vendor: 'x', validate: noop } };
    expect(() => new BatchProcessor(EventType.SQS, { innerSchema } as never)).toThrow(
      "BatchProcessor: config.innerSchema needs config.parser: import { parser } from '@lambkit/batch/parser'",
    );
  });

  it('rejects an unknown transformer, listing the accepted ones', () => {
    const innerSchema = { '~standard': { version: 1, vendor: 'x', validate: noop } };
    expect(
      () => new BatchProcessor(EventType.SQS, { parser: noop, innerSchema, transformer: 'xml' } as never),
    ).toThrow('BatchProcessor: config.transformer must be one of json, base64, unmarshall, got "xml"');
  });

  it.each([
    ['a string', 'zod', 'BatchProcessor: config must be an object, got "zod"'],
    ['null', null, 'BatchProcessor: config must be an object, got null'],
    ['a function', noop, 'BatchProcessor: config must be an object, got function'],
  ])('rejects a config that is %s instead of an object', (_kind, config, message) => {
    expect(() => new BatchProcessor(EventType.SQS, config as never)).toThrow(new TypeError(message));
  });

  it('rejects an innerSchema that is not a Standard Schema', () => {
    expect(() => new BatchProcessor(EventType.SQS, { parser: noop, innerSchema: 'order' } as never)).toThrow(
      'BatchProcessor: config.innerSchema must be a Standard Schema v1 (zod 4, valibot 1, arktype, ...) with a ~standard.validate function, got "order"',
    );
  });

  it('rejects a parser that is not a function, naming the import that provides it', () => {
    expect(() => new BatchProcessor(EventType.SQS, { parser: 'zod', schema: anySchema } as never)).toThrow(
      'BatchProcessor: config.parser must be a function (import { parser } from \'@lambkit/batch/parser\'), got "zod"',
    );
  });

  it('rejects a transformer without parser, naming the transformer', () => {
    expect(
      () => new BatchProcessor(EventType.SQS, { schema: anySchema, transformer: 'json' } as never),
    ).toThrow(
      "BatchProcessor: config.transformer needs config.parser: import { parser } from '@lambkit/batch/parser' (or pass the payload schema as config.schema, without parser)",
    );
  });

  it('rejects a parser with both schema and innerSchema', () => {
    expect(
      () =>
        new BatchProcessor(EventType.SQS, {
          parser: noop,
          schema: anySchema,
          innerSchema: anySchema,
        } as never),
    ).toThrow(
      'BatchProcessor: config.parser needs exactly one of config.schema (the whole record) and config.innerSchema (the payload), got both',
    );
  });

  it('rejects a transformer given with schema rather than innerSchema', () => {
    expect(
      () =>
        new BatchProcessor(EventType.SQS, { parser: noop, schema: anySchema, transformer: 'json' } as never),
    ).toThrow('BatchProcessor: config.transformer applies only with config.innerSchema');
  });

  it.each([
    ['debug', { warn: noop, error: noop }],
    ['warn', { debug: noop, error: noop }],
    ['error', { debug: noop, warn: noop }],
  ])('rejects a logger without its %s method', (method, logger) => {
    expect(() => new BatchProcessor(EventType.SQS, { logger } as never)).toThrow(
      `BatchProcessor: config.logger must have debug, warn and error methods; ${method} is missing`,
    );
  });

  it('rejects a logger that is null', () => {
    expect(() => new BatchProcessor(EventType.SQS, { logger: null } as never)).toThrow(
      'BatchProcessor: config.logger must have debug, warn and error methods; debug is missing',
    );
  });

  it('accepts a logger with the three methods', () => {
    const logger = { debug: noop, warn: noop, error: noop };

    expect(() => new BatchProcessor(EventType.SQS, { logger })).not.toThrow();
  });

  it.each([
    ['a number', 42, 'got 42'],
    ['undefined', undefined, 'got undefined'],
    ['an inherited name', 'toString', 'got "toString"'],
    ['an array holding a type name', ['SQS'], 'got ["SQS"]'],
  ])('rejects an event type that is %s', (_kind, eventType, found) => {
    expect(() => new BatchProcessor(eventType as never)).toThrow(
      `BatchProcessor: eventType must be one of SQS, KinesisDataStreams, DynamoDBStreams, ${found}`,
    );
  });

  it('rejects an unknown config key, listing the accepted ones', () => {
    expect(() => new BatchProcessor(EventType.SQS, { schemas: {} } as never)).toThrow(
      'BatchProcessor: unknown config key "schemas" (accepted: schema, parser, innerSchema, transformer, logger)',
    );
  });
});
