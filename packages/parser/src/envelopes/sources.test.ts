import { gzipSync } from 'node:zlib';
import {
  ActiveMqEnvelope,
  CloudWatchLogEventsEnvelope,
  CodePipelineEnvelope,
  ConfigRuleEnvelope,
  KafkaRecordsEnvelope,
  ParseError,
  parse,
  RabbitMqEnvelope,
} from '@lambkit/parser';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('ActiveMqEnvelope', () => {
  it('decodes the data of each message of the AWS sample event', () => {
    const texts = parse(loadFixture('activemq'), ActiveMqEnvelope, z.string(), { payload: 'text' });

    expect(texts[0]).toBe('ABC:AAAA');
    expect(texts).toHaveLength(2);
  });

  it('parses JSON data into the schema and names the message of a bad one', () => {
    const event = loadFixture('activemq');
    event.messages[0].data = base64('{"orderId":"o-1"}');
    event.messages[1].data = base64('{"orderId":2}');

    const act = () => parse(event, ActiveMqEnvelope, z.object({ orderId: z.string() }));

    expect(act).toThrow(
      'Invalid input at messages[1].data.orderId: expected string, received number (record 1)',
    );
  });
});

describe('RabbitMqEnvelope', () => {
  it('parses the JSON data of every queue message of the AWS sample event', () => {
    const schema = z.object({ timeout: z.number(), data: z.string() });

    expect(parse(loadFixture('rabbitmq'), RabbitMqEnvelope, schema)).toEqual([
      { timeout: 0, data: 'CZrmf0Gw8Ov4bqLQxD4E' },
    ]);
  });

  it('names the queue of a bad message', () => {
    const event = loadFixture('rabbitmq');
    event.rmqMessagesByQueue['orders::/'] = [{ ...event.rmqMessagesByQueue['test::/'][0], data: 'e30=' }];

    const error = catchParseError(() => parse(event, RabbitMqEnvelope, z.object({ timeout: z.number() })));

    expect(error.path).toBe('rmqMessagesByQueue["orders::/"][0].data.timeout');
    expect(error.recordIndex).toBe(1);
  });
});

describe('ConfigRuleEnvelope', () => {
  it('parses the invoking event of the AWS sample event', () => {
    const item = z.object({
      messageType: z.string(),
      configurationItem: z.object({ resourceType: z.string(), resourceId: z.string() }),
    });

    const parsed = parse(loadFixture('config-rule'), ConfigRuleEnvelope, item);

    expect(parsed.configurationItem).toEqual({
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-00000000',
    });
  });

  it('refuses a prototype key in the invoking event', () => {
    const event = loadFixture('config-rule');
    event.invokingEvent = '{"messageType":"x","constructor":{"prototype":{}}}';

    const act = () => parse(event, ConfigRuleEnvelope, z.unknown());

    expect(act).toThrow(
      'Invalid input at invokingEvent: expected JSON without "__proto__" or "constructor.prototype" keys, received a "constructor" key',
    );
  });
});

describe('CodePipelineEnvelope', () => {
  it('parses the UserParameters of the AWS sample event', () => {
    expect(parse(loadFixture('codepipeline'), CodePipelineEnvelope, z.object({ KEY: z.string() }))).toEqual({
      KEY: 'VALUE',
    });
  });

  it('hands plain-text UserParameters to the schema with payload: "text"', () => {
    const event = loadFixture('codepipeline');
    event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = 'prod';

    expect(parse(event, CodePipelineEnvelope, v.string(), { payload: 'text' })).toBe('prod');
  });

  it('names the UserParameters path, and never the credentials, when they are not JSON', () => {
    const event = loadFixture('codepipeline');
    event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = 'prod';

    const error = catchParseError(() => parse(event, CodePipelineEnvelope, z.unknown()));

    expect(error.path).toBe('["CodePipeline.job"].data.actionConfiguration.configuration.UserParameters');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('6CGtmAa3lzWtV7a');
  });
});

describe('CloudWatchLogEventsEnvelope', () => {
  it('returns each log event of the AWS sample with its log group, stream and owner', () => {
    const decoded = loadFixture('cloudwatch-logs-decoded');

    const entries = parse(loadFixture('cloudwatch-logs'), CloudWatchLogEventsEnvelope, z.string(), {
      payload: 'text',
    });

    expect(entries).toEqual(
      decoded.logEvents.map((logEvent: { id: string; timestamp: number; message: string }) => ({
        ...logEvent,
        logGroup: decoded.logGroup,
        logStream: decoded.logStream,
        owner: decoded.owner,
      })),
    );
  });

  it('parses JSON messages into the schema, naming the log event of a bad one', () => {
    const data = { ...loadFixture('cloudwatch-logs-decoded') };
    data.logEvents = [
      { id: '1', timestamp: 1, message: '{"level":"INFO"}' },
      { id: '2', timestamp: 2, message: '{"level":3}' },
    ];
    const event = { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };

    const error = catchParseError(() =>
      parse(event, CloudWatchLogEventsEnvelope, z.object({ level: z.string() })),
    );

    expect(error.path).toBe('awslogs.data.logEvents[1].message.level');
  });
});

describe('KafkaRecordsEnvelope', () => {
  it('returns each record with its key and headers decoded to text', () => {
    const event = loadFixture('kafka-msk');
    const record = Object.values<any[]>(event.records)[0]![0];
    record.key = base64('order-42');

    const [entry] = parse(event, KafkaRecordsEnvelope, z.string(), { payload: 'text' });

    expect(entry).toEqual({
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      timestampType: record.timestampType,
      key: 'order-42',
      value: 'Hello, this is a test.',
      headers: [{ headerKey: 'headerValue' }],
    });
  });

  it('keeps a header named __proto__ as a plain header', () => {
    const event = loadFixture('kafka-self-managed');
    const record = Object.values<any[]>(event.records)[0]![0];
    record.headers = [JSON.parse('{"__proto__":[120]}')];

    const [entry] = parse(event, KafkaRecordsEnvelope, z.unknown(), { payload: 'text' });

    expect(Object.keys(entry!.headers[0]!)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(entry!.headers[0])).toBe(Object.prototype);
  });

  it('refuses a header value that is not a list of bytes', () => {
    const event = loadFixture('kafka-msk');
    const record = Object.values<any[]>(event.records)[0]![0];
    record.headers = [{ bad: [1, 999] }];

    const error = catchParseError(() => parse(event, KafkaRecordsEnvelope, z.unknown(), { payload: 'text' }));

    expect(error.message).toMatch(
      /^Invalid input at records\[".*"\]\[0\]\.headers\[0\]\.bad: expected array of bytes/,
    );
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
