import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createDynamoDBStreamEvent, marshallItem } from '../index.js';

const guide = loadFixture<DynamoDBStreamEvent>('dynamodb-stream.json');
const captured = loadFixture<DynamoDBStreamEvent>('dynamodb-stream-captured.json');

const sampleInputs = [
  { keys: { Id: 101 }, newImage: { Message: 'New item!', Id: 101 } },
  {
    keys: { Id: 101 },
    oldImage: { Message: 'New item!', Id: 101 },
    newImage: { Message: 'This item has changed', Id: 101 },
  },
];

describe('createDynamoDBStreamEvent', () => {
  it('has the keys and value types of the sample, with the creation time DynamoDB Streams sends', () => {
    const event = createDynamoDBStreamEvent({ records: sampleInputs });

    // Compared with the captured variant of the guide's sample, which has ApproximateCreationDateTime
    // on every record; the guide's sample leaves it out, although the stream record API documents it.
    const expected = asJson(captured);
    expected.Records[1].dynamodb!.ApproximateCreationDateTime = 1693997155;
    expect(shapeOf(asJson(event))).toEqual(shapeOf(expected));
  });

  it('reproduces the documented sample from plain images, computing SizeBytes as DynamoDB does', () => {
    const records = guide.Records.map((record, i) => ({
      ...sampleInputs[i],
      eventID: record.eventID,
      eventVersion: record.eventVersion,
      eventSourceARN: record.eventSourceARN,
      awsRegion: record.awsRegion,
      dynamodb: { SequenceNumber: record.dynamodb!.SequenceNumber, ApproximateCreationDateTime: undefined },
    }));

    const event = createDynamoDBStreamEvent({ records });

    expect(event).toEqual(guide);
  });

  it('marshals images that the AWS SDK unmarshalls back to the same values', () => {
    const item = {
      pk: 'order#1',
      total: 12.5,
      big: 12345678901234567890n,
      paid: true,
      note: null,
      lines: [{ sku: 'A', qty: 2 }],
      tags: new Set(['new', 'gift']),
      scores: new Set([1, 2]),
      blob: Uint8Array.of(1, 2, 3),
    };

    const event = createDynamoDBStreamEvent({ records: [{ keys: { pk: 'order#1' }, newImage: item }] });

    const image = unmarshall(event.Records[0].dynamodb!.NewImage as never, { wrapNumbers: true });
    expect(image.pk).toBe('order#1');
    expect(image.total.value).toBe('12.5');
    expect(image.big.value).toBe('12345678901234567890');
    expect(image.tags).toEqual(new Set(['new', 'gift']));
    expect(image.lines).toEqual([{ sku: 'A', qty: { value: '2' } }]);
    // Streams carry binary as base64 text; the SDK's unmarshall hands that text through.
    expect([...Buffer.from(image.blob, 'base64')]).toEqual([1, 2, 3]);
    expect(image.note).toBeNull();
    expect(image.paid).toBe(true);
  });

  it('names the change from the images given and keeps only the images the view type carries', () => {
    const event = createDynamoDBStreamEvent({
      streamViewType: 'KEYS_ONLY',
      records: [{ oldImage: { id: '1' } }, { newImage: { id: '2' } }],
    });

    expect(event.Records.map((r) => r.eventName)).toEqual(['REMOVE', 'INSERT']);
    expect(Object.keys(event.Records[0].dynamodb!)).not.toContain('OldImage');
    expect(Object.keys(event.Records[1].dynamodb!)).not.toContain('NewImage');
  });

  it('gives records their own event ids and increasing sequence numbers', () => {
    const event = createDynamoDBStreamEvent({ records: [{}, {}, {}] });

    expect(new Set(event.Records.map((r) => r.eventID)).size).toBe(3);
    const sequence = event.Records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect(sequence[0] < sequence[1] && sequence[1] < sequence[2]).toBe(true);
  });

  it('rejects values DynamoDB cannot store, naming the path and the value', () => {
    expect(() => createDynamoDBStreamEvent({ records: [{ newImage: { price: Number.NaN } }] })).toThrow(
      'createDynamoDBStreamEvent: records[0].newImage.price must be a finite number, got null',
    );
    expect(() => createDynamoDBStreamEvent({ records: [{ newImage: { at: new Date(0) } }] })).toThrow(
      'records[0].newImage.at must be a DynamoDB value',
    );
    expect(() => marshallItem({ tags: new Set() })).toThrow(
      'marshallItem: item.tags must be a non-empty Set',
    );
  });

  it('rejects options of the wrong type, naming the field and the value', () => {
    expect(() => createDynamoDBStreamEvent({ streamViewType: 'ALL' as never })).toThrow(
      'createDynamoDBStreamEvent: streamViewType must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, got "ALL"',
    );
    expect(() => createDynamoDBStreamEvent({ records: [{ eventName: 'UPSERT' as never }] })).toThrow(
      'records[0].eventName must be INSERT, MODIFY or REMOVE, got "UPSERT"',
    );
  });
});
