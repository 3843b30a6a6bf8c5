import type { S3Event, SNSEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createS3Event, createS3EventViaSns, createS3EventViaSqs, encodeS3EventKey } from '../index.js';

const created = loadFixture<S3Event>('s3-object-created.json');
const removed = loadFixture<S3Event>('s3-object-removed.json');
const viaSqs = loadFixture<SQSEvent>('s3-via-sqs.json');
const sns = loadFixture<SNSEvent>('sns.json');

describe('createS3Event', () => {
  it('has the keys and value types of the documented ObjectCreated sample', () => {
    expect(shapeOf(asJson(createS3Event()))).toEqual(shapeOf(created));
  });

  it('reproduces the documented ObjectCreated sample from its values', () => {
    expect(createS3Event({ records: created.Records })).toEqual(created);
  });

  it('has the keys and value types of the ObjectRemoved sample, without size and eTag', () => {
    const event = createS3Event({ eventName: 'ObjectRemoved:Delete' });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(removed));
  });

  it('reproduces the ObjectRemoved sample from its values', () => {
    const event = createS3Event({ eventName: 'ObjectRemoved:Delete', records: removed.Records });

    expect(event).toEqual(removed);
  });

  it('URL-encodes keys the way S3 does and gives records increasing sequencers', () => {
    const event = createS3Event({ keys: ['photos/my cat.jpg', 'a&b=c.txt'], bucket: 'uploads' });

    expect(event.Records.map((r) => r.s3.object.key)).toEqual(['photos/my+cat.jpg', 'a%26b%3Dc.txt']);
    const [first, second] = event.Records.map((r) => BigInt(`0x${r.s3.object.sequencer}`));
    expect(second > first).toBe(true);
    expect(event.Records[0].s3.bucket.arn).toBe('arn:aws:s3:::uploads');
  });

  it('encodes keys so that decoding them gives the stored key back', () => {
    const key = 'reports/May 2024/ünïcode+plus (1).csv';

    const decoded = decodeURIComponent(encodeS3EventKey(key).replace(/\+/g, ' '));

    expect(decoded).toBe(key);
  });

  it('rejects options of the wrong type, naming the field and the value', () => {
    expect(() => createS3Event({ keys: [42 as never] })).toThrow(
      'createS3Event: keys[0] must be a string, got 42',
    );
    expect(() => createS3Event({ size: -1 })).toThrow(
      'createS3Event: size must be a whole number of bytes, got -1',
    );
    expect(() => createS3Event({ records: [{ s3: { object: { size: '5' as never } } }] })).toThrow(
      'createS3Event: records[0].s3.object.size must be a number, got "5"',
    );
  });
});

describe('createS3EventViaSqs', () => {
  it('has the keys and value types of the S3-through-SQS sample, outside and in the body', () => {
    const event = createS3EventViaSqs({ records: [{ s3: { object: { versionId: 'v1' } } }] });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(viaSqs));
    expect(shapeOf(JSON.parse(event.Records[0].body))).toEqual(shapeOf(JSON.parse(viaSqs.Records[0].body)));
  });

  it('reproduces the S3-through-SQS sample from its values', () => {
    // The sample's bucket and ids were anonymised after capture, so its md5OfBody is of another body.
    const [sampleRecord] = viaSqs.Records;
    const { body, md5OfBody: _stale, ...sqsFields } = sampleRecord;

    const event = createS3EventViaSqs({ records: JSON.parse(body).Records, sqsRecords: [sqsFields] });

    const [record] = event.Records;
    expect(JSON.parse(record.body)).toEqual(JSON.parse(body));
    expect({ ...record, body: undefined, md5OfBody: undefined }).toEqual({
      ...sampleRecord,
      body: undefined,
      md5OfBody: undefined,
    });
  });

  it('sends one SQS message per S3 record, from the S3 service', () => {
    const event = createS3EventViaSqs({ keys: ['a.csv', 'b.csv'], queueName: 'uploads' });

    expect(event.Records).toHaveLength(2);
    expect(JSON.parse(event.Records[1].body).Records[0].s3.object.key).toBe('b.csv');
    expect(event.Records[0].attributes.SenderId).toBe('AIDAJHIPRHEMV73VRJEBU');
    expect(event.Records[0].eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:uploads');
  });

  it('rejects options of the wrong type, naming the field and the value', () => {
    expect(() => createS3EventViaSqs({ sqsRecords: {} as never })).toThrow(
      'createS3EventViaSqs: sqsRecords must be an array, got {}',
    );
    expect(() => createS3EventViaSqs({ bucket: 7 as never })).toThrow(
      'createS3EventViaSqs: bucket must be a string, got 7',
    );
  });
});

describe('createS3EventViaSns', () => {
  it('has the keys and value types of the SNS sample outside and of the S3 sample in the message', () => {
    const event = createS3EventViaSns({
      snsRecords: [{ Sns: { MessageAttributes: sns.Records[0].Sns.MessageAttributes } }],
    });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(sns));
    expect(shapeOf(JSON.parse(event.Records[0].Sns.Message))).toEqual(shapeOf(created));
  });

  it('reproduces the documented S3 sample inside the documented SNS envelope', () => {
    const { Message: _message, Subject: _subject, ...snsFields } = sns.Records[0].Sns;

    const event = createS3EventViaSns({
      records: created.Records,
      snsRecords: [{ ...sns.Records[0], Sns: snsFields }],
    });

    expect(JSON.parse(event.Records[0].Sns.Message)).toEqual(created);
    expect({ ...event.Records[0].Sns, Message: '', Subject: '' }).toEqual({
      ...sns.Records[0].Sns,
      Message: '',
      Subject: '',
    });
    expect(event.Records[0].Sns.Subject).toBe('Amazon S3 Notification');
  });

  it('rejects options that are not an object', () => {
    expect(() => createS3EventViaSns('uploads' as never)).toThrow(
      'createS3EventViaSns: options must be an object, got "uploads"',
    );
  });
});
