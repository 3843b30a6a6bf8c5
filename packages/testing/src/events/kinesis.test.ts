import type { KinesisStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createKinesisStreamEvent } from '../index.js';

const sample = loadFixture<KinesisStreamEvent>('kinesis-stream.json');

describe('createKinesisStreamEvent', () => {
  it('has the keys and value types of the documented sample', () => {
    expect(shapeOf(asJson(createKinesisStreamEvent({ payloads: ['a', 'b'] })))).toEqual(shapeOf(sample));
  });

  it('reproduces the documented sample from its payloads and record values', () => {
    const records = sample.Records.map(({ kinesis: { data: _data, ...kinesis }, ...record }) => ({
      ...record,
      kinesis,
    }));

    const event = createKinesisStreamEvent({
      payloads: ['Hello, this is a test.', 'This is only a test.'],
      records,
    });

    expect(event).toEqual(sample);
  });

  it('base64-encodes strings, bytes and JSON values as the record data', () => {
    const event = createKinesisStreamEvent({ payloads: ['text', Uint8Array.of(0, 255), { id: 1 }] });

    const decoded = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64'));
    expect(decoded[0].toString()).toBe('text');
    expect([...decoded[1]]).toEqual([0, 255]);
    expect(JSON.parse(decoded[2].toString())).toEqual({ id: 1 });
  });

  it('gives records increasing sequence numbers and event ids naming shard and sequence', () => {
    const event = createKinesisStreamEvent({ payloads: [1, 2, 3], shardId: 'shardId-000000000006' });

    const sequence = event.Records.map((r) => BigInt(r.kinesis.sequenceNumber));
    expect(sequence[0] < sequence[1] && sequence[1] < sequence[2]).toBe(true);
    expect(event.Records[2].eventID).toBe(`shardId-000000000006:${event.Records[2].kinesis.sequenceNumber}`);
    expect(event.Records[0].kinesis.sequenceNumber).toHaveLength(56);
  });

  it('rejects input of the wrong type, naming the field and the value', () => {
    expect(() => createKinesisStreamEvent({ payloads: 'x' as never })).toThrow(
      'createKinesisStreamEvent: payloads must be an array, got "x"',
    );
    expect(() => createKinesisStreamEvent({ payloads: [() => 1] })).toThrow(
      'createKinesisStreamEvent: payloads[0] must be a string, bytes or a JSON value, got a function',
    );
    expect(() =>
      createKinesisStreamEvent({ records: [{ kinesis: { approximateArrivalTimestamp: 'now' as never } }] }),
    ).toThrow('records[0].kinesis.approximateArrivalTimestamp must be a number, got "now"');
  });
});
