import { gzipSync } from 'node:zlib';
import { isPlainObject } from '@lambkit/core';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent, CloudWatchLogsLogEvent } from 'aws-lambda';
import { DEFAULT_ACCOUNT, hex, sequenceNumbers } from './ids.js';
import { checkAgainst, checkArray, checkOptions, deepMerge, fail, mergeChecked } from './merge.js';

/** Options for `createCloudWatchLogsEvent`: fields of the decoded payload, and its log events. */
export interface CloudWatchLogsEventOptions extends Partial<Omit<CloudWatchLogsDecodedData, 'logEvents'>> {
  /** One entry per log event: the message, or fields of the log event. Default one message. */
  logEvents?: (string | Partial<CloudWatchLogsLogEvent>)[];
}

const FACTORY = 'createCloudWatchLogsEvent';

function logStreamName(now: number): string {
  return `${new Date(now).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${hex(16)}`;
}

/**
 * The payload of a CloudWatch Logs subscription, decoded: what `createCloudWatchLogsEvent` gzips and
 * base64-encodes into `awslogs.data`.
 *
 * @example
 * createCloudWatchLogsPayload({ logEvents: ['hello'] }).logEvents[0].message; // 'hello'
 */
export function createCloudWatchLogsPayload(
  options: CloudWatchLogsEventOptions = {},
): CloudWatchLogsDecodedData {
  checkOptions(FACTORY, options);
  checkArray(FACTORY, 'logEvents', options.logEvents);
  const { logEvents: entries = ['Test log message 1.'], ...fields } = options;
  const now = Date.now();
  const ids = sequenceNumbers(56, entries.length);
  const template: CloudWatchLogsDecodedData = {
    messageType: 'DATA_MESSAGE',
    owner: DEFAULT_ACCOUNT,
    logGroup: '/aws/lambda/my-function',
    logStream: logStreamName(now),
    subscriptionFilters: ['my-subscription-filter'],
    logEvents: [{ id: ids[0] ?? '', timestamp: now, message: '' }],
  };
  checkAgainst(FACTORY, template, fields, '');
  const logEvents = entries.map((entry, i): CloudWatchLogsLogEvent => {
    if (typeof entry !== 'string' && !isPlainObject(entry)) {
      fail(FACTORY, `logEvents[${i}]`, 'a message string or an object of log event fields', entry);
    }
    const base = { id: ids[i] ?? '', timestamp: now + i, message: typeof entry === 'string' ? entry : '' };
    if (typeof entry === 'string') return base;
    return mergeChecked(FACTORY, base, entry, `logEvents[${i}]`);
  });
  return deepMerge({ ...template, logEvents }, fields);
}

/**
 * A CloudWatch Logs subscription event: `awslogs.data` is the base64 of the gzipped JSON payload,
 * exactly as CloudWatch Logs sends it. Each log event gets a 56-digit id and a timestamp.
 *
 * @example
 * const event = createCloudWatchLogsEvent({ logGroup: '/aws/lambda/orders', logEvents: ['START', 'END'] });
 * JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString()).logEvents.length; // 2
 */
export function createCloudWatchLogsEvent(options: CloudWatchLogsEventOptions = {}): CloudWatchLogsEvent {
  const payload = createCloudWatchLogsPayload(options);
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}
