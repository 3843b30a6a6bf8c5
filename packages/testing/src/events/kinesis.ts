import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, sequenceNumbers } from './ids.js';
import {
  buildRecords,
  checkArray,
  checkOptions,
  checkRecordOverrides,
  checkStrings,
  type DeepPartial,
  recordCount,
} from './merge.js';
import { payloadBase64 } from './payload.js';

/** Options for `createKinesisStreamEvent`. */
export interface KinesisStreamEventOptions {
  /** The payload of each record: a string, bytes or a JSON value; `data` is its base64. */
  payloads?: unknown[];
  /** Fields of each record, deep-merged; a `kinesis.data` given here is used as is (base64). */
  records?: DeepPartial<KinesisStreamRecord>[];
  /** Partition key of every record. Default '1'. */
  partitionKey?: string;
  /** Default 'my-stream'. */
  streamName?: string;
  /** Default 'shardId-000000000000'. */
  shardId?: string;
  region?: string;
  accountId?: string;
}

const FACTORY = 'createKinesisStreamEvent';

function checkKinesisOptions(options: KinesisStreamEventOptions): void {
  checkOptions(FACTORY, options);
  checkArray(FACTORY, 'payloads', options.payloads);
  checkRecordOverrides(FACTORY, options.records);
  checkStrings(FACTORY, options, ['partitionKey', 'streamName', 'shardId', 'region', 'accountId']);
}

/**
 * A Kinesis Data Streams event as the Lambda event source mapping delivers it: the records of one
 * shard with increasing 56-digit sequence numbers, `data` the base64 of each payload, and arrival
 * times in epoch seconds.
 *
 * @example
 * const event = createKinesisStreamEvent({ payloads: [{ id: 1 }, 'plain text'] });
 * Buffer.from(event.Records[0].kinesis.data, 'base64').toString(); // '{"id":1}'
 */
export function createKinesisStreamEvent(options: KinesisStreamEventOptions = {}): KinesisStreamEvent {
  checkKinesisOptions(options);
  const region = options.region ?? DEFAULT_REGION;
  const account = options.accountId ?? DEFAULT_ACCOUNT;
  const shardId = options.shardId ?? 'shardId-000000000000';
  const count = recordCount(options.payloads, options.records);
  const sequence = sequenceNumbers(56, count);
  const arrival = Date.now();
  function kinesisRecord(i: number): KinesisStreamRecord {
    const payload = options.payloads?.[i] ?? `Test record ${i + 1}.`;
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: options.partitionKey ?? '1',
        sequenceNumber: sequence[i] ?? '',
        data: payloadBase64(FACTORY, `payloads[${i}]`, payload),
        approximateArrivalTimestamp: (arrival + i) / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${sequence[i]}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${account}:role/lambda-role`,
      awsRegion: region,
      eventSourceARN: `arn:aws:kinesis:${region}:${account}:stream/${options.streamName ?? 'my-stream'}`,
    };
  }
  const records = buildRecords<KinesisStreamRecord>({
    factory: FACTORY,
    count,
    entries: options.records,
    base: kinesisRecord,
    finish(record, override) {
      // The event id names the record's shard and sequence number; keep it in step with an override.
      if (override?.eventID === undefined) record.eventID = `${shardId}:${record.kinesis.sequenceNumber}`;
      return record;
    },
  });
  return { Records: records };
}
