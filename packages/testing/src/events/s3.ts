import type { S3Event, S3EventRecord, SNSEvent, SNSEventRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  DEFAULT_REGION,
  hex,
  iamUserId,
  s3HostId,
  s3PrincipalId,
  s3RequestId,
  s3Sequencers,
  sourceIp,
  uuid,
} from './ids.js';
import {
  buildRecords,
  checkArray,
  checkOptions,
  checkRecordOverrides,
  checkStrings,
  checkType,
  type DeepPartial,
  deepMerge,
  fail,
  recordCount,
} from './merge.js';
import { createSnsEvent } from './sns.js';
import { createSqsEvent } from './sqs.js';

/** Options for `createS3Event` (and the S3 part of the via-SQS and via-SNS factories). */
export interface S3EventOptions {
  /** Fields of each record, deep-merged into the generated one; `s3.object.key` is used as given. */
  records?: DeepPartial<S3EventRecord>[];
  /** Object keys as stored; URL-encoded into the event the way S3 encodes them. */
  keys?: string[];
  /** Default 'example-bucket'. */
  bucket?: string;
  /** Default 'ObjectCreated:Put'. ObjectRemoved:* events carry no size and eTag, as S3 sends them. */
  eventName?: string;
  /** Object size in bytes for created objects. Default 1024. */
  size?: number;
  region?: string;
}

/** The S3 service's sender id on the SQS messages it sends. */
const S3_SENDER_ID = 'AIDAJHIPRHEMV73VRJEBU';

/** Options of `encodeS3EventKey`. */
export interface EncodeS3EventKeyOptions {
  /** Write '/' as %2F, as the Lambda console's sample S3 event does. Default false: S3 keeps '/'. */
  encodeSlash?: boolean;
  /** Lower-case hex digits in escapes. Default false: S3 writes upper case. */
  lowerCaseHex?: boolean;
}

// S3 documents the key as URL-encoded with the application/x-www-form-urlencoded content type
// ("red flower.jpg" becomes "red+flower.jpg"): that encoding leaves only ASCII letters, digits and
// "*-._" as they are, writes a space as '+', and every other UTF-8 byte as %XX.
const FORM_SAFE = /^[A-Za-z0-9*\-._]$/;

/**
 * Encodes an object key the way S3 writes it into event notifications: form URL encoding (spaces
 * as '+', every byte but letters, digits and "*-._" as %XX), with '/' kept.
 *
 * @example
 * encodeS3EventKey('reports/May 2024/a&b (1).csv'); // 'reports/May+2024/a%26b+%281%29.csv'
 */
export function encodeS3EventKey(key: string, options: EncodeS3EventKeyOptions = {}): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += '+';
    else if (byte < 0x80 && (FORM_SAFE.test(char) || (char === '/' && options.encodeSlash !== true)))
      out += char;
    else {
      const hex = byte.toString(16).padStart(2, '0');
      out += `%${options.lowerCaseHex === true ? hex : hex.toUpperCase()}`;
    }
  }
  return out;
}

function checkS3Options(factory: string, options: S3EventOptions): void {
  checkOptions(factory, options);
  checkArray(factory, 'keys', options.keys);
  options.keys?.forEach((key, index) => {
    checkType(factory, `keys[${index}]`, key, 'string');
  });
  checkRecordOverrides(factory, options.records);
  checkStrings(factory, options, ['bucket', 'eventName', 'region']);
  if (options.size !== undefined && !(Number.isInteger(options.size) && options.size >= 0)) {
    fail(factory, 'size', 'a whole number of bytes', options.size);
  }
}

function baseRecord(options: S3EventOptions, index: number, sequencer: string, at: number): S3EventRecord {
  const bucket = options.bucket ?? 'example-bucket';
  const eventName = options.eventName ?? 'ObjectCreated:Put';
  const object: S3EventRecord['s3']['object'] = {
    key: encodeS3EventKey(options.keys?.[index] ?? `example/object-${index + 1}.json`),
    size: options.size ?? 1024,
    eTag: hex(16),
    sequencer,
  };
  if (eventName.startsWith('ObjectRemoved:')) {
    // S3 leaves size and eTag out of delete notifications; the type marks them required.
    delete (object as Partial<typeof object>).size;
    delete (object as Partial<typeof object>).eTag;
  }
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: options.region ?? DEFAULT_REGION,
    eventTime: new Date(at + index).toISOString(),
    eventName,
    userIdentity: { principalId: `AWS:${iamUserId()}` },
    requestParameters: { sourceIPAddress: sourceIp() },
    responseElements: { 'x-amz-request-id': s3RequestId(), 'x-amz-id-2': s3HostId() },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: uuid(),
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: s3PrincipalId() },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object,
    },
  };
}

function buildS3Records(factory: string, options: S3EventOptions): S3EventRecord[] {
  checkS3Options(factory, options);
  const count = recordCount(options.records, options.keys);
  const sequencers = s3Sequencers(count);
  const at = Date.now();
  return buildRecords<S3EventRecord>({
    factory,
    count,
    entries: options.records,
    base: (i) => baseRecord(options, i, sequencers[i] ?? '', at),
  });
}

/**
 * An S3 event notification as S3 sends it to a function: one record per object, with URL-encoded
 * keys, increasing sequencers and fresh request ids. Use `eventName: 'ObjectRemoved:Delete'` for
 * deletions.
 *
 * @example
 * const event = createS3Event({ bucket: 'uploads', keys: ['photos/my cat.jpg'] });
 * event.Records[0].s3.object.key; // 'photos/my+cat.jpg'
 */
export function createS3Event(options: S3EventOptions = {}): S3Event {
  return { Records: buildS3Records('createS3Event', options) };
}

/**
 * One record of another service per S3 record, carrying that record's notification JSON
 * (`{"Records":[...]}`) where `wrap` puts it, with the test's fields for it merged in.
 */
function wrapS3Records<R>(
  factory: string,
  s3Options: S3EventOptions,
  overrides: DeepPartial<R>[] | undefined,
  wrap: (notification: string) => DeepPartial<R>,
): DeepPartial<R>[] {
  return buildS3Records(factory, s3Options).map((s3Record, i) =>
    deepMerge(wrap(JSON.stringify({ Records: [s3Record] })), overrides?.[i]),
  );
}

/** Options for `createS3EventViaSqs`: the S3 options plus the queue. */
export interface S3EventViaSqsOptions extends S3EventOptions {
  /** Default 'my-queue'. */
  queueName?: string;
  accountId?: string;
  /** Fields of each SQS record, deep-merged (the body is the S3 notification). */
  sqsRecords?: DeepPartial<SQSRecord>[];
}

/**
 * S3 notifications delivered through an SQS queue: one SQS message per S3 record, whose body is the
 * S3 event JSON (`{"Records":[...]}`), sent by the S3 service.
 *
 * @example
 * const event = createS3EventViaSqs({ keys: ['in/a.csv'] });
 * JSON.parse(event.Records[0].body).Records[0].s3.object.key; // 'in/a.csv'
 */
export function createS3EventViaSqs(options: S3EventViaSqsOptions = {}): SQSEvent {
  const factory = 'createS3EventViaSqs';
  checkOptions(factory, options);
  const { queueName, accountId, sqsRecords, ...s3Options } = options;
  checkArray(factory, 'sqsRecords', sqsRecords);
  const records = wrapS3Records<SQSRecord>(factory, s3Options, sqsRecords, (notification) => ({
    body: notification,
    attributes: { SenderId: S3_SENDER_ID },
  }));
  return createSqsEvent({ records, queueName, accountId, region: s3Options.region });
}

/** Options for `createS3EventViaSns`: the S3 options plus the topic. */
export interface S3EventViaSnsOptions extends S3EventOptions {
  /** Default 'my-topic'. */
  topicName?: string;
  accountId?: string;
  /** Fields of each SNS record, deep-merged (the message is the S3 notification). */
  snsRecords?: DeepPartial<SNSEventRecord>[];
}

/**
 * S3 notifications delivered through an SNS topic: one notification per S3 record, whose Message is
 * the S3 event JSON, with the Subject S3 sets ('Amazon S3 Notification').
 *
 * @example
 * const event = createS3EventViaSns({ bucket: 'uploads' });
 * JSON.parse(event.Records[0].Sns.Message).Records[0].s3.bucket.name; // 'uploads'
 */
export function createS3EventViaSns(options: S3EventViaSnsOptions = {}): SNSEvent {
  const factory = 'createS3EventViaSns';
  checkOptions(factory, options);
  const { topicName, accountId, snsRecords, ...s3Options } = options;
  checkArray(factory, 'snsRecords', snsRecords);
  const records = wrapS3Records<SNSEventRecord>(factory, s3Options, snsRecords, (notification) => ({
    Sns: { Message: notification },
  }));
  return createSnsEvent({
    records,
    subject: 'Amazon S3 Notification',
    topicName,
    accountId,
    region: s3Options.region,
  });
}
