import { decodeS3Key } from './decode-s3-key.js';
import { type DecodeSettings, type NormalizeS3EventOptions, resolveSettings } from './options.js';
import { S3KeyDecodeError } from './s3-key-decode-error.js';

type Json = { [key: string]: any; [key: symbol]: unknown };

/**
 * Marks what has been decoded, so an event is never decoded twice (a second pass would turn "%25"
 * into "%" and "%2B" into "+" a second time). It is set, non-enumerable, on each top-level record
 * (S3, SQS or SNS record), Batch Operations task and EventBridge event once its keys are decoded:
 * JSON.stringify and object spread do not see it. `Symbol.for`, so the ES module and CommonJS builds
 * of this package, loaded side by side, share it.
 */
const DECODED = Symbol.for('@lambkit/s3.keysDecoded');

// Where a key was read from, with "#" for the record indexes; expanded only when a key is invalid.
const S3_RECORD = 'Records[#].s3.object.key';
const BATCH_TASK = 'tasks[#].s3Key';
const EVENTBRIDGE = 'detail.object.key';

/** The paths of the keys inside a JSON payload carried by an SQS body or an SNS message. */
interface PayloadFields {
  readonly notification: string;
  readonly eventBridge: string;
}
const SQS_BODY: PayloadFields = {
  notification: 'Records[#].body.Records[#].s3.object.key',
  eventBridge: 'Records[#].body.detail.object.key',
};
const SNS_IN_SQS_BODY: PayloadFields = {
  notification: 'Records[#].body.Message.Records[#].s3.object.key',
  eventBridge: 'Records[#].body.Message.detail.object.key',
};
const SNS_MESSAGE: PayloadFields = {
  notification: 'Records[#].Sns.Message.Records[#].s3.object.key',
  eventBridge: 'Records[#].Sns.Message.detail.object.key',
};

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object';
}

function isDecoded(target: Json): boolean {
  return target[DECODED] === true;
}

function markDecoded(target: Json): void {
  Object.defineProperty(target, DECODED, { value: true });
}

function describeField(template: string, outer: number, inner: number): string {
  return template.replace('#', String(outer)).replace('#', String(inner));
}

/** Decodes one key; on an invalid key throws with the field named, or keeps it and warns. */
function decodeKey(
  raw: string,
  settings: DecodeSettings,
  template: string,
  outer: number,
  inner: number,
): string {
  try {
    return decodeS3Key(raw);
  } catch (error) {
    if (!(error instanceof S3KeyDecodeError)) throw error;
    const field = describeField(template, outer, inner);
    if (!settings.keep) throw new S3KeyDecodeError(raw, error.offset, error.reason, field);
    settings.logger.warn('S3 object key kept as received: it is not valid URL encoding', {
      key: raw,
      field,
      offset: error.offset,
      reason: error.reason,
    });
    return raw;
  }
}

/** Decodes `holder[property]` in place when it is a string; returns whether it changed. */
function decodeProperty(
  holder: unknown,
  property: string,
  settings: DecodeSettings,
  template: string,
  outer: number,
  inner: number,
): boolean {
  if (!isObject(holder)) return false;
  const raw = holder[property];
  if (typeof raw !== 'string') return false;
  const decoded = decodeKey(raw, settings, template, outer, inner);
  if (decoded === raw) return false;
  holder[property] = decoded;
  return true;
}

function isS3Record(record: unknown): record is Json {
  return isObject(record) && record.eventSource === 'aws:s3';
}

function isEventBridgeS3Event(value: Json): boolean {
  return value.source === 'aws.s3' && isObject(value.detail);
}

/** Decodes the keys of an S3 notification (`{ Records: [...] }`) found in a payload. */
function decodeNotification(
  payload: Json,
  settings: DecodeSettings,
  template: string,
  outer: number,
): boolean {
  const records = payload.Records;
  if (!Array.isArray(records)) return false;
  let changed = false;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (isS3Record(record) && decodeProperty(record.s3?.object, 'key', settings, template, outer, i))
      changed = true;
  }
  return changed;
}

/** An S3 notification or an S3 event from EventBridge, parsed from an SQS body or SNS message. */
function decodePayload(
  payload: Json,
  settings: DecodeSettings,
  fields: PayloadFields,
  outer: number,
): boolean {
  if (isEventBridgeS3Event(payload)) {
    return decodeProperty(payload.detail.object, 'key', settings, fields.eventBridge, outer, 0);
  }
  return decodeNotification(payload, settings, fields.notification, outer);
}

/**
 * Parses a string that may hold an S3 payload. Most SQS bodies and SNS messages are not S3 events:
 * two native substring checks skip JSON.parse for them, and non-JSON text is left as it is.
 */
function parseS3Payload(text: unknown): Json | undefined {
  if (typeof text !== 'string' || (!text.includes('aws:s3') && !text.includes('aws.s3'))) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** SQS body: an S3 notification or EventBridge event, or an SNS envelope carrying one. */
function decodeSqsRecord(record: Json, settings: DecodeSettings, index: number): void {
  const body = parseS3Payload(record.body);
  if (body === undefined) return;
  let changed: boolean;
  if (body.Type === 'Notification' && typeof body.Message === 'string') {
    const message = parseS3Payload(body.Message);
    changed = message !== undefined && decodePayload(message, settings, SNS_IN_SQS_BODY, index);
    if (changed) body.Message = JSON.stringify(message);
  } else {
    changed = decodePayload(body, settings, SQS_BODY, index);
  }
  // The body stays a string, as SQS delivers it; it is rewritten only when a key changed.
  if (changed) record.body = JSON.stringify(body);
}

function decodeSnsRecord(record: Json, settings: DecodeSettings, index: number): void {
  const sns = record.Sns;
  if (!isObject(sns)) return;
  const message = parseS3Payload(sns.Message);
  if (message !== undefined && decodePayload(message, settings, SNS_MESSAGE, index)) {
    sns.Message = JSON.stringify(message);
  }
}

function decodeRecords(records: unknown[], settings: DecodeSettings): void {
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (!isObject(record) || isDecoded(record)) continue;
    if (record.eventSource === 'aws:s3') decodeProperty(record.s3?.object, 'key', settings, S3_RECORD, i, 0);
    else if (record.eventSource === 'aws:sqs') decodeSqsRecord(record, settings, i);
    else if (record.EventSource === 'aws:sns') decodeSnsRecord(record, settings, i);
    else continue;
    markDecoded(record);
  }
}

function decodeBatchTasks(tasks: unknown[], settings: DecodeSettings): void {
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i];
    if (!isObject(task) || isDecoded(task)) continue;
    decodeProperty(task, 's3Key', settings, BATCH_TASK, i, 0);
    markDecoded(task);
  }
}

/**
 * Decodes, in place, the object keys of the S3 event shapes that carry them URL-encoded. Used by
 * `normalizeS3Event` and the middleware with settings resolved once.
 */
export function decodeEventKeys(event: unknown, settings: DecodeSettings): void {
  if (!isObject(event)) return;
  const records = event.Records;
  if (Array.isArray(records)) {
    decodeRecords(records, settings);
  } else if (Array.isArray(event.tasks) && typeof event.invocationSchemaVersion === 'string') {
    decodeBatchTasks(event.tasks, settings);
  } else if (isEventBridgeS3Event(event) && !isDecoded(event)) {
    decodeProperty(event.detail.object, 'key', settings, EVENTBRIDGE, 0, 0);
    markDecoded(event);
  }
}

/**
 * Decodes, in place, every URL-encoded S3 object key in `event` and returns the same event:
 * S3 notifications (`Records[].s3.object.key`), S3 Batch Operations tasks (`tasks[].s3Key`), S3
 * notifications inside SQS bodies, inside SNS messages and inside SNS messages inside SQS bodies, and
 * S3 events delivered by EventBridge (`detail.object.key`), also when EventBridge sends them on to
 * SQS or SNS. Anything else, other JSON or non-JSON bodies included, is left untouched. An SQS body or
 * SNS message stays a string, rewritten only when a key in it changed.
 *
 * Idempotent: what was decoded is marked, so calling it twice (or after the `s3KeyDecoder` middleware)
 * never decodes a key twice.
 *
 * @example
 * export const handler = async (event: S3Event) => {
 *   normalizeS3Event(event);
 *   const key = event.Records[0].s3.object.key; // 'uploads/my file(1).jpg', as stored in S3
 * };
 */
export function normalizeS3Event<T>(event: T, options?: NormalizeS3EventOptions): T {
  decodeEventKeys(event, resolveSettings(options, 'normalizeS3Event'));
  return event;
}
