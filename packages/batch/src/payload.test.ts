import { ParseError } from '@lambkit/parser';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dynamodbSampleEvent, identifiers, kinesisBatch, sqsBatch } from '../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  type FullBatchFailureError,
  processPartialResponse,
  processPartialResponseSync,
} from './index.js';

// The payload decoding of lambkit's `schema` option: what reaches the handler, and the ParseError of a
// record that fails, whose path, expected and received users log and match on.

/** A Standard Schema that accepts anything, or reports `issues`, synchronously or not. */
function fixedSchema(issues?: StandardSchemaV1.Issue[], async = false): StandardSchemaV1 {
  const result = issues === undefined ? undefined : { issues };
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value: unknown) => {
        const outcome = (result ?? { value }) as StandardSchemaV1.Result<unknown>;
        return async ? Promise.resolve(outcome) : outcome;
      },
    },
  };
}

/** Runs `event` through a processor of `type` with `schema`; the error of each failed record. */
async function failuresOf(
  type: EventType,
  event: unknown,
  schema: StandardSchemaV1,
): Promise<(ParseError | undefined)[]> {
  const failures: (ParseError | undefined)[] = [];
  await processPartialResponse(event, () => undefined, new BatchProcessor(type, { schema }), {
    throwOnFullBatchFailure: false,
    onRecordFailure: (_record, error, index) => {
      failures[index] = error as ParseError;
    },
  });
  return failures;
}

describe('corrupt Kinesis base64 in a batch', () => {
  it('fails only the record whose data has a character outside the alphabet, even when what is left would decode to JSON', async () => {
    const event = kinesisBatch(['{"id":"a"}', '{"id":"b"}', '{"id":"c"}']);
    // Buffer.from would skip the "*" and decode the rest to {"id":"b"}.
    const data = event.Records[1]!.kinesis.data;
    event.Records[1]!.kinesis.data = `${data.slice(0, 4)}*${data.slice(4)}`;
    const seen: unknown[] = [];

    const response = await processPartialResponse(
      event,
      (record) => seen.push(record.kinesis.data),
      new BatchProcessor(EventType.KinesisDataStreams, { schema: z.object({ id: z.string() }) }),
    );

    expect(identifiers(response)).toEqual(['seq-1']);
    expect(seen).toEqual([{ id: 'a' }, { id: 'c' }]);
  });

  it('names the path and the rule, not the data', async () => {
    const event = kinesisBatch(['{"id":"a"}']);
    event.Records[0]!.kinesis.data = 'eyJpZCI6*ImEifQ==';

    const [error] = await failuresOf(EventType.KinesisDataStreams, event, z.any());

    expect(error).toBeInstanceOf(ParseError);
    expect(error?.message).toBe(
      'Invalid input at Records[0].kinesis.data: expected base64, received text outside the base64 alphabet (record 0)',
    );
  });

  it.each([
    ['padding in the middle', 'eyJp=ZCI6ImEifQ=='],
    ['a length that is not a multiple of 4', 'eyJpZCI6ImEifQ='],
    ['URL-safe characters', 'eyJpZCI6ImEifQ_-'],
  ])('fails data with %s', async (_name, data) => {
    const event = kinesisBatch(['{}']);
    event.Records[0]!.kinesis.data = data;

    const [error] = await failuresOf(EventType.KinesisDataStreams, event, z.any());

    expect(error?.received).toBe('text outside the base64 alphabet');
  });

  it('accepts data padded with one "=", with two and with none', async () => {
    const texts = ['{"a":12}', '{"a":1}', '{"a":123}'];
    const event = kinesisBatch(texts);
    const seen: unknown[] = [];

    const response = await processPartialResponse(
      event,
      (record) => seen.push(record.kinesis.data),
      new BatchProcessor(EventType.KinesisDataStreams, { schema: z.object({ a: z.number() }) }),
    );

    expect(event.Records.map((record) => record.kinesis.data.replace(/[^=]/g, ''))).toEqual(['=', '==', '']);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([{ a: 12 }, { a: 1 }, { a: 123 }]);
  });

  it.each([
    ['null', null],
    ['array', ['e30=']],
    ['number', 7],
  ])('fails data of type %s, naming the type', async (type, data) => {
    const event = kinesisBatch(['{}']);
    (event.Records[0]!.kinesis as { data: unknown }).data = data;

    const [error] = await failuresOf(EventType.KinesisDataStreams, event, z.any());

    expect(error?.message).toBe(
      `Invalid input at Records[0].kinesis.data: expected base64, received ${type} (record 0)`,
    );
  });

  it('accepts data of exactly 6 MiB once decoded', async () => {
    const event = kinesisBatch(['{}']);
    // 6 MiB of base64 text is 4.5 MiB of bytes: a JSON string of that many characters.
    const text = JSON.stringify('a'.repeat(6 * 1024 * 1024 - 2));
    event.Records[0]!.kinesis.data = Buffer.from(text).toString('base64');

    const failures = await failuresOf(EventType.KinesisDataStreams, event, z.string());

    expect(Math.floor((event.Records[0]!.kinesis.data.length * 3) / 4)).toBe(6 * 1024 * 1024);
    expect(failures).toEqual([]);
  });
});

describe('the ParseError of a payload the schema refuses', () => {
  it('places the first issue under the record path and keeps every issue', async () => {
    const schema = z.object({ id: z.string(), total: z.number() });

    const [error] = await failuresOf(EventType.SQS, sqsBatch(['{"id":1,"total":"x"}']), schema);

    expect(error?.message).toBe(
      'Invalid input at Records[0].body.id: expected a value the schema accepts (2 issues) (record 0)',
    );
    expect(error?.issues.map((issue) => issue.path)).toEqual([['id'], ['total']]);
  });

  it('says "a value the schema accepts" without a count for one issue', async () => {
    const [error] = await failuresOf(EventType.SQS, sqsBatch(['{"id":1}']), z.object({ id: z.string() }));

    expect(error?.message).toBe(
      'Invalid input at Records[0].body.id: expected a value the schema accepts (record 0)',
    );
    expect(error?.issues).toEqual([{ message: expect.any(String), path: ['id'] }]);
  });

  it('reads path segments given as objects with a key, and numbers as indexes', async () => {
    const schema = fixedSchema([{ message: 'no', path: [{ key: 'items' }, 2, { key: 3 }, Symbol.for('s')] }]);

    const [error] = await failuresOf(EventType.SQS, sqsBatch(['{}']), schema);

    expect(error?.path).toBe('Records[0].body.items[2][3]["Symbol(s)"]');
    expect(error?.issues).toEqual([{ message: 'no', path: ['items', 2, 3, 'Symbol(s)'] }]);
  });

  it('places an issue without a path at the payload itself', async () => {
    const [error] = await failuresOf(EventType.SQS, sqsBatch(['{}']), fixedSchema([{ message: 'no' }]));

    expect(error?.path).toBe('Records[0].body');
    expect(error?.issues).toEqual([{ message: 'no', path: [] }]);
  });

  it('fails the record of a schema that reports an empty list of issues, at the payload itself', async () => {
    const [error] = await failuresOf(EventType.SQS, sqsBatch(['{}']), fixedSchema([]));

    expect(error).toBeInstanceOf(ParseError);
    expect(error?.path).toBe('Records[0].body');
  });

  it('fails the record of an asynchronous schema that reports issues', async () => {
    const [error] = await failuresOf(EventType.SQS, sqsBatch(['{}']), fixedSchema([{ message: 'no' }], true));

    expect(error).toBeInstanceOf(ParseError);
    expect(error?.path).toBe('Records[0].body');
  });

  it('names the SQS body that is not JSON by its record', async () => {
    const failures = await failuresOf(EventType.SQS, sqsBatch(['{}', 'not json']), z.any());

    expect(failures[1]?.path).toBe('Records[1].body');
    expect(failures[1]?.recordIndex).toBe(1);
    expect(failures[1]?.expected).toBe('JSON');
  });
});

describe('DynamoDB images', () => {
  it('are validated by an asynchronous schema and handed on, each image as it was', async () => {
    const seen: unknown[] = [];
    const asyncAny = fixedSchema(undefined, true);

    const response = await processPartialResponse(
      dynamodbSampleEvent(),
      (record, _context, { index }) => {
        seen[index] = [record.dynamodb?.NewImage, record.dynamodb?.OldImage];
      },
      new BatchProcessor(EventType.DynamoDBStreams, { schema: asyncAny }),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      [{ Id: 101, Message: 'New item!' }, undefined],
      [
        { Id: 101, Message: 'This item has changed' },
        { Id: 101, Message: 'New item!' },
      ],
      [undefined, { Id: 101, Message: 'This item has changed' }],
    ]);
  });

  it('leave out the image a record does not have, rather than setting it to undefined', async () => {
    const seen: object[] = [];

    await processPartialResponse(
      dynamodbSampleEvent(),
      (record, _context, { index }) => {
        seen[index] = record.dynamodb as object;
      },
      new BatchProcessor(EventType.DynamoDBStreams, { schema: z.any() }),
    );

    expect(['NewImage' in seen[0]!, 'OldImage' in seen[0]!]).toEqual([true, false]);
    expect(['NewImage' in seen[2]!, 'OldImage' in seen[2]!]).toEqual([false, true]);
  });

  it('are parsed without a promise by a synchronous schema, for processPartialResponseSync', async () => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { schema: z.any() });
    await processPartialResponse({ Records: [] }, () => undefined, processor); // waits for the schema support, as INIT does
    const seen: unknown[] = [];

    const response = processPartialResponseSync(
      dynamodbSampleEvent(),
      (record) => seen.push(record.dynamodb?.SequenceNumber),
      processor,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual(['111', '222', '333']);
  });

  it('keep the other stream fields of the record', async () => {
    const seen: unknown[] = [];
    const event = dynamodbSampleEvent();

    await processPartialResponse(
      event,
      (record) => seen.push(record.dynamodb?.SequenceNumber),
      new BatchProcessor(EventType.DynamoDBStreams, { schema: z.any() }),
    );

    expect(seen).toEqual(event.Records.map((record) => record.dynamodb?.SequenceNumber));
  });

  it('fail the record when the old image fails, naming OldImage', async () => {
    const event = dynamodbSampleEvent();
    event.Records = [event.Records[2]!]; // a REMOVE: only the old image
    event.Records[0]!.dynamodb!.OldImage!.Id = { N: 'x' };

    const [error] = await failuresOf(EventType.DynamoDBStreams, event, z.any());

    expect(error?.path).toBe('Records[0].dynamodb.OldImage.Id');
  });

  it('fail the record when the schema refuses the old image, naming OldImage', async () => {
    const event = dynamodbSampleEvent();
    event.Records = [event.Records[2]!];
    const schema = z.object({ Id: z.string() });

    const failures = (await processPartialResponse(
      event,
      () => undefined,
      new BatchProcessor(EventType.DynamoDBStreams, { schema }),
    ).catch((e) => e)) as FullBatchFailureError;

    expect((failures.recordErrors[0] as ParseError).path).toBe('Records[0].dynamodb.OldImage.Id');
  });
});
