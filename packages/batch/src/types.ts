import type { LambdaContext } from '@lambkit/core';
import type { EventType } from './event-type.js';

// The record shapes below are structurally equal to those of @types/aws-lambda, so a handler typed
// with `SQSRecord` from 'aws-lambda' fits, while lambkit's public types do not depend on that package.

/**
 * One SQS message attribute.
 *
 * @example
 * const attribute: SQSMessageAttribute = { dataType: 'String', stringValue: 'eu' };
 */
export interface SQSMessageAttribute {
  stringValue?: string | undefined;
  binaryValue?: string | undefined;
  stringListValues?: string[] | undefined;
  binaryListValues?: string[] | undefined;
  dataType: string;
}

/**
 * The system attributes of an SQS message; FIFO queues add SequenceNumber, MessageGroupId and
 * MessageDeduplicationId.
 *
 * @example
 * record.attributes.MessageGroupId; // '1' on a FIFO queue
 */
export interface SQSRecordAttributes {
  AWSTraceHeader?: string | undefined;
  ApproximateReceiveCount: string;
  SentTimestamp: string;
  SenderId: string;
  ApproximateFirstReceiveTimestamp: string;
  SequenceNumber?: string | undefined;
  MessageGroupId?: string | undefined;
  MessageDeduplicationId?: string | undefined;
  DeadLetterQueueSourceArn?: string | undefined;
}

/**
 * One message of an SQS batch.
 *
 * @example
 * const handler = (record: SQSRecord) => JSON.parse(record.body);
 */
export interface SQSRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: SQSRecordAttributes;
  messageAttributes: Record<string, SQSMessageAttribute>;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
}

/**
 * The Kinesis part of a Kinesis Data Streams record; `data` is base64.
 *
 * @example
 * Buffer.from(record.kinesis.data, 'base64').toString('utf8');
 */
export interface KinesisStreamRecordPayload {
  approximateArrivalTimestamp: number;
  data: string;
  kinesisSchemaVersion: string;
  partitionKey: string;
  sequenceNumber: string;
}

/**
 * One record of a Kinesis Data Streams batch.
 *
 * @example
 * const handler = (record: KinesisStreamRecord) => record.kinesis.sequenceNumber;
 */
export interface KinesisStreamRecord {
  awsRegion: string;
  eventID: string;
  eventName: string;
  eventSource: string;
  eventSourceARN: string;
  eventVersion: string;
  invokeIdentityArn: string;
  kinesis: KinesisStreamRecordPayload;
}

/** One member of T per key, each with only that key set (the others `never`). */
type OneKeyOf<T, K extends keyof T = keyof T> = K extends keyof T
  ? { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never }
  : never;

interface AttributeValueTypes {
  B: string;
  BOOL: boolean;
  BS: string[];
  L: DynamoDBAttributeValue[];
  M: Record<string, DynamoDBAttributeValue>;
  N: string;
  NS: string[];
  NULL: boolean;
  S: string;
  SS: string[];
}

/**
 * A DynamoDB attribute value as a stream record carries it: exactly one type key, as
 * @types/aws-lambda's AttributeValue.
 *
 * @example
 * const id: DynamoDBAttributeValue = { N: '101' };
 */
export type DynamoDBAttributeValue = OneKeyOf<AttributeValueTypes>;

/**
 * The `dynamodb` part of a DynamoDB Streams record.
 *
 * @example
 * record.dynamodb?.NewImage?.Message; // { S: 'New item!' }
 */
export interface StreamRecord {
  ApproximateCreationDateTime?: number | undefined;
  Keys?: { [key: string]: DynamoDBAttributeValue } | undefined;
  NewImage?: { [key: string]: DynamoDBAttributeValue } | undefined;
  OldImage?: { [key: string]: DynamoDBAttributeValue } | undefined;
  SequenceNumber?: string | undefined;
  SizeBytes?: number | undefined;
  StreamViewType?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | undefined;
}

/**
 * One record of a DynamoDB Streams batch.
 *
 * @example
 * const handler = (record: DynamoDBRecord) => record.eventName; // 'INSERT' | 'MODIFY' | 'REMOVE'
 */
export interface DynamoDBRecord {
  awsRegion?: string | undefined;
  dynamodb?: StreamRecord | undefined;
  eventID?: string | undefined;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  eventSource?: string | undefined;
  eventSourceARN?: string | undefined;
  eventVersion?: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: as in @types/aws-lambda and Powertools' types: a hook or identity written for any record type stays assignable
  userIdentity?: any;
}

/**
 * The record type each {@link EventType} delivers.
 *
 * @example
 * type Message = RecordByEventType['SQS']; // SQSRecord
 */
export interface RecordByEventType {
  SQS: SQSRecord;
  KinesisDataStreams: KinesisStreamRecord;
  DynamoDBStreams: DynamoDBRecord;
}

/**
 * A record whose payload a schema has parsed: the SQS `body`, the Kinesis `kinesis.data`, or the
 * DynamoDB `dynamodb.NewImage` and `dynamodb.OldImage`, replaced by the schema's output. The first
 * argument is the record type, as in Powertools (`ParsedRecord<SQSRecord, Order>`), or an
 * {@link EventType} (`ParsedRecord<'SQS', Order>`, whose DynamoDB images stay optional).
 *
 * @example
 * type Order = ParsedRecord<SQSRecord, { orderId: string }>; // Order['body'] is { orderId: string }
 */
export type ParsedRecord<TRecord, TPayload, TOldPayload = TPayload> = TRecord extends EventType
  ? PayloadParsed<TRecord, TPayload>
  : TRecord extends { body: string }
    ? Omit<TRecord, 'body'> & { body: TPayload }
    : TRecord extends { kinesis: { data: string } }
      ? Omit<TRecord, 'kinesis'> & { kinesis: Omit<TRecord['kinesis'], 'data'> & { data: TPayload } }
      : TRecord extends { dynamodb?: StreamRecord }
        ? Omit<TRecord, 'dynamodb'> & {
            dynamodb: Omit<StreamRecord, 'NewImage' | 'OldImage'> & {
              NewImage: TPayload;
              OldImage: TOldPayload;
            };
          }
        : TRecord;

/** The record a lambkit payload schema (`{ schema }` without `parser`) hands to the handler. */
export type PayloadParsed<E extends EventType, T> = E extends 'SQS'
  ? Omit<SQSRecord, 'body'> & { body: T }
  : E extends 'KinesisDataStreams'
    ? Omit<KinesisStreamRecord, 'kinesis'> & {
        kinesis: Omit<KinesisStreamRecordPayload, 'data'> & { data: T };
      }
    : Omit<DynamoDBRecord, 'dynamodb'> & {
        dynamodb?: (Omit<StreamRecord, 'NewImage' | 'OldImage'> & { NewImage?: T; OldImage?: T }) | undefined;
      };

/**
 * The records a batch processor handles, as Powertools names them.
 *
 * @example
 * const record: EventSourceDataClassTypes = event.Records[0];
 */
export type EventSourceDataClassTypes = SQSRecord | KinesisStreamRecord | DynamoDBRecord;

/**
 * Any record a processor may be given: one of the event sources' records, or a plain object.
 *
 * @example
 * processor.register(event.Records as BaseRecord[], recordHandler);
 */
export type BaseRecord = { [key: string]: unknown } | EventSourceDataClassTypes;

/**
 * What `process()` gives for a record that succeeded: `['success', handler result, record]`.
 *
 * @example
 * const [status, result] = (await processor.process())[0]; // 'success', whatever the handler returned
 */
export type SuccessResponse = ['success', unknown, EventSourceDataClassTypes];

/**
 * What `process()` gives for a record that failed: `['fail', error message, record]`.
 *
 * @example
 * const failed = (await processor.process()).filter(([status]) => status === 'fail');
 */
export type FailureResponse = ['fail', string, EventSourceDataClassTypes];

/**
 * One entry of the response: the identifier of a record Lambda must deliver again.
 *
 * @example
 * const failure: PartialItemFailures = { itemIdentifier: '059f36b4-87a3-44ab-83d2-661975830a7d' };
 */
export interface PartialItemFailures {
  itemIdentifier: string;
}

/**
 * What the handler returns to Lambda when ReportBatchItemFailures is on.
 *
 * @example
 * const response: PartialItemFailureResponse = { batchItemFailures: [] }; // every record succeeded
 */
export interface PartialItemFailureResponse {
  batchItemFailures: PartialItemFailures[];
}

/**
 * A batch event: SQS, Kinesis Data Streams or DynamoDB Streams.
 *
 * @example
 * const event: BatchEvent = { Records: [] };
 */
export interface BatchEvent {
  Records: readonly unknown[];
}

/**
 * The third argument of every record handler: what lambkit adds to Powertools' `(record, context)`.
 * A third argument, so a Powertools handler, which takes two, runs unchanged.
 *
 * @example
 * const handler = async (record: SQSRecord, context: LambdaContext, { signal, index }: RecordHandlerExtras) =>
 *   fetch(url, { method: 'POST', body: record.body, signal });
 */
export interface RecordHandlerExtras {
  /**
   * Aborted when the time budget (`timeoutMarginMs`) runs out: pass it to fetch, the AWS SDK
   * (`abortSignal`) or your own loops so an unfinished record stops instead of running on.
   */
  readonly signal: AbortSignal;
  /** The record's position in the batch (`event.Records[index]`). */
  readonly index: number;
}

/**
 * Processes one record; sync or async. Throwing (or rejecting) marks the record failed. It receives
 * the record, the Lambda context (`options.context`, undefined when none was given), as Powertools
 * passes them, then lambkit's {@link RecordHandlerExtras}.
 *
 * @example
 * const handler: RecordHandler<SQSRecord> = async (record, context) => save(JSON.parse(record.body), context.awsRequestId);
 */
export type RecordHandler<TRecord> = (
  record: TRecord,
  context: LambdaContext,
  extras: RecordHandlerExtras,
) => unknown;

/**
 * Options of processPartialResponse, and of the middleware (which takes the context from the request).
 *
 * @example
 * const options: BatchProcessingOptions = { context, concurrency: 10, timeoutMarginMs: 2_000 };
 */
// The type parameter is Powertools' (the processor the options are for); lambkit accepts every option
// with every processor, so it changes nothing.
export interface BatchProcessingOptions<_T = unknown> {
  /** The Lambda context; needed for `timeoutMarginMs`, and handed to every record handler as its second argument. */
  context?: LambdaContext;
  /**
   * At most this many records in progress at once (a whole number >= 1). Default: all of them, as
   * Powertools does. FIFO queues always run one record at a time.
   */
  concurrency?: number;
  /** Throw FullBatchFailureError when every record failed (default true); false returns them all as failures. */
  throwOnFullBatchFailure?: boolean;
  /**
   * The time budget: when fewer than this many milliseconds of the invocation remain, start no new
   * record, abort the signal of those in progress, and return every record not yet succeeded as a
   * failure, so Lambda delivers them again instead of timing out the whole batch. Needs `context`.
   */
  timeoutMarginMs?: number;
  /**
   * FIFO queues only: after a failure, report only the later records of the same message group and
   * go on with the other groups (default false: report every later record).
   */
  skipGroupOnError?: boolean;
  /** Powertools' switch, kept so its code runs unchanged: false is `concurrency: 1`. */
  processInParallel?: boolean;
  /**
   * Called once for every record reported as failed, with the reason, when the batch ends (before
   * the response is returned or FullBatchFailureError thrown): the place to log why a record will be
   * delivered again. An error it throws is written to stderr as one JSON line; the batch's result
   * stands.
   */
  onRecordFailure?: RecordFailureHook;
}

/**
 * Receives a failed record, its position in the batch and why it failed (the handler's error, a
 * ParseError from the schema, a FIFO short-circuit or the time budget).
 *
 * @example
 * const onRecordFailure: RecordFailureHook = (record, error, index) => logger.warn('record failed', { index, error });
 */
// biome-ignore lint/suspicious/noExplicitAny: as in @types/aws-lambda and Powertools' types: a hook or identity written for any record type stays assignable
export type RecordFailureHook = (record: any, error: Error, index: number) => void;
