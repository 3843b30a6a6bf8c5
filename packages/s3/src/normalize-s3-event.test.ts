import { describe, expect, it } from 'vitest';
import {
  batchEvent,
  eventBridgeEvent,
  loadFixture,
  s3Notification,
  snsEvent,
  snsToSqsBody,
  sqsEvent,
} from '../test/test-fixtures.js';
import { normalizeS3Event } from './normalize-s3-event.js';
import { S3KeyDecodeError } from './s3-key-decode-error.js';

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

describe('normalizeS3Event on uncommon but valid shapes', () => {
  it('decodes an EventBridge S3 event in an SQS body that has no bucket ARN, so no "aws:s3" in its text', () => {
    const body = '{"source":"aws.s3","detail-type":"Object Created","detail":{"object":{"key":"a+b"}}}';
    const event = sqsEvent(body);

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(body.replace('a+b', 'a b'));
  });

  it('keeps the layout of the SNS envelope in an SQS body, changing only its Message', () => {
    const envelope = JSON.parse(snsToSqsBody(JSON.stringify(s3Notification(ENCODED))));
    const event = sqsEvent(JSON.stringify(envelope, null, 2));

    normalizeS3Event(event);

    envelope.Message = JSON.stringify(s3Notification(DECODED));
    expect(event.Records[0].body).toBe(JSON.stringify(envelope, null, 2));
  });

  it('decodes the key when the SNS envelope writes its Message with escapes JSON.stringify does not use', () => {
    const body = snsToSqsBody(JSON.stringify(s3Notification(ENCODED))).replaceAll('uploads/', 'uploads\\/');
    const event = sqsEvent(body);

    normalizeS3Event(event);

    const message = JSON.parse(JSON.parse(event.Records[0].body).Message);
    expect(message.Records[0].s3.object.key).toBe(DECODED);
  });

  it('decodes both keys of an SQS body when one member name is written with a JSON escape', () => {
    const body = JSON.stringify(s3Notification('a+b', 'c+d')).replace('"key"', '"k\\u0065y"');
    const event = sqsEvent(body);

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(JSON.stringify(s3Notification('a b', 'c d')));
  });

  it.each([
    ['a Message that is not a string', { Type: 'Notification', Message: 42 }],
    ['a Message but no SNS Type', { Message: 'a note' }],
  ])('reads an SQS body with %s as the S3 notification it is', (_, extra) => {
    const event = sqsEvent(JSON.stringify({ ...s3Notification('a+b'), ...extra }));

    normalizeS3Event(event);

    expect(JSON.parse(event.Records[0].body).Records[0].s3.object.key).toBe('a b');
  });

  it('decodes only the S3 records of a notification in an SQS body that also holds records of another source', () => {
    const notification = s3Notification('c+d');
    notification.Records.unshift({ eventSource: 'aws:sqs', s3: { object: { key: 'a+b' } } });
    const event = sqsEvent(JSON.stringify(notification));

    normalizeS3Event(event);

    notification.Records[1].s3.object.key = 'c d';
    expect(event.Records[0].body).toBe(JSON.stringify(notification));
  });

  it('leaves an SQS body whose two S3 keys need no decoding byte for byte as it was', () => {
    const body = JSON.stringify(s3Notification('plain/a.txt', 'plain/b.txt'), null, 2);
    const event = sqsEvent(body);

    normalizeS3Event(event);

    expect(event.Records[0].body).toBe(body);
  });

  it('decodes the records after an S3 record that has no s3 member, directly and in an SQS body', () => {
    const notification = s3Notification('a+b');
    notification.Records.unshift({ eventSource: 'aws:s3' });
    const event = {
      Records: [...structuredClone(notification).Records, sqsEvent(JSON.stringify(notification)).Records[0]],
    };

    normalizeS3Event(event);

    expect([
      event.Records[1].s3.object.key,
      JSON.parse(event.Records[2].body).Records[1].s3.object.key,
    ]).toEqual(['a b', 'a b']);
  });

  it('decodes the Batch Operations task that failed once the caller retries after fixing it, and earlier tasks only once', () => {
    const event = batchEvent('v2', 'a%2525', 'b%ZZ');
    expect(() => normalizeS3Event(event)).toThrow(S3KeyDecodeError);
    event.tasks[1].s3Key = 'b%2525';

    normalizeS3Event(event);

    expect(event.tasks.map((task: { s3Key: string }) => task.s3Key)).toEqual(['a%25', 'b%25']);
  });

  it('fails with S3KeyDecodeError when a record before the malformed key is not an object', () => {
    const event = s3Notification('b%ZZ');
    event.Records.unshift(null);

    expect(() => normalizeS3Event(event)).toThrow(S3KeyDecodeError);
  });

  it('leaves an event marked as decoded by the other build of the package (ES module or CommonJS) as it is', () => {
    const event = s3Notification('a%2525');
    Object.defineProperty(event, Symbol.for('@lambkit/s3.keysDecoded'), { value: true });

    normalizeS3Event(event);

    expect(event.Records[0].s3.object.key).toBe('a%2525');
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

  it('reads an Sns member only in records from SNS', () => {
    const message = JSON.stringify(s3Notification('a+b'));
    const event = { Records: [{ EventSource: 'aws:kinesis', Sns: { Message: message } }] };

    normalizeS3Event(event);

    expect(event.Records[0].Sns.Message).toBe(message);
  });

  it.each([
    ['an S3 record whose key is not a string', { eventSource: 'aws:s3', s3: { object: { key: 42 } } }],
    ['an SQS record without a body', { eventSource: 'aws:sqs' }],
    [
      'an SQS record whose body is not a string, even one that reads as a notification',
      { eventSource: 'aws:sqs', body: [JSON.stringify(s3Notification('a+b'))] },
    ],
    [
      'an SQS record whose body is a JSON string mentioning aws:s3',
      { eventSource: 'aws:sqs', body: '"aws:s3"' },
    ],
    [
      'an SQS record whose SNS envelope carries a text Message mentioning aws:s3',
      { eventSource: 'aws:sqs', body: snsToSqsBody('uploaded to aws:s3: a+b') },
    ],
    ['an SNS record without its Sns member', { EventSource: 'aws:sns' }],
  ])('leaves %s as it was', (_, record) => {
    const event = { Records: [record] };
    const before = structuredClone(event);

    normalizeS3Event(event);

    expect(event).toEqual(before);
  });

  it('leaves an object with a tasks array but no invocationSchemaVersion as it was', () => {
    const event = { tasks: [{ s3Key: 'a+b' }] };

    normalizeS3Event(event);

    expect(event.tasks[0].s3Key).toBe('a+b');
  });

  it('adds no property, not even a symbol, to an event it does not know', () => {
    const event = { orderId: 42 };

    normalizeS3Event(event);

    expect(Reflect.ownKeys(event)).toEqual(['orderId']);
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
