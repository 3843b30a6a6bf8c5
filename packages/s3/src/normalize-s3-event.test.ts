import { describe, expect, it } from 'vitest';
import { normalizeS3Event } from './normalize-s3-event.js';
import {
  batchEvent,
  eventBridgeEvent,
  loadFixture,
  s3Notification,
  snsEvent,
  snsToSqsBody,
  sqsEvent,
} from './test-fixtures.js';

const ENCODED = 'uploads/my+file%281%29+%E5%86%99%E7%9C%9F.jpg';
const DECODED = 'uploads/my file(1) 写真.jpg';

describe('normalizeS3Event on each event shape', () => {
  it('decodes the key of an S3 notification', () => {
    const event = s3Notification(ENCODED);

    normalizeS3Event(event);

    expect(event.Records[0].s3.object.key).toBe(DECODED);
  });

  it('decodes every record of an S3 notification and changes nothing else', () => {
    const event = s3Notification('a+b.txt', 'c%2Bd.txt', 'plain.txt');
    const expected = s3Notification('a b.txt', 'c+d.txt', 'plain.txt');

    normalizeS3Event(event);

    expect(event).toEqual(expected);
  });

  it('returns the event it was given', () => {
    const event = s3Notification(ENCODED);

    expect(normalizeS3Event(event)).toBe(event);
  });

  it.each(['v1', 'v2'] as const)('decodes s3Key in S3 Batch Operations tasks (schema %s)', (version) => {
    const event = batchEvent(version, ENCODED, 'reports/q1+summary.csv');

    normalizeS3Event(event);

    expect(event.tasks.map((task: { s3Key: string }) => task.s3Key)).toEqual([
      DECODED,
      'reports/q1 summary.csv',
    ]);
  });

  it('decodes detail.object.key of an S3 event delivered by EventBridge', () => {
    const event = eventBridgeEvent(ENCODED);

    normalizeS3Event(event);

    expect(event.detail.object.key).toBe(DECODED);
  });

  it('decodes the key of an S3 notification in an SQS body, which stays a JSON string', () => {
    const notification = s3Notification(ENCODED);
    const event = sqsEvent(JSON.stringify(notification));

    normalizeS3Event(event);

    notification.Records[0].s3.object.key = DECODED;
    expect(event.Records[0].body).toBe(JSON.stringify(notification));
  });

  it('decodes the key of an S3 notification in an SNS message, which stays a JSON string', () => {
    const notification = s3Notification(ENCODED);
    const event = snsEvent(JSON.stringify(notification));

    normalizeS3Event(event);

    notification.Records[0].s3.object.key = DECODED;
    expect(event.Records[0].Sns.Message).toBe(JSON.stringify(notification));
  });

  it('decodes the key of an S3 notification in an SNS message inside an SQS body', () => {
    const event = sqsEvent(snsToSqsBody(JSON.stringify(s3Notification(ENCODED))));

    normalizeS3Event(event);

    const message = JSON.parse(JSON.parse(event.Records[0].body).Message);
    expect(message.Records[0].s3.object.key).toBe(DECODED);
  });

  it('keeps the other fields of the SNS envelope in an SQS body', () => {
    const event = sqsEvent(snsToSqsBody(JSON.stringify(s3Notification(ENCODED))));
    const expected = { ...JSON.parse(snsToSqsBody('')), Message: JSON.stringify(s3Notification(DECODED)) };

    normalizeS3Event(event);

    expect(JSON.parse(event.Records[0].body)).toEqual(expected);
  });

  it('decodes the key of an EventBridge S3 event that EventBridge sent on to SQS', () => {
    const event = sqsEvent(JSON.stringify(eventBridgeEvent(ENCODED)));

    normalizeS3Event(event);

    expect(JSON.parse(event.Records[0].body).detail.object.key).toBe(DECODED);
  });

  it('decodes each SQS record of a batch that mixes S3 notifications and other messages', () => {
    const event = sqsEvent('{"orderId":42}', JSON.stringify(s3Notification('a+b.txt')), 'plain text');

    normalizeS3Event(event);

    expect(event.Records.map((record: { body: string }) => record.body)).toEqual([
      '{"orderId":42}',
      JSON.stringify(s3Notification('a b.txt')),
      'plain text',
    ]);
  });
  it('changes only the key in a formatted SQS body, keeping its layout', () => {
    const body = JSON.stringify(s3Notification(ENCODED), null, 2);
    const event = sqsEvent(body);

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(JSON.stringify(s3Notification(DECODED), null, 2));
  });

  it('decodes every key of an SQS body that holds a notification with several records', () => {
    const event = sqsEvent(JSON.stringify(s3Notification('a+b', 'c%2Bd')));

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(JSON.stringify(s3Notification('a b', 'c+d')));
  });
});

describe('normalizeS3Event on events it must leave alone', () => {
  it.each([
    ['plain text', 'test'],
    ['other JSON', '{ "orderId": 42, "note": "my+file%28" }'],
    ['JSON that mentions aws:s3 but is no notification', '{"eventSource":"aws:s3","key":"a+b"}'],
    ['a JSON array', '[{"eventSource":"aws:s3"}]'],
    ['truncated JSON', '{"Records":[{"eventSource":"aws:s3"'],
    [
      'the s3:TestEvent S3 sends when notifications are configured',
      JSON.stringify(loadFixture('s3-test-event')),
    ],
  ])('leaves an SQS body of %s exactly as it was', (_, body) => {
    const event = sqsEvent(body);

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(body);
  });

  it('leaves an SQS body whose S3 keys need no decoding byte for byte as it was', () => {
    const body = JSON.stringify(s3Notification('already/plain.txt'), null, 2);
    const event = sqsEvent(body);

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(body);
  });

  it('leaves the SNS sample event with a text message as it was', () => {
    const event = loadFixture('sns-message');

    normalizeS3Event(event);

    expect(event).toEqual(loadFixture('sns-message'));
  });

  it('leaves records from other sources as they were', () => {
    const event = { Records: [{ eventSource: 'aws:dynamodb', s3: { object: { key: 'a+b' } } }] };

    normalizeS3Event(event);

    expect(event.Records[0].s3.object.key).toBe('a+b');
  });

  it('leaves an EventBridge event from another source as it was', () => {
    const event = { ...eventBridgeEvent('a+b'), source: 'aws.ec2' };

    normalizeS3Event(event);

    expect(event.detail.object.key).toBe('a+b');
  });

  it.each([null, undefined, 'text', 42, [1, 2]])('returns %j as it is', (event) => {
    expect(normalizeS3Event(event)).toBe(event);
  });
});

describe('normalizeS3Event never decodes twice', () => {
  const twice = 'reports/100%2525+done%2Bchecked.csv';
  const once = 'reports/100%25 done+checked.csv';

  it.each([
    ['an S3 notification', () => s3Notification(twice), (e: any) => e.Records[0].s3.object.key],
    ['a Batch Operations task', () => batchEvent('v1', twice), (e: any) => e.tasks[0].s3Key],
    ['an EventBridge event', () => eventBridgeEvent(twice), (e: any) => e.detail.object.key],
    [
      'an SQS body',
      () => sqsEvent(JSON.stringify(s3Notification(twice))),
      (e: any) => JSON.parse(e.Records[0].body).Records[0].s3.object.key,
    ],
    [
      'an SNS message',
      () => snsEvent(JSON.stringify(s3Notification(twice))),
      (e: any) => JSON.parse(e.Records[0].Sns.Message).Records[0].s3.object.key,
    ],
    [
      'an SNS message in an SQS body',
      () => sqsEvent(snsToSqsBody(JSON.stringify(s3Notification(twice)))),
      (e: any) => JSON.parse(JSON.parse(e.Records[0].body).Message).Records[0].s3.object.key,
    ],
  ])('decodes the key of %s once when called twice', (_, makeEvent, keyOf) => {
    const event = makeEvent();

    normalizeS3Event(normalizeS3Event(event));

    expect(keyOf(event)).toBe(once);
  });

  it('keeps its mark out of JSON.stringify and Object.keys', () => {
    const event = s3Notification(ENCODED);
    const keysBefore = Object.keys(event.Records[0]);

    normalizeS3Event(event);

    expect([Object.keys(event.Records[0]), JSON.stringify(event)]).toEqual([
      keysBefore,
      JSON.stringify(s3Notification(DECODED)),
    ]);
  });

  it('keeps its mark out of deep equality, so handlers can compare events in their tests', () => {
    const event = s3Notification(ENCODED);

    normalizeS3Event(event);

    expect(event).toStrictEqual(s3Notification(DECODED));
  });
});
