import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import {
  batchEvent,
  eventBridgeEvent,
  s3Notification,
  snsEvent,
  snsToSqsBody,
  sqsEvent,
} from '../test/test-fixtures.js';
import { normalizeS3Event } from './normalize-s3-event.js';
import { S3KeyDecodeError } from './s3-key-decode-error.js';
import type { WarningLogger } from './warning-logger.js';

const BROKEN = 'photos/%E0%A4%A.jpg';

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function recordingLogger(): WarningLogger & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return { calls, warn: (message, ...extras) => calls.push([message, ...extras]) };
}

describe('normalizeS3Event with a malformed key (onInvalid: throw, the default)', () => {
  it.each([
    ['an S3 notification', () => s3Notification('ok.txt', BROKEN), 'Records[1].s3.object.key'],
    ['a Batch Operations task', () => batchEvent('v2', BROKEN), 'tasks[0].s3Key'],
    ['an EventBridge event', () => eventBridgeEvent(BROKEN), 'detail.object.key'],
    [
      'an SQS body',
      () => sqsEvent('test', JSON.stringify(s3Notification(BROKEN))),
      'Records[1].body.Records[0].s3.object.key',
    ],
    [
      'an SNS message',
      () => snsEvent(JSON.stringify(s3Notification(BROKEN))),
      'Records[0].Sns.Message.Records[0].s3.object.key',
    ],
    [
      'an SNS message in an SQS body',
      () => sqsEvent(snsToSqsBody(JSON.stringify(s3Notification(BROKEN)))),
      'Records[0].body.Message.Records[0].s3.object.key',
    ],
    [
      'an EventBridge event in an SQS body',
      () => sqsEvent(JSON.stringify(eventBridgeEvent(BROKEN))),
      'Records[0].body.detail.object.key',
    ],
    [
      'an EventBridge event in an SNS message',
      () => snsEvent(JSON.stringify(eventBridgeEvent(BROKEN))),
      'Records[0].Sns.Message.detail.object.key',
    ],
    [
      'an EventBridge event in an SNS message in an SQS body',
      () => sqsEvent(snsToSqsBody(JSON.stringify(eventBridgeEvent(BROKEN)))),
      'Records[0].body.Message.detail.object.key',
    ],
  ])('throws S3KeyDecodeError naming the key, its field and the offset in %s', (_, makeEvent, field) => {
    const error = thrownBy(() => normalizeS3Event(makeEvent()));

    expect(error).toBeInstanceOf(S3KeyDecodeError);
    expect(error).toMatchObject({ key: BROKEN, field, offset: 13, reason: 'incomplete-escape' });
    expect((error as Error).message).toContain(`"${BROKEN}" (${field})`);
  });

  it('leaves the failing SQS body untouched so nothing of the message is lost', () => {
    const body = JSON.stringify(s3Notification(BROKEN));
    const event = sqsEvent(body);

    thrownBy(() => normalizeS3Event(event));

    expect(event.Records[0].body).toBe(body);
  });

  it('decodes the failing record once the caller retries after fixing it, and earlier records only once', () => {
    const event = s3Notification('a%2525', BROKEN);
    thrownBy(() => normalizeS3Event(event));
    event.Records[1].s3.object.key = 'b%2525';

    normalizeS3Event(event);

    expect(event.Records.map((r: any) => r.s3.object.key)).toEqual(['a%25', 'b%25']);
  });
});

describe('normalizeS3Event with a malformed key and onInvalid: keep', () => {
  it('keeps the raw key and decodes the others', () => {
    const event = s3Notification('a+b.txt', BROKEN, 'c%20d.txt');

    normalizeS3Event(event, { onInvalid: 'keep', logger: recordingLogger() });

    expect(event.Records.map((r: any) => r.s3.object.key)).toEqual(['a b.txt', BROKEN, 'c d.txt']);
  });

  it('warns through the given logger with the key, its field, the offset and the reason', () => {
    const logger = recordingLogger();

    normalizeS3Event(sqsEvent(JSON.stringify(s3Notification(BROKEN))), { onInvalid: 'keep', logger });

    expect(logger.calls).toEqual([
      [
        'S3 object key kept as received: it is not valid URL encoding',
        {
          key: BROKEN,
          field: 'Records[0].body.Records[0].s3.object.key',
          offset: 13,
          reason: 'incomplete-escape',
        },
      ],
    ]);
  });

  it('writes one JSON warning line on stderr by default, with no other field of the event', async () => {
    const event = sqsEvent(JSON.stringify(s3Notification(BROKEN)));
    event.Records[0].messageAttributes = {
      apiToken: { stringValue: 'secret-token-value', dataType: 'String' },
    };

    const { stderr, stdout } = await captureOutput(() => normalizeS3Event(event, { onInvalid: 'keep' }));

    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      {
        level: 'WARN',
        message: 'S3 object key kept as received: it is not valid URL encoding',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: expect.any(String),
        package: '@lambkit/s3',
        code: 'S3_KEY_KEPT_AS_RECEIVED',
        key: BROKEN,
        field: 'Records[0].body.Records[0].s3.object.key',
        offset: 13,
        reason: 'incomplete-escape',
      },
    ]);
    expect(JSON.stringify(stderr)).not.toContain('secret-token-value');
  });

  it('warns once when called twice on the same event', () => {
    const logger = recordingLogger();
    const event = s3Notification(BROKEN);

    normalizeS3Event(event, { onInvalid: 'keep', logger });
    normalizeS3Event(event, { onInvalid: 'keep', logger });

    expect(logger.calls).toHaveLength(1);
  });
});

describe('normalizeS3Event options', () => {
  it('rejects an unknown onInvalid value with a TypeError naming the option and the value', () => {
    expect(() => normalizeS3Event({}, { onInvalid: 'skip' as 'keep' })).toThrow(
      new TypeError(`normalizeS3Event: option onInvalid must be 'throw' or 'keep', got "skip"`),
    );
  });

  it.each([
    ['without a warn method', {}],
    ['that is null', null],
    ['that is a function with a warn method', Object.assign(() => {}, { warn() {} })],
  ])('rejects a logger %s with a TypeError naming the option', (_, logger) => {
    expect(() => normalizeS3Event({}, { logger: logger as WarningLogger })).toThrow(
      new TypeError(
        'normalizeS3Event: option logger must be an object with a warn(message, ...extras) method',
      ),
    );
  });
});
