import { gzipSync } from 'node:zlib';
import {
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  CloudWatchEnvelope,
  DynamoDBStreamEnvelope,
  EventBridgeEnvelope,
  KafkaEnvelope,
  KinesisEnvelope,
  KinesisFirehoseEnvelope,
  LambdaFunctionUrlEnvelope,
  ParseError,
  parse,
  SnsEnvelope,
  SnsSqsEnvelope,
  SqsEnvelope,
  VpcLatticeEnvelope,
  VpcLatticeV2Envelope,
} from '@lambkit/parser';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

const order = z.object({ orderId: z.string(), total: z.number() });
const orderJson = (i: number) => JSON.stringify({ orderId: `order-${i}`, total: 10 + i });
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('SqsEnvelope', () => {
  it('parses every record body of the AWS sample event as JSON into the schema', () => {
    const event = loadFixture('sqs');
    event.Records.forEach((record: any, i: number) => {
      record.body = orderJson(i);
    });

    const orders = parse(event, SqsEnvelope, order);

    expect(orders).toEqual([
      { orderId: 'order-0', total: 10 },
      { orderId: 'order-1', total: 11 },
    ]);
  });

  it('hands the raw body to the schema with payload: "text"', () => {
    const event = loadFixture('sqs');

    const bodies = parse(event, SqsEnvelope, z.string(), { payload: 'text' });

    expect(bodies).toEqual(['Test message.', 'Test message.']);
  });

  it('accepts a Valibot schema as well as a Zod one', () => {
    const event = loadFixture('sqs-fifo');
    event.Records[0].body = orderJson(7);

    const orders = parse(event, SqsEnvelope, v.object({ orderId: v.string(), total: v.number() }));

    expect(orders).toEqual([{ orderId: 'order-7', total: 17 }]);
  });
});

describe('SnsEnvelope', () => {
  it('parses each Sns.Message of the AWS sample event', () => {
    const event = loadFixture('sns');
    event.Records[0].Sns.Message = orderJson(1);

    expect(parse(event, SnsEnvelope, order)).toEqual([{ orderId: 'order-1', total: 11 }]);
  });
});

describe('SnsSqsEnvelope', () => {
  it('parses the SNS notification in each SQS body, then its Message', () => {
    const event = loadFixture('sns-sqs');

    expect(parse(event, SnsSqsEnvelope, order)).toEqual([{ orderId: 'order-1', total: 42.5 }]);
  });

  it('names the Message inside the body when the message is wrong', () => {
    const event = loadFixture('sns-sqs');

    const act = () => parse(event, SnsSqsEnvelope, z.object({ orderId: z.number() }));

    expect(act).toThrow('Invalid input at Records[0].body.Message.orderId: expected number, received string');
  });
});

describe('EventBridgeEnvelope', () => {
  it('hands the detail of the AWS sample event to the schema', () => {
    const event = loadFixture('eventbridge');

    const detail = parse(event, EventBridgeEnvelope, z.object({ SourceType: z.string() }));

    expect(detail).toEqual({ SourceType: 'DB_INSTANCE' });
  });

  it('names the field of the detail a schema refuses', () => {
    const act = () =>
      parse(loadFixture('eventbridge'), EventBridgeEnvelope, z.object({ SourceType: z.number() }));

    expect(act).toThrow('Invalid input at detail.SourceType: expected number, received string');
  });

  it('refuses an event without detail', () => {
    const act = () => parse({ source: 'x' }, EventBridgeEnvelope, z.unknown());

    expect(act).toThrow('Invalid input at detail: expected a value, received undefined');
  });
});

describe('DynamoDBStreamEnvelope', () => {
  it('unmarshalls NewImage and OldImage of each record of the AWS sample event', () => {
    const event = loadFixture('dynamodb-stream');
    const item = z.object({ Id: z.number(), Message: z.string() });

    const changes = parse(event, DynamoDBStreamEnvelope, item);

    expect(changes).toEqual([
      { NewImage: { Id: 101, Message: 'New item!' } },
      {
        NewImage: { Id: 101, Message: 'This item has changed' },
        OldImage: { Id: 101, Message: 'New item!' },
      },
      { OldImage: { Id: 101, Message: 'This item has changed' } },
    ]);
  });

  it('names the image and attribute a schema refuses', () => {
    const event = loadFixture('dynamodb-stream');

    const act = () => parse(event, DynamoDBStreamEnvelope, z.object({ Id: z.string() }));

    expect(act).toThrow('Invalid input at Records[0].dynamodb.NewImage.Id: expected string, received number');
  });

  it('names the attribute of a malformed image', () => {
    const event = loadFixture('dynamodb-stream');
    event.Records[2].dynamodb.OldImage.Id = { N: 'abc' };

    const error = catchParseError(() => parse(event, DynamoDBStreamEnvelope, z.unknown()));

    expect(error.path).toBe('Records[2].dynamodb.OldImage.Id');
    expect(error.recordIndex).toBe(2);
  });
});

describe('KinesisEnvelope', () => {
  it('decodes the base64 data of each record', () => {
    const event = loadFixture('kinesis');

    const texts = parse(event, KinesisEnvelope, z.string(), { payload: 'text' });

    expect(texts).toEqual(['Hello, this is a test.', 'This is only a test.']);
  });

  it('parses base64 JSON data into the schema', () => {
    const event = loadFixture('kinesis');
    event.Records[1].kinesis.data = base64(orderJson(3));
    event.Records = [event.Records[1]];

    expect(parse(event, KinesisEnvelope, order)).toEqual([{ orderId: 'order-3', total: 13 }]);
  });

  it('names the field of the data a schema refuses', () => {
    const event = loadFixture('kinesis');
    event.Records = [event.Records[1]];
    event.Records[0].kinesis.data = base64('{"orderId":7,"total":1}');

    expect(() => parse(event, KinesisEnvelope, order)).toThrow(
      'Invalid input at Records[0].kinesis.data.orderId: expected string, received number (record 0)',
    );
  });

  it('gives the bytes with payload: "bytes"', () => {
    const event = loadFixture('kinesis');

    const [bytes] = parse(event, KinesisEnvelope, z.instanceof(Uint8Array), { payload: 'bytes' });

    expect(Buffer.from(bytes!).toString()).toBe('Hello, this is a test.');
  });
});

describe('KinesisFirehoseEnvelope', () => {
  it('decodes the base64 data of each record of the AWS sample event', () => {
    const event = loadFixture('kinesis-firehose');

    expect(parse(event, KinesisFirehoseEnvelope, z.string(), { payload: 'text' })).toEqual(['Hello World']);
  });
});

describe('CloudWatchEnvelope', () => {
  it('gunzips the AWS sample payload and hands each log message to the schema', () => {
    const event = loadFixture('cloudwatch-logs');

    const [message] = parse(event, CloudWatchEnvelope, z.string(), { payload: 'text' });

    expect(message).toMatch(/^REPORT RequestId: 6234bffe/);
  });

  it('parses JSON log messages', () => {
    const decoded = loadFixture('cloudwatch-logs-decoded');
    decoded.logEvents[0].message = JSON.stringify({ level: 'INFO', msg: 'hello' });
    const event = { awslogs: { data: gzipSync(JSON.stringify(decoded)).toString('base64') } };

    const entries = parse(event, CloudWatchEnvelope, z.object({ level: z.string(), msg: z.string() }));

    expect(entries).toEqual([{ level: 'INFO', msg: 'hello' }]);
  });

  it('returns no records for a CONTROL_MESSAGE', () => {
    const control = {
      messageType: 'CONTROL_MESSAGE',
      logEvents: [{ id: '1', timestamp: 1, message: 'CWL CONTROL MESSAGE' }],
    };
    const event = { awslogs: { data: gzipSync(JSON.stringify(control)).toString('base64') } };

    expect(parse(event, CloudWatchEnvelope, order)).toEqual([]);
  });
});

describe('KafkaEnvelope', () => {
  it('decodes the value of every record of the MSK sample event', () => {
    const event = loadFixture('kafka-msk');

    expect(parse(event, KafkaEnvelope, z.string(), { payload: 'text' })).toEqual(['Hello, this is a test.']);
  });

  it('flattens the records of every topic-partition of a self-managed Kafka event, in order', () => {
    const event = loadFixture('kafka-self-managed');
    const record = event.records['mytopic-0'][0];
    event.records['mytopic-0'] = [{ ...record, value: base64(orderJson(0)) }];
    event.records['other-1'] = [{ ...record, topic: 'other', value: base64(orderJson(1)) }];

    expect(parse(event, KafkaEnvelope, order)).toEqual([
      { orderId: 'order-0', total: 10 },
      { orderId: 'order-1', total: 11 },
    ]);
  });

  it('names the topic-partition and offset of a bad record', () => {
    const event = loadFixture('kafka-msk');
    const record = event.records['mytopic-0'][0];
    event.records['mytopic-0'] = [
      { ...record, value: base64(orderJson(0)) },
      { ...record, value: base64('{"orderId":1}') },
    ];

    const error = catchParseError(() => parse(event, KafkaEnvelope, order));

    expect(error.path).toBe('records["mytopic-0"][1].value.orderId');
    expect(error.recordIndex).toBe(1);
  });
});

describe('HTTP envelopes', () => {
  it.each([
    ['ApiGatewayEnvelope', ApiGatewayEnvelope, 'apigateway-rest'],
    ['ApiGatewayV2Envelope', ApiGatewayV2Envelope, 'apigateway-http'],
    ['LambdaFunctionUrlEnvelope', LambdaFunctionUrlEnvelope, 'lambda-function-url'],
    ['AlbEnvelope', AlbEnvelope, 'alb'],
    ['VpcLatticeV2Envelope', VpcLatticeV2Envelope, 'vpc-lattice-v2'],
  ] as const)('%s parses the JSON body of the AWS sample event', (_name, envelope, fixture) => {
    const event = loadFixture(fixture);
    event.body = orderJson(5);

    expect(parse(event, envelope, order)).toEqual({ orderId: 'order-5', total: 15 });
  });

  it('decodes a base64 body when isBase64Encoded is true', () => {
    const event = loadFixture('apigateway-http');
    event.body = base64(orderJson(2));
    event.isBase64Encoded = true;

    expect(parse(event, ApiGatewayV2Envelope, order)).toEqual({ orderId: 'order-2', total: 12 });
  });

  it('decodes the base64 body of the VPC Lattice v1 sample (is_base64_encoded)', () => {
    const event = loadFixture('vpc-lattice');

    expect(parse(event, VpcLatticeEnvelope, z.object({ test: z.string() }))).toEqual({ test: 'event' });
  });

  it('gives the schema undefined for an empty body, so a GET can be told apart', () => {
    const event = loadFixture('alb');

    expect(parse(event, AlbEnvelope, order.optional())).toBeUndefined();
  });

  it('names the body when it is not JSON', () => {
    const event = loadFixture('apigateway-rest');

    const error = catchParseError(() => parse(event, ApiGatewayEnvelope, order));

    expect(error.path).toBe('body');
    expect(error.expected).toBe('JSON');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

function catchParseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}
