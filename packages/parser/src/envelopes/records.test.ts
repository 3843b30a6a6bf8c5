import { gzipSync } from 'node:zlib';
import * as parserExports from '@lambkit/parser';
import {
  ActiveMqEnvelope,
  CloudWatchEnvelope,
  CloudWatchLogEventsEnvelope,
  CodePipelineEnvelope,
  ConfigRuleEnvelope,
  DynamoDBStreamEnvelope,
  type Envelope,
  envelopeDiscriminator,
  KinesisEnvelope,
  KinesisFirehoseEnvelope,
  ParseError,
  parse,
  RabbitMqEnvelope,
  SnsEnvelope,
  SnsSqsEnvelope,
  SqsEnvelope,
  safeParse,
} from '@lambkit/parser';
import { JSONStringified } from '@lambkit/parser/helpers';
import { createKinesisStreamEvent, createSqsEvent } from '@lambkit/testing';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

const order = z.object({ orderId: z.string() });
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('every envelope', () => {
  const kinds: Record<string, string> = {
    ActiveMqEnvelope: 'array',
    AlbEnvelope: 'object',
    ApiGatewayEnvelope: 'object',
    ApiGatewayV2Envelope: 'object',
    CloudWatchEnvelope: 'array',
    CloudWatchLogEventsEnvelope: 'logEvents',
    CodePipelineEnvelope: 'object',
    ConfigRuleEnvelope: 'object',
    DynamoDBStreamEnvelope: 'images',
    EventBridgeEnvelope: 'object',
    KafkaEnvelope: 'array',
    KafkaRecordsEnvelope: 'kafkaRecords',
    KinesisEnvelope: 'array',
    KinesisFirehoseEnvelope: 'array',
    LambdaFunctionUrlEnvelope: 'object',
    RabbitMqEnvelope: 'array',
    SnsEnvelope: 'array',
    SnsSqsEnvelope: 'array',
    SqsEnvelope: 'array',
    VpcLatticeEnvelope: 'object',
    VpcLatticeV2Envelope: 'object',
  };
  const envelopes = Object.entries(parserExports).filter(([name]) => name.endsWith('Envelope')) as Array<
    [string, Envelope]
  >;

  it('is exported under the names Powertools uses', () => {
    expect(envelopes.map(([name]) => name).sort()).toEqual(Object.keys(kinds).sort());
  });

  it.each(envelopes)(
    '%s carries its own name, its kind and the discriminator Powertools reads',
    (name, envelope) => {
      expect(envelope.name).toBe(name);
      expect(envelope.kind).toBe(kinds[name]);
      expect(envelope[envelopeDiscriminator]).toBe(kinds[name] === 'object' ? 'object' : 'array');
    },
  );
});

describe('a batch with one bad record', () => {
  it('refuses corrupt Kinesis base64 in the second record instead of decoding what is left of it', () => {
    const event = createKinesisStreamEvent({ payloads: [{ orderId: 'o-1' }, { orderId: 'o-2' }] });
    // Buffer.from would skip the "*" and the "!" and decode the rest to other bytes.
    event.Records[1]!.kinesis.data = `*${event.Records[1]!.kinesis.data.slice(0, -1)}!`;

    const error = catchParseError(() => parse(event, KinesisEnvelope, order));

    expect(error.message).toBe(
      'Invalid input at Records[1].kinesis.data: expected base64, received string with characters or padding outside base64 (record 1)',
    );
  });

  it('keeps the good records of the batch apart from the corrupt one with safeParse', () => {
    const event = createKinesisStreamEvent({ payloads: [{ orderId: 'o-1' }, 'x', { orderId: 'o-3' }] });
    event.Records[1]!.kinesis.data = 'eyJvcmRlcklkIjoi by0yIn0=';

    const result = safeParse(event, KinesisEnvelope, order);

    expect(!result.success && result.error.path).toBe('Records[1].kinesis.data');
    // issues lists what schemas reported; a failure to decode has none.
    expect(!result.success && result.error.issues).toEqual([]);
    expect(!result.success && result.error.expected).toBe('base64');
  });

  it('lists each bad record of several, whatever made it bad, with safeParse', () => {
    const event = createSqsEvent({ bodies: ['{"orderId":"o-1"}', 'not json', '{"orderId":3}'] });

    const result = safeParse(event, SqsEnvelope, order);

    expect(!result.success && result.error.path).toBe('Records[1].body');
    expect(!result.success && result.error.recordIndex).toBe(1);
    expect(!result.success && result.error.issues).toEqual([
      { message: 'expected JSON, received string that is not valid JSON', path: ['Records', 1, 'body'] },
      { message: 'expected string, received number', path: ['Records', 2, 'body', 'orderId'] },
    ]);
  });

  it('lists every issue of a record with several bad fields, next to the other bad records', () => {
    const schema = z.object({ orderId: z.string(), total: z.number() });
    const event = createSqsEvent({ bodies: ['{"orderId":1,"total":"x"}', '[]'] });

    const result = safeParse(event, SqsEnvelope, schema);

    expect(!result.success && result.error.issues.map((issue) => issue.path)).toEqual([
      ['Records', 0, 'body', 'orderId'],
      ['Records', 0, 'body', 'total'],
      ['Records', 1, 'body'],
    ]);
  });

  it.each([
    ['null', null],
    ['array', []],
  ])('names a record that is %s rather than an object', (type, record) => {
    const event = createSqsEvent({ bodies: ['{"orderId":"o-1"}'] });
    (event.Records as unknown[]).push(record);

    expect(() => parse(event, SqsEnvelope, order)).toThrow(
      `Invalid input at Records[1]: expected object, received ${type} (record 1)`,
    );
  });

  it('stops at the first bad record with the envelope own parse method too', () => {
    const event = createSqsEvent({ bodies: ['{"orderId":1}', '{"orderId":2}'] });

    const error = catchParseError(() => SqsEnvelope.parse(event, order));

    expect(error.issues.map((issue) => issue.path)).toEqual([['Records', 0, 'body', 'orderId']]);
  });

  it('lets payload: "bytes" reach a schema that parses the text itself', () => {
    const event = createSqsEvent({ bodies: ['{"orderId":"o-1"}'] });

    const act = () => parse(event, SqsEnvelope, JSONStringified(order), { payload: 'bytes' });

    expect(act).toThrow('Invalid input at Records[0].body: expected string, received Uint8Array');
  });

  it('stops at the first bad record with parse', () => {
    const event = createSqsEvent({ bodies: ['{"orderId":1}', '{"orderId":2}'] });

    const error = catchParseError(() => parse(event, SqsEnvelope, order));

    expect(error.issues.map((issue) => issue.path)).toEqual([['Records', 0, 'body', 'orderId']]);
  });

  it('names the record of a Kinesis event that has no kinesis object', () => {
    const event = createKinesisStreamEvent({ payloads: ['"a"', '"b"'] });
    delete (event.Records[1] as Partial<(typeof event.Records)[1]>).kinesis;

    expect(() => parse(event, KinesisEnvelope, z.string())).toThrow(
      'Invalid input at Records[1].kinesis: expected object, received undefined (record 1)',
    );
  });

  it('names the data of a Kinesis record that is not a string', () => {
    const event = createKinesisStreamEvent({ payloads: ['"a"'] });
    (event.Records[0]!.kinesis as { data: unknown }).data = null;

    expect(() => parse(event, KinesisEnvelope, z.string())).toThrow(
      'Invalid input at Records[0].kinesis.data: expected base64 string, received null (record 0)',
    );
  });

  it('names the data of a bad Firehose record, and the field its schema refuses', () => {
    const event = loadFixture('kinesis-firehose');
    event.records = [
      { ...event.records[0], data: base64('{"orderId":"o-1"}') },
      { ...event.records[0], data: 'SGVsbG8*' },
      { ...event.records[0], data: base64('{"orderId":3}') },
    ];

    const result = safeParse(event, KinesisFirehoseEnvelope, order);

    expect(!result.success && result.error.issues.map((issue) => issue.path)).toEqual([
      ['records', 1, 'data'],
      ['records', 2, 'data', 'orderId'],
    ]);
  });
});

describe('the length of base64 payloads', () => {
  // 'abcd' is 4 bytes: base64 'YWJjZA==' (two pad characters); 'abcde' 'YWJjZGU=' (one); 'abcdef' none.
  it.each([
    ['two padding characters', 'abcd'],
    ['one padding character', 'abcde'],
    ['no padding', 'abcdef'],
  ])('accepts data with %s that decodes to exactly maxLength bytes', (_padding, text) => {
    const event = createKinesisStreamEvent({ payloads: [text] });

    expect(parse(event, KinesisEnvelope, z.string(), { payload: 'text', maxLength: text.length })).toEqual([
      text,
    ]);
  });

  it.each([
    ['two padding characters', 'abcd'],
    ['one padding character', 'abcde'],
    ['no padding', 'abcdef'],
  ])('refuses data with %s one byte over maxLength, naming its decoded size', (_padding, text) => {
    const event = createKinesisStreamEvent({ payloads: [text] });

    const act = () =>
      parse(event, KinesisEnvelope, z.string(), { payload: 'text', maxLength: text.length - 1 });

    expect(act).toThrow(
      `Invalid input at Records[0].kinesis.data: expected at most ${text.length - 1} bytes, received ${text.length} bytes`,
    );
  });

  it.each([
    ['without its padding', 'YWJjZGU'],
    ['with one padding character too few', 'YWJjZA='],
    ['with a character too many', 'YWJjZGVmZ'],
  ])('refuses base64 %s, which Buffer would decode anyway', (_what, data) => {
    const event = createKinesisStreamEvent({ payloads: ['x'] });
    event.Records[0]!.kinesis.data = data;

    const error = catchParseError(() => parse(event, KinesisEnvelope, z.string(), { payload: 'text' }));

    expect(error.path).toBe('Records[0].kinesis.data');
    expect(error.expected).toBe('base64');
  });

  it('counts whole bytes for base64 of a length no encoder writes', () => {
    const event = createKinesisStreamEvent({ payloads: ['x'] });
    event.Records[0]!.kinesis.data = 'YWJjZGV';

    expect(() => parse(event, KinesisEnvelope, z.string(), { payload: 'text', maxLength: 4 })).toThrow(
      'expected at most 4 bytes, received 5 bytes',
    );
  });
});

describe('SNS envelopes', () => {
  it('names the field of a Message its schema refuses', () => {
    const event = loadFixture('sns');
    event.Records[0].Sns.Message = '{"orderId":1}';

    expect(() => parse(event, SnsEnvelope, order)).toThrow(
      'Invalid input at Records[0].Sns.Message.orderId: expected string, received number (record 0)',
    );
  });

  it('names a Message that is not JSON', () => {
    const event = loadFixture('sns');

    const error = catchParseError(() => parse(event, SnsEnvelope, order));

    expect(error.path).toBe('Records[0].Sns.Message');
    expect(error.expected).toBe('JSON');
  });

  it('names a record without its Sns object', () => {
    expect(() => parse({ Records: [{ EventSource: 'aws:sns' }] }, SnsEnvelope, order)).toThrow(
      'Invalid input at Records[0].Sns: expected object, received undefined (record 0)',
    );
  });

  it('names an SQS body that is not the JSON of an SNS notification', () => {
    const event = createSqsEvent({ bodies: ['Hello'] });

    const error = catchParseError(() => parse(event, SnsSqsEnvelope, order));

    expect(error.path).toBe('Records[0].body');
    expect(error.expected).toBe('JSON');
  });

  it('names the Message of a notification that has none', () => {
    const event = createSqsEvent({ bodies: ['{"Type":"Notification"}'] });

    expect(() => parse(event, SnsSqsEnvelope, order)).toThrow(
      'Invalid input at Records[0].body.Message: expected string, received undefined (record 0)',
    );
  });

  it('hands the Message text to the schema with payload: "text", the notification still read as JSON', () => {
    const event = loadFixture('sns-sqs');

    expect(parse(event, SnsSqsEnvelope, z.string(), { payload: 'text' })).toEqual([
      '{"orderId": "order-1", "total": 42.5}',
    ]);
  });
});

describe('DynamoDBStreamEnvelope', () => {
  it('names the OldImage attribute a schema refuses', () => {
    const event = loadFixture('dynamodb-stream');
    event.Records = [event.Records[2]];

    const act = () => parse(event, DynamoDBStreamEnvelope, z.object({ Message: z.number() }));

    expect(act).toThrow(
      'Invalid input at Records[0].dynamodb.OldImage.Message: expected number, received string',
    );
  });

  it('names the NewImage attribute that is malformed', () => {
    const event = loadFixture('dynamodb-stream');
    event.Records[0].dynamodb.NewImage.Id = { N: 'abc' };

    expect(() => parse(event, DynamoDBStreamEnvelope, z.unknown())).toThrow(
      'Invalid input at Records[0].dynamodb.NewImage.Id: expected N holding a decimal number, received non-numeric string',
    );
  });

  it('returns no images for a KEYS_ONLY stream record', () => {
    const event = loadFixture('dynamodb-stream');
    const { NewImage: _new, ...keysOnly } = event.Records[0].dynamodb;
    event.Records = [{ ...event.Records[0], dynamodb: keysOnly }];

    expect(parse(event, DynamoDBStreamEnvelope, z.never())).toEqual([{}]);
  });

  it('names a record without its dynamodb object', () => {
    expect(() => parse({ Records: [{ eventName: 'INSERT' }] }, DynamoDBStreamEnvelope, z.unknown())).toThrow(
      'Invalid input at Records[0].dynamodb: expected object, received undefined (record 0)',
    );
  });

  it('names the image whose schema transform threw', () => {
    const event = loadFixture('dynamodb-stream');
    const schema = v.pipe(
      v.object({ Id: v.number() }),
      v.transform(() => {
        throw new Error('boom');
      }),
    );

    const error = catchParseError(() => parse(event, DynamoDBStreamEnvelope, schema));

    expect(error.path).toBe('Records[0].dynamodb.NewImage');
    expect(error.reason).toBe('the schema or a decoder threw');
    expect((error.cause as Error).message).toBe('boom');
  });
});

describe('CloudWatch Logs envelopes', () => {
  const logData = (data: Record<string, unknown>) => ({
    awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') },
  });
  const decoded = () => loadFixture('cloudwatch-logs-decoded');

  it('names logEvents when they are not a list', () => {
    const act = () => parse(logData({ ...decoded(), logEvents: {} }), CloudWatchEnvelope, z.unknown());

    expect(act).toThrow('Invalid input at awslogs.data.logEvents: expected array, received object');
  });

  it('names the message of a log event that has none', () => {
    const data = {
      ...decoded(),
      logEvents: [
        { id: '1', timestamp: 1, message: 'a' },
        { id: '2', timestamp: 2 },
      ],
    };

    expect(() => parse(logData(data), CloudWatchEnvelope, z.string(), { payload: 'text' })).toThrow(
      'Invalid input at awslogs.data.logEvents[1].message: expected string, received undefined (record 1)',
    );
  });

  it.each([
    ['id', { id: 1, timestamp: 1, message: 'a' }, 'id: expected string, received number'],
    ['timestamp', { id: '1', timestamp: '1', message: 'a' }, 'timestamp: expected number, received string'],
  ])('names a log event whose %s has the wrong type', (_field, logEvent, problem) => {
    const data = { ...decoded(), logEvents: [logEvent] };

    expect(() => parse(logData(data), CloudWatchLogEventsEnvelope, z.string(), { payload: 'text' })).toThrow(
      `Invalid input at awslogs.data.logEvents[0].${problem} (record 0)`,
    );
  });

  it.each(['logGroup', 'logStream', 'owner'])('names a missing %s of the subscription', (field) => {
    const data = { ...decoded(), [field]: undefined };

    expect(() => parse(logData(data), CloudWatchLogEventsEnvelope, z.string(), { payload: 'text' })).toThrow(
      `Invalid input at awslogs.data.${field}: expected string, received undefined`,
    );
  });

  it('returns no log events for a CONTROL_MESSAGE', () => {
    const control = { ...decoded(), messageType: 'CONTROL_MESSAGE', logEvents: [{ id: '1', message: 'x' }] };

    expect(parse(logData(control), CloudWatchLogEventsEnvelope, z.never())).toEqual([]);
  });

  it('names awslogs.data when the decoded payload is not a JSON object', () => {
    const event = { awslogs: { data: gzipSync('[1,2]').toString('base64') } };

    expect(() => parse(event, CloudWatchEnvelope, z.unknown())).toThrow(
      'Invalid input at awslogs.data: expected object, received array',
    );
  });

  it('names awslogs.data when the inflated payload is not JSON', () => {
    const event = { awslogs: { data: gzipSync('password=hunter2').toString('base64') } };

    const error = catchParseError(() => parse(event, CloudWatchEnvelope, z.unknown()));

    expect(error.path).toBe('awslogs.data');
    expect(error.expected).toBe('JSON');
  });

  it('names awslogs when the event has none', () => {
    expect(() => parse({ Records: [] }, CloudWatchEnvelope, z.unknown())).toThrow(
      'Invalid input at awslogs: expected object, received undefined',
    );
  });
});

describe('Amazon MQ envelopes', () => {
  it('names messages when the event has no list of them', () => {
    expect(() => parse({ messages: 'x' }, ActiveMqEnvelope, z.unknown())).toThrow(
      'Invalid input at messages: expected array, received string',
    );
  });

  it('names the data of a message that is not base64', () => {
    const event = loadFixture('activemq');
    event.messages[1].data = 'not base64';

    const error = catchParseError(() => parse(event, ActiveMqEnvelope, z.string(), { payload: 'text' }));

    expect(error.path).toBe('messages[1].data');
    expect(error.expected).toBe('base64');
  });

  it('names a bad message of the second queue, after a queue of two', () => {
    const event = loadFixture('rabbitmq');
    const message = event.rmqMessagesByQueue['test::/'][0];
    event.rmqMessagesByQueue['test::/'] = [message, message];
    event.rmqMessagesByQueue['orders::/'] = [{ ...message, data: base64('{"timeout":"soon"}') }];

    const error = catchParseError(() => parse(event, RabbitMqEnvelope, z.object({ timeout: z.number() })));

    expect(error.path).toBe('rmqMessagesByQueue["orders::/"][0].data.timeout');
    expect(error.recordIndex).toBe(2);
  });

  it.each([
    ['null', null],
    ['array', []],
    ['undefined', undefined],
  ])('refuses rmqMessagesByQueue that is %s', (type, byQueue) => {
    const event = { ...loadFixture('rabbitmq'), rmqMessagesByQueue: byQueue };

    expect(() => parse(event, RabbitMqEnvelope, z.unknown())).toThrow(
      `Invalid input at rmqMessagesByQueue: expected object, received ${type}`,
    );
  });

  it('names a queue whose messages are not a list', () => {
    const event = loadFixture('rabbitmq');
    event.rmqMessagesByQueue['test::/'] = {};

    expect(() => parse(event, RabbitMqEnvelope, z.unknown())).toThrow(
      'Invalid input at rmqMessagesByQueue["test::/"]: expected array, received object',
    );
  });
});

describe('envelopes around one payload', () => {
  it('names an AWS Config invokingEvent that is not JSON, even with payload: "text"', () => {
    const event = { ...loadFixture('config-rule'), invokingEvent: 'not json' };

    const error = catchParseError(() => parse(event, ConfigRuleEnvelope, z.unknown(), { payload: 'text' }));

    expect(error.path).toBe('invokingEvent');
    expect(error.expected).toBe('JSON');
  });

  it('names an AWS Config invokingEvent that is not a string', () => {
    const event = { ...loadFixture('config-rule'), invokingEvent: { messageType: 'x' } };

    expect(() => parse(event, ConfigRuleEnvelope, z.unknown())).toThrow(
      'Invalid input at invokingEvent: expected string, received object',
    );
  });

  it('names the field of the invoking event a schema refuses', () => {
    const act = () =>
      parse(loadFixture('config-rule'), ConfigRuleEnvelope, z.object({ messageType: z.number() }));

    expect(act).toThrow('Invalid input at invokingEvent.messageType: expected number, received string');
  });

  it('names the first missing level of a CodePipeline job', () => {
    const event = loadFixture('codepipeline');
    delete event['CodePipeline.job'].data.actionConfiguration;

    expect(() => parse(event, CodePipelineEnvelope, z.unknown())).toThrow(
      'Invalid input at ["CodePipeline.job"].data.actionConfiguration: expected object, received undefined',
    );
  });

  it('names the field of the UserParameters a schema refuses', () => {
    const act = () => parse(loadFixture('codepipeline'), CodePipelineEnvelope, z.object({ KEY: z.number() }));

    expect(act).toThrow(
      'Invalid input at ["CodePipeline.job"].data.actionConfiguration.configuration.UserParameters.KEY: expected number, received string',
    );
  });
});

describe('SqsEnvelope payload formats', () => {
  it('gives each body as UTF-8 bytes with payload: "bytes"', () => {
    const event = createSqsEvent({ bodies: ['héllo'] });

    const [bytes] = parse(event, SqsEnvelope, z.instanceof(Uint8Array), { payload: 'bytes' });

    expect(Buffer.from(bytes!).toString('utf8')).toBe('héllo');
  });

  it('refuses a text body longer than maxLength, as it does JSON', () => {
    const event = createSqsEvent({ bodies: ['hello'] });

    expect(() => parse(event, SqsEnvelope, z.string(), { payload: 'text', maxLength: 4 })).toThrow(
      'Invalid input at Records[0].body: expected at most 4 characters, received 5 characters',
    );
  });

  it('accepts a text body exactly maxLength long', () => {
    const event = createSqsEvent({ bodies: ['hello'] });

    expect(parse(event, SqsEnvelope, z.string(), { payload: 'text', maxLength: 5 })).toEqual(['hello']);
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
