import type { EventBridgeEvent, S3ObjectCreatedNotificationEvent, ScheduledEvent } from 'aws-lambda';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, hex, isoSeconds, s3RequestId, sourceIp, uuid } from './ids.js';
import {
  checkAgainst,
  checkOptions,
  checkType,
  type DeepPartial,
  deepMerge,
  fail,
  MAP_KEYS,
  mergeChecked,
} from './merge.js';

/** Overrides for `createEventBridgeEvent`: any envelope field, and the detail. */
export type EventBridgeEventOptions<TDetailType extends string, TDetail> = Partial<
  EventBridgeEvent<TDetailType, TDetail>
>;

function envelope(region: string, account: string): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: uuid(),
    'detail-type': 'Custom Event',
    source: 'com.example.app',
    account,
    time: isoSeconds(Date.now()),
    region,
    resources: [],
    detail: {},
  };
}

function checkEnvelope(factory: string, options: Record<string, unknown>, template: unknown): void {
  checkOptions(factory, options);
  checkAgainst(factory, template, options, '');
}

/**
 * An EventBridge event as a rule delivers it to a function (PutEvents from your own application, or
 * an AWS service event): a fresh id, the time to the second, and the detail you give.
 *
 * @example
 * const event = createEventBridgeEvent({
 *   source: 'com.example.orders', 'detail-type': 'Order Placed', detail: { orderId: '1' },
 * });
 * event.detail.orderId; // '1'
 */
export function createEventBridgeEvent<
  TDetail = Record<string, unknown>,
  TDetailType extends string = string,
>(options: EventBridgeEventOptions<TDetailType, TDetail> = {}): EventBridgeEvent<TDetailType, TDetail> {
  const factory = 'createEventBridgeEvent';
  const template = envelope(options?.region ?? DEFAULT_REGION, options?.account ?? DEFAULT_ACCOUNT);
  checkEnvelope(factory, options as Record<string, unknown>, template);
  return deepMerge(template, options) as EventBridgeEvent<TDetailType, TDetail>;
}

/** Options for `createScheduledEvent`: the rule's name, and any envelope field. */
export interface ScheduledEventOptions extends Partial<ScheduledEvent> {
  /** The EventBridge rule (or schedule) that fired. Default 'my-schedule'. */
  ruleName?: string;
}

/**
 * The event an EventBridge schedule rule (rate or cron) sends: source aws.events, detail-type
 * 'Scheduled Event', an empty detail and the rule's ARN as the only resource.
 *
 * @example
 * const event = createScheduledEvent({ ruleName: 'nightly-report' });
 * event.resources[0]; // 'arn:aws:events:us-east-1:123456789012:rule/nightly-report'
 */
export function createScheduledEvent(options: ScheduledEventOptions = {}): ScheduledEvent {
  const factory = 'createScheduledEvent';
  checkOptions(factory, options);
  const { ruleName, ...overrides } = options;
  checkType(factory, 'ruleName', ruleName, 'string');
  const region = overrides.region ?? DEFAULT_REGION;
  const account = overrides.account ?? DEFAULT_ACCOUNT;
  const template: ScheduledEvent = {
    ...envelope(region, account),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    resources: [`arn:aws:events:${region}:${account}:rule/${ruleName ?? 'my-schedule'}`],
    detail: {},
  };
  checkEnvelope(factory, overrides as Record<string, unknown>, template);
  return deepMerge(template, overrides);
}

/** Options for `createS3EventBridgeEvent`. */
export interface S3EventBridgeEventOptions extends DeepPartial<S3ObjectCreatedNotificationEvent> {
  /** Default 'example-bucket'. */
  bucket?: string;
  /** The object key as stored (EventBridge carries it as is). Default 'example/object-1.json'. */
  key?: string;
  /** Default 1024. */
  size?: number;
}

// The detail of an S3 EventBridge event is structured, so overrides merge into it like any object.
const S3_MAPS: ReadonlySet<string> = new Set([...MAP_KEYS].filter((key) => key !== 'detail'));

/**
 * The "Object Created" event S3 sends to EventBridge when the bucket has EventBridge notifications
 * on: the bucket as the resource, and a detail with the object, its version, the request id, the
 * requester, the source IP and the reason (PutObject by default).
 *
 * @example
 * const event = createS3EventBridgeEvent({ bucket: 'uploads', key: 'photos/cat.jpg', size: 5 });
 * event.detail.object.key; // 'photos/cat.jpg'
 */
export function createS3EventBridgeEvent(
  options: S3EventBridgeEventOptions = {},
): S3ObjectCreatedNotificationEvent {
  const factory = 'createS3EventBridgeEvent';
  checkOptions(factory, options);
  const { bucket = 'example-bucket', key = 'example/object-1.json', size = 1024, ...overrides } = options;
  checkType(factory, 'bucket', bucket, 'string');
  checkType(factory, 'key', key, 'string');
  if (!(Number.isInteger(size) && size >= 0)) fail(factory, 'size', 'a whole number of bytes', size);
  const region = overrides.region ?? DEFAULT_REGION;
  const account = overrides.account ?? DEFAULT_ACCOUNT;
  const template: S3ObjectCreatedNotificationEvent = {
    ...(envelope(region, account) as EventBridgeEvent<'Object Created', never>),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: {
        key,
        size,
        etag: hex(16),
        'version-id': hex(16),
        sequencer: hex(8).toUpperCase().padStart(18, '0'),
      },
      'request-id': s3RequestId(),
      requester: account,
      'source-ip-address': sourceIp(),
      reason: 'PutObject',
    },
  };
  return mergeChecked(factory, template, overrides, '', S3_MAPS);
}
