import { ParseError } from '@lambkit/parser';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dynamodbSampleEvent,
  identifiers,
  kinesisBatch,
  kinesisSampleEvent,
  sqsBatch,
  sqsSample,
} from '../test/test-events.js';
import { BatchProcessor, EventType, type FullBatchFailureError, processPartialResponse } from './index.js';

const order = z.object({ orderId: z.string(), total: z.number() });

describe('the schema option with SQS', () => {
  it('hands the handler the body parsed from JSON and validated by a zod schema', async () => {
    const processor = new BatchProcessor(EventType.SQS, { schema: order });
    const totals: number[] = [];

    const response = await processPartialResponse(
      sqsBatch(['{"orderId":"o-1","total":12.5}', '{"orderId":"o-2","total":3}']),
      (record) => {
        totals.push(record.body.total);
      },
      processor,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(totals).toEqual([12.5, 3]);
  });

  it('reports a record whose body fails the schema, with a ParseError naming the field, and never calls the handler for it', async () => {
    const processor = new BatchProcessor(EventType.SQS, { schema: order });
    const seen: string[] = [];

    const error = (await processPartialResponse(
      sqsBatch(['{"orderId":"o-1","total":"12"}']),
      (record) => {
        seen.push(record.body.orderId);
      },
      processor,
    ).catch((e) => e)) as FullBatchFailureError;

    const parseError = error.recordErrors[0] as ParseError;
    expect(parseError).toBeInstanceOf(ParseError);
    expect(parseError.path).toBe('Records[0].body.total');
    expect(parseError.recordIndex).toBe(0);
    expect(parseError.issues).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  it('reports a record whose body is not JSON, as the AWS sample "Test message." is, without quoting it', async () => {
    const processor = new BatchProcessor(EventType.SQS, { schema: z.string() });

    const error = (await processPartialResponse(sqsSample(), () => undefined, processor).catch(
      (e) => e,
    )) as FullBatchFailureError;

    const parseError = error.recordErrors[1] as ParseError;
    expect(parseError).toBeInstanceOf(ParseError);
    expect(parseError.message).toBe(
      'Invalid input at Records[1].body: expected JSON, received string that is not valid JSON (record 1)',
    );
    expect(parseError.message).not.toContain('Test message');
    expect(String(parseError.cause)).not.toContain('Test message');
  });

  it('keeps going with the other records when one fails to parse', async () => {
    const processor = new BatchProcessor(EventType.SQS, { schema: order });
    let handled = 0;

    const response = await processPartialResponse(
      sqsBatch(['{"orderId":"a","total":1}', 'not json', '{"orderId":"c"}', '{"orderId":"d","total":4}']),
      () => {
        handled++;
      },
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1', 'msg-2']);
    expect(handled).toBe(2);
  });

  it('accepts a valibot schema through Standard Schema', async () => {
    const processor = new BatchProcessor(EventType.SQS, {
      schema: v.object({ sku: v.pipe(v.string(), v.minLength(3)) }),
    });
    const skus: string[] = [];

    const response = await processPartialResponse(
      sqsBatch(['{"sku":"abc-1"}', '{"sku":"x"}']),
      (record) => {
        skus.push(record.body.sku);
      },
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(skus).toEqual(['abc-1']);
  });

  it('awaits a schema whose validation is asynchronous', async () => {
    const asyncSchema: StandardSchemaV1<unknown, { id: string }> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: async (value) =>
          typeof (value as { id?: unknown }).id === 'string'
            ? { value: value as { id: string } }
            : { issues: [{ message: 'id must be a string', path: ['id'] }] },
      },
    };
    const processor = new BatchProcessor(EventType.SQS, { schema: asyncSchema });
    const ids: string[] = [];

    const response = await processPartialResponse(
      sqsBatch(['{"id":"a"}', '{"id":2}']),
      (record) => {
        ids.push(record.body.id);
      },
      processor,
    );

    expect(identifiers(response)).toEqual(['msg-1']);
    expect(ids).toEqual(['a']);
  });
});

describe('the schema option with Kinesis', () => {
  it('decodes the data from base64, parses it as JSON and validates it', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { schema: order });
    const orders: string[] = [];

    const response = await processPartialResponse(
      kinesisBatch(['{"orderId":"k-1","total":1}', '{"orderId":"k-2","total":2}']),
      (record) => {
        orders.push(record.kinesis.data.orderId);
      },
      processor,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(orders).toEqual(['k-1', 'k-2']);
  });

  it('reports the AWS sample records, whose data is plain text, as parse failures', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { schema: order });

    const error = (await processPartialResponse(kinesisSampleEvent(), () => undefined, processor).catch(
      (e) => e,
    )) as FullBatchFailureError;

    expect(error.recordErrors.map((e) => (e as ParseError).path)).toEqual([
      'Records[0].kinesis.data',
      'Records[1].kinesis.data',
    ]);
  });

  it('reports a record whose data is not base64', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { schema: order });
    const event = kinesisBatch(['{"orderId":"k-1","total":1}', '{}']);
    event.Records[1].kinesis.data = 'not base64!';

    const response = await processPartialResponse(event, () => undefined, processor);

    expect(identifiers(response)).toEqual(['seq-1']);
  });
});

describe('the schema option with DynamoDB Streams', () => {
  const item = z.object({ Id: z.number(), Message: z.string() });

  it('unmarshalls NewImage and OldImage to plain objects and validates both', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { schema: item });
    const seen: unknown[] = [];

    const response = await processPartialResponse(
      dynamodbSampleEvent(),
      (record) => {
        seen.push([record.eventName, record.dynamodb?.NewImage, record.dynamodb?.OldImage]);
      },
      processor,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      ['INSERT', { Id: 101, Message: 'New item!' }, undefined],
      ['MODIFY', { Id: 101, Message: 'This item has changed' }, { Id: 101, Message: 'New item!' }],
      ['REMOVE', undefined, { Id: 101, Message: 'This item has changed' }],
    ]);
  });

  it('reports a record whose image fails the schema, naming the image and the attribute', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams, {
      schema: z.object({ Id: z.number(), Message: z.string().max(10) }),
    });

    const response = await processPartialResponse(dynamodbSampleEvent(), () => undefined, processor, {
      throwOnFullBatchFailure: false,
    });

    expect(identifiers(response)).toEqual(['222', '333']);
  });

  it('reports a record whose image holds a malformed attribute value, naming the attribute', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { schema: item });
    const event = dynamodbSampleEvent();
    event.Records = [event.Records[0]];
    event.Records[0].dynamodb!.NewImage!.Id = { N: 'not a number' };

    const error = (await processPartialResponse(event, () => undefined, processor).catch(
      (e) => e,
    )) as FullBatchFailureError;

    const parseError = error.recordErrors[0] as ParseError;
    expect(parseError).toBeInstanceOf(ParseError);
    expect(parseError.path).toBe('Records[0].dynamodb.NewImage.Id');
    expect(parseError.recordIndex).toBe(0);
  });
});

describe('the limits and guards of schema bodies, the same as @lambkit/parser', () => {
  /** Runs one SQS body through a processor with `schema`; the record's error, or undefined. */
  async function failureOf(body: string, schema: StandardSchemaV1 = z.any()): Promise<Error | undefined> {
    const failures: Error[] = [];
    await processPartialResponse(
      sqsBatch([body]),
      () => undefined,
      new BatchProcessor(EventType.SQS, { schema }),
      {
        throwOnFullBatchFailure: false,
        onRecordFailure: (_record, error) => failures.push(error),
      },
    );
    return failures[0];
  }

  it.each([
    ['plain', '{"__proto__":{"isAdmin":true}}'],
    ['escaped with \\u', '{"\\u005f\\u005fproto__":{"isAdmin":true}}'],
  ])(
    'fails a record whose body holds a "__proto__" key spelled %s, never calling the handler',
    async (_spelling, body) => {
      const error = await failureOf(body);

      expect(error).toBeInstanceOf(ParseError);
      expect(error?.message).toBe(
        'Invalid input at Records[0].body: expected JSON without "__proto__" or "constructor.prototype" keys, received a "__proto__" key (record 0)',
      );
    },
  );

  it('fails a record whose body holds an escaped "constructor" key with a "prototype"', async () => {
    const error = await failureOf('{"\\u0063onstructor":{"prototype":{"isAdmin":true}}}');

    expect((error as ParseError).received).toBe('a "constructor" key');
  });

  it('fails a body nested 20,000 levels deep with a ParseError, not a stack overflow', async () => {
    const body = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;

    const error = await failureOf(body);

    expect(error).toBeInstanceOf(ParseError);
    expect(error?.message).toBe(
      'Invalid input at Records[0].body: expected JSON nested at most 64 levels deep, received deeper nesting (record 0)',
    );
  });

  it('fails a body longer than 6 MiB', async () => {
    const body = JSON.stringify('a'.repeat(7 * 1024 * 1024));

    const error = await failureOf(body, z.string());

    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).expected).toBe('at most 6291456 characters');
    expect((error as ParseError).received).toBe(`${body.length} characters`);
  });

  it('fails Kinesis data holding an escaped "__proto__" key', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { schema: z.any() });
    const failures: ParseError[] = [];

    const response = await processPartialResponse(
      kinesisBatch(['{"ok":1}', '{"\\u005f_proto__":{}}']),
      () => undefined,
      processor,
      { onRecordFailure: (_record, error) => failures.push(error as ParseError) },
    );

    expect(identifiers(response)).toEqual(['seq-1']);
    expect(failures.map((error) => [error.path, error.received])).toEqual([
      ['Records[1].kinesis.data', 'a "__proto__" key'],
    ]);
  });

  it('fails Kinesis data that would decode to more than 6 MiB before decoding it', async () => {
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { schema: z.any() });
    const event = kinesisBatch(['{}']);
    event.Records[0]!.kinesis.data = 'QUFB'.repeat(2 * 1024 * 1024 + 1);

    const error = (await processPartialResponse(event, () => undefined, processor).catch(
      (e) => e,
    )) as FullBatchFailureError;

    expect((error.recordErrors[0] as ParseError).message).toBe(
      'Invalid input at Records[0].kinesis.data: expected at most 6291456 bytes, received 6291459 bytes (record 0)',
    );
  });
});
