import { createContext } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import {
  BatchProcessingError,
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessor,
  UnexpectedBatchTypeError,
} from './index.js';
import { dynamodbSampleEvent, kinesisSampleEvent, sqsBatch, sqsSample } from './test-events.js';

const noop = () => undefined;

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

  it('rejects an SQS record whose messageId is empty', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const event = sqsSample();
    event.Records[0].messageId = '';

    const error = await processPartialResponse(event, noop, processor).catch((e) => e);

    expect(error.message).toContain('Records[0] has no messageId to report it by (found an empty string)');
  });
});

describe('bad options', () => {
  it.each([
    [{ concurrency: 0 }, 'options.concurrency must be a whole number >= 1 or Infinity, got 0'],
    [{ concurrency: 2.5 }, 'options.concurrency must be a whole number >= 1 or Infinity, got 2.5'],
    [{ concurrency: '4' }, 'options.concurrency must be a whole number >= 1 or Infinity, got "4"'],
    [{ throwOnFullBatchFailure: 'no' }, 'options.throwOnFullBatchFailure must be a boolean, got "no"'],
    [
      { timeoutMarginMs: -1, context: createContext() },
      'options.timeoutMarginMs must be a finite number >= 0, got -1',
    ],
    [{ timeoutMarginMs: 1000 }, 'options.timeoutMarginMs needs options.context, the Lambda context'],
    [{ concurency: 4 }, 'unknown option "concurency"'],
  ])('rejects %j', async (options, message) => {
    const processor = new BatchProcessor(EventType.SQS);

    const error = await processPartialResponse(sqsSample(), noop, processor, options as never).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`processPartialResponse: ${message}`);
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

  it('rejects an unknown config key, listing the accepted ones', () => {
    expect(() => new BatchProcessor(EventType.SQS, { schemas: {} } as never)).toThrow(
      'BatchProcessor: unknown config key "schemas" (accepted: schema, parser, innerSchema, transformer, logger)',
    );
  });
});
