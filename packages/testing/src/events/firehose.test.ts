import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createFirehoseEvent } from '../index.js';

const guide = loadFixture<FirehoseTransformationEvent>('firehose.json');
const directPut = loadFixture<FirehoseTransformationEvent>('firehose-direct-put.json');

describe('createFirehoseEvent', () => {
  it('has the keys and value types of the direct PUT sample', () => {
    expect(shapeOf(asJson(createFirehoseEvent({ payloads: ['a', 'b'] })))).toEqual(shapeOf(directPut));
  });

  it('reproduces the direct PUT sample from its payloads and values', () => {
    const event = createFirehoseEvent({
      invocationId: directPut.invocationId,
      deliveryStreamArn: directPut.deliveryStreamArn,
      region: directPut.region,
      payloads: ['Hello World', { Hello: 'World' }],
      records: directPut.records.map(({ data: _data, ...record }) => record),
    });

    expect(event).toEqual(directPut);
  });

  it('has the keys of the documented Kinesis-source sample, with what Firehose sends for its two known differences', () => {
    const event = createFirehoseEvent({
      sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/source',
    });

    // The Lambda guide's sample leaves out sourceKinesisStreamArn, which Firehose sets when it reads
    // from a Kinesis stream, and shows the metadata's arrival time as an ISO string where Firehose
    // (and @types/aws-lambda) use epoch milliseconds, as the record's own arrival time does.
    const expected = asJson(guide);
    Object.assign(expected, { sourceKinesisStreamArn: 'arn' });
    for (const record of expected.records) record.kinesisRecordMetadata!.approximateArrivalTimestamp = 0;
    expect(shapeOf(asJson(event))).toEqual(shapeOf(expected));
  });

  it('reproduces the documented Kinesis-source sample from its values', () => {
    const { records, ...envelope } = guide;

    expect(createFirehoseEvent({ ...envelope, records })).toEqual(guide);
  });

  it('base64-encodes each payload and gives every record its own id', () => {
    const event = createFirehoseEvent({ payloads: [{ level: 'INFO' }, 'line'] });

    expect(Buffer.from(event.records[0].data, 'base64').toString()).toBe('{"level":"INFO"}');
    expect(event.records[0].recordId).not.toBe(event.records[1].recordId);
    expect(event.deliveryStreamArn).toBe(
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/my-delivery-stream',
    );
  });

  it('rejects input of the wrong type, naming the field and the value', () => {
    expect(() => createFirehoseEvent({ records: [{ recordId: 1 as never }] })).toThrow(
      'createFirehoseEvent: records[0].recordId must be a string, got 1',
    );
    expect(() => createFirehoseEvent({ region: ['us-east-1'] as never })).toThrow(
      'createFirehoseEvent: region must be a string, got ["us-east-1"]',
    );
  });
});
