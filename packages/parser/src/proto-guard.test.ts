import { gzipSync } from 'node:zlib';
import {
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  CloudWatchEnvelope,
  type Envelope,
  KafkaEnvelope,
  KinesisEnvelope,
  KinesisFirehoseEnvelope,
  LambdaFunctionUrlEnvelope,
  ParseError,
  parse,
  SnsEnvelope,
  SnsSqsEnvelope,
  SqsEnvelope,
  safeParse,
  VpcLatticeEnvelope,
  VpcLatticeV2Envelope,
} from '@lambkit/parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from './__fixtures__/load.js';

// JSON lets any character of a key be written as \uXXXX, so `"\u005f\u005fproto__"` is the key
// `__proto__` once parsed. The guard has to catch every spelling, not only the plain one.
const base64 = (text: string) => Buffer.from(text).toString('base64');

function sqsEvent(body: string) {
  const event = loadFixture('sqs');
  event.Records = [{ ...event.Records[0], body }];
  return event;
}

/** Every envelope that decodes a JSON payload, and how to put `payload` where it reads it. */
const jsonEnvelopes: Array<[string, Envelope, (payload: string) => unknown]> = [
  ['SqsEnvelope', SqsEnvelope, sqsEvent],
  [
    'SnsEnvelope',
    SnsEnvelope,
    (payload) => {
      const event = loadFixture('sns');
      event.Records[0].Sns.Message = payload;
      return event;
    },
  ],
  [
    'SnsSqsEnvelope',
    SnsSqsEnvelope,
    (payload) => {
      const event = loadFixture('sns-sqs');
      event.Records[0].body = JSON.stringify({ ...JSON.parse(event.Records[0].body), Message: payload });
      return event;
    },
  ],
  [
    'KinesisEnvelope',
    KinesisEnvelope,
    (payload) => {
      const event = loadFixture('kinesis');
      event.Records = [event.Records[0]];
      event.Records[0].kinesis.data = base64(payload);
      return event;
    },
  ],
  [
    'KinesisFirehoseEnvelope',
    KinesisFirehoseEnvelope,
    (payload) => {
      const event = loadFixture('kinesis-firehose');
      event.records = [{ ...event.records[0], data: base64(payload) }];
      return event;
    },
  ],
  [
    'CloudWatchEnvelope',
    CloudWatchEnvelope,
    (payload) => {
      const data = { messageType: 'DATA_MESSAGE', logEvents: [{ id: '1', timestamp: 1, message: payload }] };
      return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
    },
  ],
  [
    'KafkaEnvelope',
    KafkaEnvelope,
    (payload) => {
      const event = loadFixture('kafka-msk');
      const [topic] = Object.keys(event.records);
      event.records = { [topic!]: [{ ...event.records[topic!][0], value: base64(payload) }] };
      return event;
    },
  ],
  ...(
    [
      ['ApiGatewayEnvelope', ApiGatewayEnvelope, 'apigateway-rest'],
      ['ApiGatewayV2Envelope', ApiGatewayV2Envelope, 'apigateway-http'],
      ['LambdaFunctionUrlEnvelope', LambdaFunctionUrlEnvelope, 'lambda-function-url'],
      ['AlbEnvelope', AlbEnvelope, 'alb'],
      ['VpcLatticeEnvelope', VpcLatticeEnvelope, 'vpc-lattice'],
      ['VpcLatticeV2Envelope', VpcLatticeV2Envelope, 'vpc-lattice-v2'],
    ] as const
  ).map(([name, envelope, fixture]): [string, Envelope, (payload: string) => unknown] => [
    name,
    envelope,
    (payload) => ({
      ...loadFixture<Record<string, unknown>>(fixture),
      body: payload,
      isBase64Encoded: false,
      is_base64_encoded: false,
    }),
  ]),
];

describe('the prototype guard, whatever the spelling of the key', () => {
  it.each([
    ['every underscore escaped', '{"\\u005f\\u005fproto__":{"isAdmin":true}}'],
    ['one letter escaped', '{"__pr\\u006fto__":{"isAdmin":true}}'],
    ['upper-case hex digits', '{"\\u005F\\u005Fproto\\u005F\\u005F":{"isAdmin":true}}'],
    ['every character escaped', `{"${escapeAll('__proto__')}":{"isAdmin":true}}`],
    ['a nested key', '[1,{"a":{"\\u005f_proto__":{"isAdmin":true}}}]'],
  ])('refuses a "__proto__" key with %s', (_case, body) => {
    const act = () => parse(sqsEvent(body), SqsEnvelope, z.any());

    expect(act).toThrow(ParseError);
    expect(act).toThrow(/a "__proto__" key/);
  });

  it('refuses a "constructor" key with an escaped letter that holds a "prototype"', () => {
    const body = '{"\\u0063onstructor":{"\\u0070rototype":{"isAdmin":true}}}';

    const act = () => parse(sqsEvent(body), SqsEnvelope, z.any());

    expect(act).toThrow(/a "constructor" key/);
  });

  it('removes an escaped "__proto__" key with protoAction: "remove" and keeps the rest', () => {
    const body = '{"a":1,"\\u005f\\u005fproto__":{"isAdmin":true}}';

    const [value] = parse(sqsEvent(body), SqsEnvelope, z.any(), { protoAction: 'remove' });

    expect(value).toEqual({ a: 1 });
    expect(Object.hasOwn(value as object, '__proto__')).toBe(false);
  });

  it('removes an escaped "constructor" key holding a "prototype" with protoAction: "remove"', () => {
    const body = '{"b":2,"\\u0063onstructor":{"prototype":{"isAdmin":true}}}';

    const [value] = parse(sqsEvent(body), SqsEnvelope, z.any(), { protoAction: 'remove' });

    expect(value).toEqual({ b: 2 });
  });

  it('still accepts ordinary escapes in keys and values', () => {
    const body = '{"caf\\u00e9":"\\u4e2d\\u6587 \\ud83d\\ude00","\\u0070rice":3}';

    const [value] = parse(sqsEvent(body), SqsEnvelope, z.any());

    expect(value).toEqual({ café: '中文 😀', price: 3 });
  });

  it.each(jsonEnvelopes)('%s refuses an escaped "__proto__" key in its payload', (_name, envelope, build) => {
    const event = build('{"\\u005f\\u005fproto__":{"isAdmin":true}}');

    const result = safeParse(event, envelope, z.any());

    expect(result.success).toBe(false);
    expect(result.success ? undefined : (result.error as ParseError).received).toBe('a "__proto__" key');
  });

  it.each(jsonEnvelopes)('%s accepts the same payload without the escaped key', (_name, envelope, build) => {
    const event = build('{"\\u005f\\u005fprot":{"isAdmin":true}}');

    const result = safeParse(event, envelope, z.any());

    expect(result.success).toBe(true);
  });

  it('refuses "__proto__" and "constructor" keys with any mix of escaped characters', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('__proto__', 'constructor'),
        fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
        fc.boolean(),
        (key, escaped, upperHex) => {
          const spelled = [...key].map((c, i) => (escaped[i] ? escapeChar(c, upperHex) : c)).join('');
          const body = `{"x":[{"${spelled}":{"prototype":{"isAdmin":true}}}]}`;

          const result = safeParse(sqsEvent(body), SqsEnvelope, z.any());

          expect(result.success).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function escapeChar(char: string, upperHex = false): string {
  const hex = char.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${upperHex ? hex.toUpperCase() : hex}`;
}

function escapeAll(key: string): string {
  return [...key].map((c) => escapeChar(c)).join('');
}
