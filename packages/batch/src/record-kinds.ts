import { BatchProcessingError, UnexpectedBatchTypeError } from './errors.js';
import { EventType } from './event-type.js';

/** What the processor knows about one event type: how to recognise its records and identify them. */
export interface RecordKind {
  readonly eventType: EventType;
  /** The `eventSource` every record of this type carries. */
  readonly eventSource: string;
  /** Where the identifier Lambda expects in `itemIdentifier` lives, for error messages. */
  readonly identifierField: string;
  /** The record's identifier, unchecked. */
  // biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
  identifierOf(record: any): unknown;
  /** Whether a record without `eventSource` still has this type's shape. */
  // biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
  hasShape(record: any): boolean;
}

const SQS_KIND: RecordKind = {
  eventType: EventType.SQS,
  eventSource: 'aws:sqs',
  identifierField: 'messageId',
  identifierOf: (record) => record.messageId,
  hasShape: (record) => typeof record.messageId === 'string' && 'body' in record,
};

const KINESIS_KIND: RecordKind = {
  eventType: EventType.KinesisDataStreams,
  eventSource: 'aws:kinesis',
  identifierField: 'kinesis.sequenceNumber',
  identifierOf: (record) => record.kinesis?.sequenceNumber,
  hasShape: (record) => typeof record.kinesis === 'object' && record.kinesis !== null,
};

const DYNAMODB_KIND: RecordKind = {
  eventType: EventType.DynamoDBStreams,
  eventSource: 'aws:dynamodb',
  identifierField: 'dynamodb.SequenceNumber',
  identifierOf: (record) => record.dynamodb?.SequenceNumber,
  hasShape: (record) => typeof record.dynamodb === 'object' && record.dynamodb !== null,
};

const KINDS: Readonly<Record<EventType, RecordKind>> = {
  SQS: SQS_KIND,
  KinesisDataStreams: KINESIS_KIND,
  DynamoDBStreams: DYNAMODB_KIND,
};

const TYPE_BY_SOURCE: Readonly<Record<string, string>> = {
  'aws:sqs': EventType.SQS,
  'aws:kinesis': EventType.KinesisDataStreams,
  'aws:dynamodb': EventType.DynamoDBStreams,
};

/**
 * The record kind of an event type; a value that is not one throws, naming it.
 *
 * @example
 * recordKindOf(EventType.SQS).identifierField; // 'messageId'
 */
export function recordKindOf(eventType: unknown): RecordKind {
  const kind = typeof eventType === 'string' ? KINDS[eventType as EventType] : undefined;
  if (kind === undefined || !Object.hasOwn(KINDS, eventType as string)) {
    throw new TypeError(
      `BatchProcessor: eventType must be one of ${Object.keys(KINDS).join(', ')}, got ${JSON.stringify(eventType) ?? String(eventType)}`,
    );
  }
  return kind;
}

function expectedOf(kind: RecordKind): string {
  return `${kind.eventType} records (eventSource "${kind.eventSource}")`;
}

function listKeys(value: object): string {
  const keys = Object.keys(value);
  const shown = keys.slice(0, 6).join(', ');
  return keys.length > 6 ? `${shown}, ...` : shown;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Names what an event holds instead of a batch, for UnexpectedBatchTypeError, without its values.
 *
 * @example
 * describeEvent({ detail: {} }); // 'an event without Records (keys: detail)'
 */
export function describeEvent(event: unknown): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return describeValue(event);
  const records = (event as { Records?: unknown }).Records;
  if (records === undefined) return `an event without Records (keys: ${listKeys(event)})`;
  return `an event whose Records is ${describeValue(records)}`;
}

// biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
function describeRecord(record: any): string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return describeValue(record);
  const source = record.eventSource ?? record.EventSource;
  if (typeof source === 'string') {
    const type = TYPE_BY_SOURCE[source];
    return type === undefined ? `a record with eventSource "${source}"` : `${type} (eventSource "${source}")`;
  }
  return `a record without eventSource (keys: ${listKeys(record)})`;
}

// biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
function checkRecord(kind: RecordKind, record: any, index: number): void {
  if (typeof record !== 'object' || record === null) {
    throw new UnexpectedBatchTypeError(expectedOf(kind), describeRecord(record), index);
  }
  const source = record.eventSource;
  if (source === undefined ? !kind.hasShape(record) : source !== kind.eventSource) {
    throw new UnexpectedBatchTypeError(expectedOf(kind), describeRecord(record), index);
  }
  const id = kind.identifierOf(record);
  if (typeof id !== 'string' || id === '') {
    // Without its identifier a failed record could not be reported, and would be lost.
    throw new BatchProcessingError(
      `Records[${index}] has no ${kind.identifierField} to report it by (found ${id === '' ? 'an empty string' : describeValue(id)}), so the batch is rejected whole`,
    );
  }
}

/**
 * The records of `event` once every one is known to be of the processor's type and to carry its
 * identifier. Anything else throws UnexpectedBatchTypeError naming what was found (or, for a record
 * without identifier, BatchProcessingError), so nothing runs on a batch that could not be reported.
 *
 * @example
 * const records = checkBatch(event, recordKindOf(EventType.SQS));
 */
// biome-ignore lint/suspicious/noExplicitAny: a record of any of the event sources, whose shape checkBatch has checked, read by field
export function checkBatch(event: unknown, kind: RecordKind): readonly any[] {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records)) throw new UnexpectedBatchTypeError(expectedOf(kind), describeEvent(event));
  for (let i = 0; i < records.length; i++) checkRecord(kind, records[i], i);
  return records;
}
