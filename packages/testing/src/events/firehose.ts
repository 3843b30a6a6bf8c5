import type { FirehoseTransformationEvent, FirehoseTransformationEventRecord } from 'aws-lambda';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, sequenceNumbers, uuid } from './ids.js';
import {
  buildRecords,
  checkArray,
  checkOptions,
  checkRecordOverrides,
  checkStrings,
  type DeepPartial,
  deepMerge,
  recordCount,
} from './merge.js';
import { payloadBase64 } from './payload.js';

/** Options for `createFirehoseEvent`: envelope fields, and the records. */
export interface FirehoseEventOptions extends Partial<Omit<FirehoseTransformationEvent, 'records'>> {
  /** The payload of each record: a string, bytes or a JSON value; `data` is its base64. */
  payloads?: unknown[];
  /** Fields of each record, deep-merged; a `data` given here is used as is (base64). */
  records?: DeepPartial<FirehoseTransformationEventRecord>[];
  /** Default 'my-delivery-stream'. */
  deliveryStreamName?: string;
  accountId?: string;
}

const FACTORY = 'createFirehoseEvent';

function checkFirehoseOptions(options: FirehoseEventOptions): void {
  checkOptions(FACTORY, options);
  checkArray(FACTORY, 'payloads', options.payloads);
  checkRecordOverrides(FACTORY, options.records);
  checkStrings(FACTORY, options, [
    'invocationId',
    'deliveryStreamArn',
    'sourceKinesisStreamArn',
    'region',
    'deliveryStreamName',
    'accountId',
  ]);
}

/**
 * A Kinesis Data Firehose data-transformation event: one record per payload, `data` the base64 of
 * each, arrival times in epoch milliseconds. With `sourceKinesisStreamArn` the delivery stream reads
 * from a Kinesis stream, and each record carries its kinesisRecordMetadata (shard, partition key,
 * sequence number).
 *
 * @example
 * const event = createFirehoseEvent({ payloads: ['{"level":"INFO"}'] });
 * event.records[0].recordId; // '4954...', echo it back with result 'Ok'
 */
export function createFirehoseEvent(options: FirehoseEventOptions = {}): FirehoseTransformationEvent {
  checkFirehoseOptions(options);
  const { payloads, records: overrides, deliveryStreamName, accountId, ...envelope } = options;
  const region = envelope.region ?? DEFAULT_REGION;
  const account = accountId ?? DEFAULT_ACCOUNT;
  const count = recordCount(payloads, overrides);
  const ids = sequenceNumbers(56, count);
  const kinesisSequence = sequenceNumbers(56, count);
  const arrival = Date.now();
  function firehoseRecord(i: number): FirehoseTransformationEventRecord {
    const base: FirehoseTransformationEventRecord = {
      recordId: `${ids[i]}000000`,
      approximateArrivalTimestamp: arrival + i,
      data: payloadBase64(FACTORY, `payloads[${i}]`, payloads?.[i] ?? `Test record ${i + 1}.`),
    };
    if (envelope.sourceKinesisStreamArn !== undefined) {
      base.kinesisRecordMetadata = {
        shardId: 'shardId-000000000000',
        partitionKey: uuid(),
        approximateArrivalTimestamp: arrival + i,
        sequenceNumber: kinesisSequence[i] ?? '',
        subsequenceNumber: '',
      };
    }
    return base;
  }
  const records = buildRecords({ factory: FACTORY, count, entries: overrides, base: firehoseRecord });
  const event: FirehoseTransformationEvent = {
    invocationId: uuid(),
    deliveryStreamArn: `arn:aws:firehose:${region}:${account}:deliverystream/${deliveryStreamName ?? 'my-delivery-stream'}`,
    region,
    records,
  };
  return deepMerge(event, envelope);
}
