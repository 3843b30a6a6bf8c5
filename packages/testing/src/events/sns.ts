import { randomBytes } from 'node:crypto';
import { isPlainObject } from '@lambkit/core';
import type { SNSEvent, SNSEventRecord, SNSMessageAttributes } from 'aws-lambda';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, hex, uuid } from './ids.js';
import {
  buildRecords,
  checkArray,
  checkOptions,
  checkType,
  type DeepPartial,
  fail,
  recordCount,
} from './merge.js';

/** Options for `createSnsEvent`. */
export interface SnsEventOptions {
  /** One entry per notification: a message, or fields of the record (deep-merged). */
  records?: (string | DeepPartial<SNSEventRecord>)[];
  /** Shorthand for the messages; combined index by index with `records`. */
  messages?: string[];
  /** The Subject the publisher set; left out when not given. */
  subject?: string;
  /** Message attributes of every notification. Default none. */
  messageAttributes?: SNSMessageAttributes;
  /** Default 'my-topic'. */
  topicName?: string;
  region?: string;
  accountId?: string;
}

const FACTORY = 'createSnsEvent';

function checkSnsOptions(options: SnsEventOptions): void {
  checkOptions(FACTORY, options);
  checkArray(FACTORY, 'records', options.records);
  checkArray(FACTORY, 'messages', options.messages);
  options.messages?.forEach((message, index) => {
    checkType(FACTORY, `messages[${index}]`, message, 'string');
  });
  checkType(FACTORY, 'subject', options.subject, 'string');
  if (options.messageAttributes !== undefined && !isPlainObject(options.messageAttributes)) {
    fail(FACTORY, 'messageAttributes', 'an object', options.messageAttributes);
  }
  checkType(FACTORY, 'topicName', options.topicName, 'string');
  checkType(FACTORY, 'region', options.region, 'string');
  checkType(FACTORY, 'accountId', options.accountId, 'string');
}

interface TopicSettings {
  topicArn: string;
  region: string;
  subject?: string;
  attributes: SNSMessageAttributes;
  publishedAt: number;
}

function baseRecord(settings: TopicSettings, index: number, message: string): SNSEventRecord {
  const subscriptionArn = `${settings.topicArn}:${uuid()}`;
  const host = `https://sns.${settings.region}.amazonaws.com`;
  const record: SNSEventRecord = {
    EventVersion: '1.0',
    EventSubscriptionArn: subscriptionArn,
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: new Date(settings.publishedAt + index).toISOString(),
      Signature: randomBytes(256).toString('base64'),
      SigningCertUrl: `${host}/SimpleNotificationService-${hex(16)}.pem`,
      MessageId: uuid(),
      Message: message,
      MessageAttributes: { ...settings.attributes },
      Type: 'Notification',
      UnsubscribeUrl: `${host}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
      TopicArn: settings.topicArn,
    },
  };
  if (settings.subject !== undefined) record.Sns.Subject = settings.subject;
  return record;
}

/**
 * An SNS event as SNS delivers it to a subscribed function: one record per notification, each with
 * its own MessageId, subscription ARN, signature and certificate and unsubscribe URLs.
 *
 * @example
 * const event = createSnsEvent({ messages: ['{"orderId":"1"}'], subject: 'Order placed' });
 * event.Records[0].Sns.Subject; // 'Order placed'
 */
export function createSnsEvent(options: SnsEventOptions = {}): SNSEvent {
  checkSnsOptions(options);
  const region = options.region ?? DEFAULT_REGION;
  const settings: TopicSettings = {
    topicArn: `arn:aws:sns:${region}:${options.accountId ?? DEFAULT_ACCOUNT}:${options.topicName ?? 'my-topic'}`,
    region,
    subject: options.subject,
    attributes: options.messageAttributes ?? {},
    publishedAt: Date.now(),
  };
  const records = buildRecords<SNSEventRecord>({
    factory: FACTORY,
    count: recordCount(options.records, options.messages),
    entries: options.records,
    text: 'a message string',
    base: (i, message) =>
      baseRecord(settings, i, message ?? options.messages?.[i] ?? `Test notification ${i + 1}.`),
  });
  return { Records: records };
}
