import { gzipSync } from 'node:zlib';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { dynamodbSampleEvent, identifiers, kinesisBatch, sqsBatch } from '../../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  type FullBatchFailureError,
  ParsingError,
  processPartialResponse,
} from '../index.js';
import { parser } from './index.js';

// @lambkit/batch/parser, Powertools' `parser` for a processor's config: what the handler receives
// and the ParsingError messages of the records that fail.

/** Runs a Kinesis batch with the base64 transformer; the data each handler call saw and the errors. */
async function runKinesis(datas: unknown[], innerSchema: StandardSchemaV1 = z.any()) {
  const event = kinesisBatch(datas.map(() => '{}'));
  datas.forEach((data, i) => {
    (event.Records[i]!.kinesis as { data: unknown }).data = data;
  });
  const seen: unknown[] = [];
  const errors: Error[] = [];
  await processPartialResponse(
    event,
    (record) => seen.push((record as { kinesis: { data: unknown } }).kinesis.data),
    new BatchProcessor(EventType.KinesisDataStreams, { parser, innerSchema, transformer: 'base64' }),
    { throwOnFullBatchFailure: false, onRecordFailure: (_record, error) => errors.push(error) },
  );
  return { seen, messages: errors.map((error) => error.message), errors };
}

const base64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

describe('the base64 transformer', () => {
  it('decodes gzip data, as CloudWatch Logs subscriptions send it', async () => {
    const { seen, messages } = await runKinesis([
      gzipSync('{"logGroup":"/aws/lambda/x"}').toString('base64'),
    ]);

    expect(messages).toEqual([]);
    expect(seen).toEqual([{ logGroup: '/aws/lambda/x' }]);
  });

  it('fails data that looks like gzip but is not', async () => {
    const { seen, messages, errors } = await runKinesis([base64(Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]))]);

    expect(seen).toEqual([]);
    expect(errors[0]).toBeInstanceOf(ParsingError);
    expect(messages).toEqual(['kinesis.data: Invalid gzip - the data could not be decompressed']);
  });

  it('takes only data that starts with the gzip magic number, 1f 8b, for gzip', async () => {
    const { seen, messages } = await runKinesis([base64(Buffer.from([0x41, 0x8b, 0x42]))], z.string());

    expect(messages).toEqual([]);
    expect(seen).toEqual(['A\ufffdB']);
  });

  it('fails gzip data that would decompress to more than 6 MiB, without decompressing it all', async () => {
    const bomb = gzipSync(Buffer.alloc(6 * 1024 * 1024 + 1, 0x20));

    const { seen, messages } = await runKinesis([bomb.toString('base64')], z.string());

    expect(seen).toEqual([]);
    expect(messages).toEqual(['kinesis.data: Invalid gzip - the data could not be decompressed']);
  });

  it('hands on data that is not JSON as the decoded text, as Powertools does', async () => {
    const { seen } = await runKinesis(
      [base64('plain text'), base64([0x1f, 0x41].map((c) => String.fromCharCode(c)).join(''))],
      z.string(),
    );

    expect(seen).toEqual(['plain text', '\u001fA']);
  });

  it('still fails JSON data that breaks a guard of the JSON decoder', async () => {
    const { seen, messages } = await runKinesis([base64('{"__proto__":{"isAdmin":true}}')]);

    expect(seen).toEqual([]);
    expect(messages).toEqual([
      'kinesis.data: Invalid JSON - expected JSON without "__proto__" or "constructor.prototype" keys, received a "__proto__" key',
    ]);
  });

  it('fails data with a character outside the base64 alphabet, even when the rest would decode', async () => {
    const good = base64('{"a":1}');

    const { seen, messages } = await runKinesis([`${good.slice(0, 4)}*${good.slice(4)}`, good]);

    expect(seen).toEqual([{ a: 1 }]);
    expect(messages).toEqual(['kinesis.data: Invalid base64 - text outside the base64 alphabet']);
  });

  it('fails data that is not a string, naming its type', async () => {
    const { messages } = await runKinesis([42]);

    expect(messages).toEqual(['kinesis.data: Invalid base64 - received number']);
  });

  it('fails data that would decode to more than 6 MiB, before decoding it', async () => {
    const { messages } = await runKinesis(['QUFB'.repeat(2 * 1024 * 1024 + 1)]);

    expect(messages).toEqual(['kinesis.data: Invalid base64 - more than 6291456 bytes']);
  });

  it('accepts data that decodes to exactly 6 MiB', async () => {
    const { messages, seen } = await runKinesis(['QUFB'.repeat(2 * 1024 * 1024)], z.string());

    expect(messages).toEqual([]);
    expect((seen[0] as string).length).toBe(6 * 1024 * 1024);
  });
});

describe('the json transformer', () => {
  it('fails a body that breaks a guard of the JSON decoder, without quoting it', async () => {
    const processor = new BatchProcessor(EventType.SQS, {
      parser,
      innerSchema: z.any(),
      transformer: 'json',
    });

    await processPartialResponse(
      sqsBatch(['{"a":1}', '{"constructor":{"prototype":{}}}']),
      () => undefined,
      processor,
    );

    expect(processor.errors.map((error) => error.message)).toEqual([
      'body: Invalid JSON - expected JSON without "__proto__" or "constructor.prototype" keys, received a "constructor" key',
    ]);
  });
});

describe('innerSchema without transformer', () => {
  it('validates the payload as it is', async () => {
    const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: z.string().startsWith('ok') });
    const seen: unknown[] = [];

    const response = await processPartialResponse(
      sqsBatch(['ok 1', 'no']),
      (record) => seen.push(record.body),
      processor,
    );

    expect(seen).toEqual(['ok 1']);
    expect(identifiers(response)).toEqual(['msg-1']);
    expect(processor.errors[0]?.message).toMatch(/^body: /);
  });
});

describe('the unmarshall transformer', () => {
  const item = z.object({ Id: z.number(), Message: z.string() });

  it('parses both images of a MODIFY record', async () => {
    const seen: unknown[] = [];
    const processor = new BatchProcessor(EventType.DynamoDBStreams, {
      parser,
      innerSchema: item,
      transformer: 'unmarshall',
    });

    await processPartialResponse(
      dynamodbSampleEvent(),
      (record, _context, { index }) => {
        seen[index] = [record.dynamodb?.NewImage, record.dynamodb?.OldImage];
      },
      processor,
    );

    expect(seen).toEqual([
      [{ Id: 101, Message: 'New item!' }, undefined],
      [
        { Id: 101, Message: 'This item has changed' },
        { Id: 101, Message: 'New item!' },
      ],
      [undefined, { Id: 101, Message: 'This item has changed' }],
    ]);
  });

  it('fails a record whose old image cannot be unmarshalled, naming the image', async () => {
    const event = dynamodbSampleEvent();
    event.Records = [event.Records[2]!];
    event.Records[0]!.dynamodb!.OldImage!.Id = { N: 'x' };

    const error = (await processPartialResponse(
      event,
      () => undefined,
      new BatchProcessor(EventType.DynamoDBStreams, { parser, innerSchema: item, transformer: 'unmarshall' }),
    ).catch((e) => e)) as FullBatchFailureError;

    expect(error.recordErrors[0]?.message).toBe(
      'dynamodb.OldImage: Could not unmarshall DynamoDB stream record',
    );
  });

  it('keeps the stream fields besides the images, and names a new image the schema refused', async () => {
    const event = dynamodbSampleEvent();
    event.Records = [event.Records[0]!, event.Records[0]!];
    event.Records[1] = structuredClone(event.Records[1]!);
    event.Records[1]!.dynamodb!.NewImage!.Message = { N: '1' };
    const seen: unknown[] = [];
    const processor = new BatchProcessor(EventType.DynamoDBStreams, {
      parser,
      innerSchema: item,
      transformer: 'unmarshall',
    });

    await processPartialResponse(event, (record) => seen.push(record.dynamodb), processor, {
      throwOnFullBatchFailure: false,
    });

    const { NewImage: _image, ...stream } = event.Records[0]!.dynamodb!;
    expect(Object.keys(stream)).toContain('Keys');
    expect(seen).toEqual([{ ...stream, NewImage: { Id: 101, Message: 'New item!' } }]);
    expect(processor.errors.map((error) => error.message)).toEqual([
      'dynamodb.NewImage.Message: Invalid input: expected string, received number',
    ]);
  });

  it('names the image and the attribute the schema refused', async () => {
    const event = dynamodbSampleEvent();
    event.Records = [event.Records[2]!];

    const error = (await processPartialResponse(
      event,
      () => undefined,
      new BatchProcessor(EventType.DynamoDBStreams, {
        parser,
        innerSchema: z.object({ Id: z.string() }).loose(),
        transformer: 'unmarshall',
      }),
    ).catch((e) => e)) as FullBatchFailureError;

    expect(error.recordErrors[0]?.message).toBe(
      'dynamodb.OldImage.Id: Invalid input: expected string, received number',
    );
  });
});

describe('parser called directly, as a custom processor may', () => {
  const logger = () => ({ debug: vi.fn(), warn: vi.fn(), error: vi.fn() });

  it('refuses a config with neither schema nor innerSchema, and says so to the logger', async () => {
    const log = logger();

    const error = await parser({ messageId: 'm' } as never, EventType.SQS, log, {} as never).catch((e) => e);

    expect(error).toBeInstanceOf(ParsingError);
    expect(error.message).toBe('Either schema or innerSchema is required for parsing');
    expect(log.error).toHaveBeenCalledWith('There was no schema or innerSchema provided');
  });

  it('gives a DynamoDB record without its stream data an empty one', async () => {
    const record = { eventID: '1', eventSource: 'aws:dynamodb' };

    const parsed = await parser(record as never, EventType.DynamoDBStreams, logger(), {
      parser,
      innerSchema: z.any(),
      transformer: 'unmarshall',
    });

    expect(parsed).toEqual({ eventID: '1', eventSource: 'aws:dynamodb', dynamodb: {} });
  });

  it('fails a Kinesis record without its kinesis field as a payload that is missing', async () => {
    const error = await parser({ eventID: '1' } as never, EventType.KinesisDataStreams, logger(), {
      parser,
      innerSchema: z.any(),
      transformer: 'json',
    }).catch((e) => e);

    expect(error).toBeInstanceOf(ParsingError);
    expect(error.message).toBe('kinesis.data: Invalid JSON - expected JSON string, received undefined');
  });

  it('joins the path of a nested issue with dots after the payload it is in', async () => {
    const error = await parser({ body: '{"order":{"total":"x"}}' } as never, EventType.SQS, logger(), {
      parser,
      innerSchema: z.object({ order: z.object({ total: z.number() }) }),
      transformer: 'json',
    }).catch((e) => e);

    expect(error.message).toBe('body.order.total: Invalid input: expected number, received string');
  });

  it('places an issue of the whole record at the field it names, and one without a path at the record', async () => {
    const log = logger();
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'zod',
        validate: () => ({ issues: [{ message: 'bad id', path: ['messageId'] }, { message: 'bad record' }] }),
      },
    };

    const error = await parser({ messageId: 'm' } as never, EventType.SQS, log, { parser, schema }).catch(
      (e) => e,
    );

    expect(error.message).toBe('messageId: bad id; : bad record');
    expect(log.debug).toHaveBeenCalledWith('Failed to parse record: messageId: bad id; : bad record');
  });

  it('keeps zod issues as the cause, and withholds the messages of other libraries', async () => {
    const other = {
      '~standard': {
        version: 1 as const,
        vendor: 'valibot',
        validate: () => ({ issues: [{ message: 'received "s3cr3t"' }] }),
      },
    };

    const zodError = await parser({ body: 1 } as never, EventType.SQS, logger(), {
      parser,
      schema: z.object({ body: z.string() }),
    }).catch((e) => e);
    const otherError = await parser({ body: 's3cr3t' } as never, EventType.SQS, logger(), {
      parser,
      schema: other,
    }).catch((e) => e);

    expect(Array.isArray(zodError.cause)).toBe(true);
    expect(otherError).not.toHaveProperty('cause');
    expect(otherError.message).toBe(
      ': does not match the valibot schema (its message is withheld, as it may quote the value)',
    );
  });
});
