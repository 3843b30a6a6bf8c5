import { isPlainObject } from '@lambkit/core';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent, StreamRecord } from 'aws-lambda';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, hex, sequenceNumbers } from './ids.js';
import { itemSize, marshallItem } from './marshall.js';
import { checkArray, checkOptions, checkType, type DeepPartial, fail, mergeChecked } from './merge.js';

type StreamViewType = NonNullable<StreamRecord['StreamViewType']>;
type EventName = NonNullable<DynamoDBRecord['eventName']>;

/** One stream record: its images as plain objects (marshalled for you), and any record field. */
export interface DynamoDBStreamRecordInput extends DeepPartial<DynamoDBRecord> {
  /** The item's key attributes. Default { id: '<n>' }. */
  keys?: Record<string, unknown>;
  /** The item after the change (INSERT, MODIFY). Default: the keys. */
  newImage?: Record<string, unknown>;
  /** The item before the change (MODIFY, REMOVE). Default: the keys. */
  oldImage?: Record<string, unknown>;
}

/** Options for `createDynamoDBStreamEvent`. */
export interface DynamoDBStreamEventOptions {
  /** One entry per change. Default one INSERT. */
  records?: DynamoDBStreamRecordInput[];
  /** Which images the stream carries. Default 'NEW_AND_OLD_IMAGES'. */
  streamViewType?: StreamViewType;
  /** Default 'my-table'. */
  tableName?: string;
  region?: string;
  accountId?: string;
}

const FACTORY = 'createDynamoDBStreamEvent';
const EVENT_NAMES: readonly EventName[] = ['INSERT', 'MODIFY', 'REMOVE'];
const VIEW_TYPES: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];

function checkDynamoOptions(options: DynamoDBStreamEventOptions): void {
  checkOptions(FACTORY, options);
  checkArray(FACTORY, 'records', options.records);
  if (options.streamViewType !== undefined && !VIEW_TYPES.includes(options.streamViewType)) {
    fail(FACTORY, 'streamViewType', `one of ${VIEW_TYPES.join(', ')}`, options.streamViewType);
  }
  for (const field of ['tableName', 'region', 'accountId'] as const)
    checkType(FACTORY, field, options[field], 'string');
}

function eventNameOf(input: DynamoDBStreamRecordInput, path: string): EventName {
  if (input.eventName !== undefined) {
    if (!EVENT_NAMES.includes(input.eventName))
      fail(FACTORY, `${path}.eventName`, 'INSERT, MODIFY or REMOVE', input.eventName);
    return input.eventName;
  }
  if (input.oldImage && input.newImage) return 'MODIFY';
  return input.oldImage ? 'REMOVE' : 'INSERT';
}

function images(input: DynamoDBStreamRecordInput, index: number, view: StreamViewType, path: string) {
  const plainKeys = input.keys ?? { id: String(index + 1) };
  const eventName = eventNameOf(input, path);
  const keys = marshallItem(plainKeys, FACTORY, `${path}.keys`);
  const dynamodb: StreamRecord = { Keys: keys };
  if (eventName !== 'REMOVE' && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES')) {
    dynamodb.NewImage = marshallItem(input.newImage ?? plainKeys, FACTORY, `${path}.newImage`);
  }
  if (eventName !== 'INSERT' && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES')) {
    dynamodb.OldImage = marshallItem(input.oldImage ?? plainKeys, FACTORY, `${path}.oldImage`);
  }
  return { eventName, dynamodb };
}

/**
 * A DynamoDB Streams event as the Lambda event source mapping delivers it. Images are written as
 * plain objects and marshalled to AttributeValues; the event name follows from the images given
 * (both: MODIFY, old only: REMOVE, else INSERT); sequence numbers increase, SizeBytes is counted the
 * way DynamoDB counts item size, and the stream view type decides which images are present.
 *
 * @example
 * const event = createDynamoDBStreamEvent({
 *   records: [{ keys: { pk: 'order#1' }, oldImage: { pk: 'order#1', status: 'NEW' }, newImage: { pk: 'order#1', status: 'PAID' } }],
 * });
 * event.Records[0].eventName; // 'MODIFY'
 */
export function createDynamoDBStreamEvent(options: DynamoDBStreamEventOptions = {}): DynamoDBStreamEvent {
  checkDynamoOptions(options);
  const region = options.region ?? DEFAULT_REGION;
  const view = options.streamViewType ?? 'NEW_AND_OLD_IMAGES';
  const now = Date.now();
  const label = new Date(now).toISOString().slice(0, 23);
  const arn = `arn:aws:dynamodb:${region}:${options.accountId ?? DEFAULT_ACCOUNT}:table/${options.tableName ?? 'my-table'}/stream/${label}`;
  const inputs = options.records?.length ? options.records : [{}];
  const sequence = sequenceNumbers(21, inputs.length);
  return {
    Records: inputs.map((input, i) => {
      const path = `records[${i}]`;
      if (!isPlainObject(input)) fail(FACTORY, path, 'an object of record fields', input);
      const { keys: _k, newImage: _n, oldImage: _o, ...override } = input;
      const { eventName, dynamodb } = images(input, i, view, path);
      const base: DynamoDBRecord = {
        eventID: hex(16),
        eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: region,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(now / 1000),
          ...dynamodb,
          SequenceNumber: sequence[i],
          SizeBytes: 0,
          StreamViewType: view,
        },
        eventSourceARN: arn,
      };
      const record = mergeChecked(FACTORY, base, override, path);
      if ((override as DynamoDBRecord).dynamodb?.SizeBytes === undefined && record.dynamodb) {
        const { Keys, NewImage, OldImage } = record.dynamodb as Record<
          string,
          Record<string, AttributeValue>
        >;
        record.dynamodb.SizeBytes = itemSize(Keys) + itemSize(NewImage) + itemSize(OldImage);
      }
      return record;
    }),
  };
}
