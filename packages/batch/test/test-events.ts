// Batches for tests, built by cloning the AWS documentation sample records in __fixtures__ and
// changing only identifiers and payloads.
import dynamodbSample from '../src/__fixtures__/dynamodb.json' with { type: 'json' };
import kinesisSample from '../src/__fixtures__/kinesis.json' with { type: 'json' };
import fifoSample from '../src/__fixtures__/sqs-fifo.json' with { type: 'json' };
import standardSample from '../src/__fixtures__/sqs-standard.json' with { type: 'json' };
import type { DynamoDBRecord, KinesisStreamRecord, SQSRecord } from '../src/types.js';

type Event<R> = { Records: R[] };

function clone<T>(value: T): T {
  return structuredClone(value);
}

export function sqsSample(): Event<SQSRecord> {
  return clone(standardSample) as Event<SQSRecord>;
}

export function fifoSampleEvent(): Event<SQSRecord> {
  return clone(fifoSample) as Event<SQSRecord>;
}

export function kinesisSampleEvent(): Event<KinesisStreamRecord> {
  return clone(kinesisSample) as Event<KinesisStreamRecord>;
}

export function dynamodbSampleEvent(): Event<DynamoDBRecord> {
  return clone(dynamodbSample) as Event<DynamoDBRecord>;
}

/** A standard-queue batch of `bodies.length` messages, message ids `msg-0`, `msg-1`, ... */
export function sqsBatch(bodies: readonly string[]): Event<SQSRecord> {
  const template = standardSample.Records[0];
  return {
    Records: bodies.map((body, i) => ({ ...clone(template), messageId: `msg-${i}`, body }) as SQSRecord),
  };
}

/** A FIFO batch; `groups[i]` is the MessageGroupId of message `msg-i`. */
export function fifoBatch(groups: readonly string[]): Event<SQSRecord> {
  const template = fifoSample.Records[0];
  return {
    Records: groups.map((group, i) => {
      const record = clone(template) as SQSRecord;
      record.messageId = `msg-${i}`;
      record.attributes.MessageGroupId = group;
      record.attributes.SequenceNumber = String(18849496460467696128n + BigInt(i));
      return record;
    }),
  };
}

/** A Kinesis batch whose data are the given texts, base64-encoded; sequence numbers `seq-0`, ... */
export function kinesisBatch(texts: readonly string[]): Event<KinesisStreamRecord> {
  const template = kinesisSample.Records[0];
  return {
    Records: texts.map((text, i) => {
      const record = clone(template) as KinesisStreamRecord;
      record.kinesis.sequenceNumber = `seq-${i}`;
      record.kinesis.data = Buffer.from(text, 'utf8').toString('base64');
      return record;
    }),
  };
}

/** A DynamoDB Streams batch of `count` MODIFY records, sequence numbers `100`, `101`, ... */
export function dynamodbBatch(count: number): Event<DynamoDBRecord> {
  const template = dynamodbSample.Records[1];
  return {
    Records: Array.from({ length: count }, (_, i) => {
      const record = clone(template) as DynamoDBRecord;
      record.dynamodb!.SequenceNumber = String(100 + i);
      return record;
    }),
  };
}

/** The item identifiers of a response, sorted, for set comparisons. */
export function identifiers(response: { batchItemFailures: { itemIdentifier: string }[] }): string[] {
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
