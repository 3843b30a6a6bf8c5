// Handlers written against @types/aws-lambda, as most users write them, compile and run unchanged.
import { createContext } from '@lambkit/testing';
import type {
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  KinesisStreamEvent,
  KinesisStreamRecord,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { dynamodbSampleEvent, fifoBatch, kinesisSampleEvent, sqsSample } from '../test/test-events.js';
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessor } from './index.js';

const context = createContext() as Context;

describe('record handlers typed with @types/aws-lambda', () => {
  it('process an SQSEvent into an SQSBatchResponse', async () => {
    const processor = new BatchProcessor(EventType.SQS);
    const recordHandler = async (record: SQSRecord) => {
      if (record.messageId.startsWith('2e14')) throw new Error('rejected');
    };
    const handler = (event: SQSEvent, ctx: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, recordHandler, processor, { context: ctx });

    const response = await handler(sqsSample() as SQSEvent, context);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }],
    });
  });

  it('process a FIFO SQSEvent with SqsFifoPartialProcessor', async () => {
    const recordHandler = (record: SQSRecord) => {
      if (record.attributes.MessageGroupId === 'b') throw new Error('rejected');
    };

    const response = await processPartialResponse(
      fifoBatch(['a', 'b', 'a']) as SQSEvent,
      recordHandler,
      new SqsFifoPartialProcessor(),
      { context },
    );

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-2' }],
    });
  });

  it('process a KinesisStreamEvent', async () => {
    const recordHandler = (record: KinesisStreamRecord) => {
      if (record.kinesis.data.startsWith('VGhpcy')) throw new Error('rejected');
    };

    const response = await processPartialResponse(
      kinesisSampleEvent() as KinesisStreamEvent,
      recordHandler,
      new BatchProcessor(EventType.KinesisDataStreams),
      { context },
    );

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: '49590338271490256608559692540925702759324208523137515618' }],
    });
  });

  it('process a DynamoDBStreamEvent', async () => {
    const recordHandler = (record: DynamoDBRecord) => {
      if (record.dynamodb?.NewImage === undefined) throw new Error('no new image');
    };

    const response = await processPartialResponse(
      dynamodbSampleEvent() as DynamoDBStreamEvent,
      recordHandler,
      new BatchProcessor(EventType.DynamoDBStreams),
      { context },
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '333' }] });
  });
});
