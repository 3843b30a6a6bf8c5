import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import {
  DEFAULT_ACCOUNT,
  DEFAULT_REGION,
  iamUserId,
  md5Hex,
  receiptHandle,
  sequenceNumbers,
  sha256Hex,
  uuid,
} from './ids.js';
import { buildRecords, checkArray, checkOptions, checkType, type DeepPartial, recordCount } from './merge.js';

/** Options for `createSqsEvent`. */
export interface SqsEventOptions {
  /** One entry per message: a body, or fields of the record (deep-merged into the generated one). */
  records?: (string | DeepPartial<SQSRecord>)[];
  /** Shorthand for message bodies; combined index by index with `records`. */
  bodies?: string[];
  /** A FIFO queue: adds SequenceNumber, MessageGroupId and MessageDeduplicationId. Default false. */
  fifo?: boolean;
  /** Default 'my-queue' ('my-queue.fifo' for FIFO). */
  queueName?: string;
  /** The FIFO message group of every message. Default '1'. */
  messageGroupId?: string;
  region?: string;
  accountId?: string;
}

const FACTORY = 'createSqsEvent';

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The MD5 SQS computes over message attributes (names sorted; each name, data type, transport type
 * and value length-prefixed), so code that verifies md5OfMessageAttributes accepts the event.
 */
export function md5OfMessageAttributes(attributes: SQSMessageAttributes): string {
  const parts: Buffer[] = [];
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (attribute === undefined) continue; // a key Object.keys just listed
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(attribute.dataType, 'utf8')));
    if (attribute.binaryValue !== undefined) {
      parts.push(Buffer.from([2]), lengthPrefixed(Buffer.from(attribute.binaryValue, 'base64')));
    } else {
      parts.push(Buffer.from([1]), lengthPrefixed(Buffer.from(attribute.stringValue ?? '', 'utf8')));
    }
  }
  return md5Hex(Buffer.concat(parts));
}

/** Lambda passes each attribute with empty list values beside the value; fill them in when left out. */
function withListValues(attributes: SQSMessageAttributes): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    out[name] = { stringListValues: [], binaryListValues: [], ...attribute };
  }
  return out;
}

interface QueueSettings {
  fifo: boolean;
  arn: string;
  region: string;
  groupId: string;
  sequence: string[];
  sentAt: number;
}

function baseRecord(settings: QueueSettings, index: number, body: string): SQSRecord {
  const sent = settings.sentAt + index;
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(sent),
    SenderId: iamUserId(),
    ApproximateFirstReceiveTimestamp: String(sent + 2),
  };
  if (settings.fifo) {
    attributes.SequenceNumber = settings.sequence[index];
    attributes.MessageGroupId = settings.groupId;
    attributes.MessageDeduplicationId = sha256Hex(body);
  }
  return {
    messageId: uuid(),
    receiptHandle: receiptHandle(),
    body,
    attributes,
    messageAttributes: {},
    md5OfBody: md5Hex(body),
    eventSource: 'aws:sqs',
    eventSourceARN: settings.arn,
    awsRegion: settings.region,
  };
}

/** Recomputes what SQS derives from the body and attributes, unless the override set it. */
function finishRecord(
  record: SQSRecord,
  override: DeepPartial<SQSRecord> | undefined,
  fifo: boolean,
): SQSRecord {
  if (override?.md5OfBody === undefined) record.md5OfBody = md5Hex(record.body);
  if (fifo && override?.attributes?.MessageDeduplicationId === undefined && record.attributes) {
    record.attributes.MessageDeduplicationId = sha256Hex(record.body);
  }
  if (Object.keys(record.messageAttributes ?? {}).length > 0) {
    record.messageAttributes = withListValues(record.messageAttributes);
    if (override?.md5OfMessageAttributes === undefined) {
      record.md5OfMessageAttributes = md5OfMessageAttributes(record.messageAttributes);
    }
  }
  return record;
}

function checkSqsOptions(options: SqsEventOptions): void {
  checkOptions(FACTORY, options);
  checkArray(FACTORY, 'records', options.records);
  checkArray(FACTORY, 'bodies', options.bodies);
  options.bodies?.forEach((body, index) => {
    checkType(FACTORY, `bodies[${index}]`, body, 'string');
  });
  checkType(FACTORY, 'fifo', options.fifo, 'boolean');
  checkType(FACTORY, 'queueName', options.queueName, 'string');
  checkType(FACTORY, 'messageGroupId', options.messageGroupId, 'string');
  checkType(FACTORY, 'region', options.region, 'string');
  checkType(FACTORY, 'accountId', options.accountId, 'string');
}

/**
 * An SQS event as the Lambda event source mapping delivers it: one record per message, with a fresh
 * messageId and receipt handle each, md5OfBody (and md5OfMessageAttributes) computed the way SQS
 * computes them, and for FIFO queues increasing sequence numbers, a message group and a
 * content-based deduplication id.
 *
 * @example
 * const event = createSqsEvent({ bodies: ['{"id":1}', '{"id":2}'], fifo: true });
 * event.Records[1].attributes.MessageGroupId; // '1'
 */
export function createSqsEvent(options: SqsEventOptions = {}): SQSEvent {
  checkSqsOptions(options);
  const fifo = options.fifo ?? false;
  const region = options.region ?? DEFAULT_REGION;
  const queueName = options.queueName ?? (fifo ? 'my-queue.fifo' : 'my-queue');
  const count = recordCount(options.records, options.bodies);
  const settings: QueueSettings = {
    fifo,
    region,
    arn: `arn:aws:sqs:${region}:${options.accountId ?? DEFAULT_ACCOUNT}:${queueName}`,
    groupId: options.messageGroupId ?? '1',
    sequence: sequenceNumbers(20, count),
    sentAt: Date.now(),
  };
  const records = buildRecords<SQSRecord>({
    factory: FACTORY,
    count,
    entries: options.records,
    text: 'a body string',
    base: (i, body) => baseRecord(settings, i, body ?? options.bodies?.[i] ?? `Test message ${i + 1}.`),
    finish: (record, override) => finishRecord(record, override, fifo),
  });
  return { Records: records };
}
