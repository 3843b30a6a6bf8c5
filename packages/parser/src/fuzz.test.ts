import { gzipSync } from 'node:zlib';
import {
  ActiveMqEnvelope,
  AlbEnvelope,
  ApiGatewayEnvelope,
  ApiGatewayV2Envelope,
  CloudWatchEnvelope,
  CloudWatchLogEventsEnvelope,
  CodePipelineEnvelope,
  ConfigRuleEnvelope,
  DynamoDBStreamEnvelope,
  type Envelope,
  EventBridgeEnvelope,
  KafkaEnvelope,
  KafkaRecordsEnvelope,
  KinesisEnvelope,
  KinesisFirehoseEnvelope,
  LambdaFunctionUrlEnvelope,
  ParseError,
  parse,
  RabbitMqEnvelope,
  SnsEnvelope,
  SnsSqsEnvelope,
  SqsEnvelope,
  safeParse,
  unmarshall,
  VpcLatticeEnvelope,
  VpcLatticeV2Envelope,
} from '@lambkit/parser';
import fc from 'fast-check';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from './__fixtures__/load.js';
import * as zodSchemas from './schemas/index.js';
import * as schemas from './valibot/index.js';

// Every envelope with a sample event of its source.
const envelopes: Array<[string, Envelope, string]> = [
  ['SqsEnvelope', SqsEnvelope, 'sqs'],
  ['SnsEnvelope', SnsEnvelope, 'sns'],
  ['SnsSqsEnvelope', SnsSqsEnvelope, 'sns-sqs'],
  ['EventBridgeEnvelope', EventBridgeEnvelope, 'eventbridge'],
  ['DynamoDBStreamEnvelope', DynamoDBStreamEnvelope, 'dynamodb-stream'],
  ['KinesisEnvelope', KinesisEnvelope, 'kinesis'],
  ['KinesisFirehoseEnvelope', KinesisFirehoseEnvelope, 'kinesis-firehose'],
  ['CloudWatchEnvelope', CloudWatchEnvelope, 'cloudwatch-logs'],
  ['KafkaEnvelope', KafkaEnvelope, 'kafka-msk'],
  ['ApiGatewayEnvelope', ApiGatewayEnvelope, 'apigateway-rest'],
  ['ApiGatewayV2Envelope', ApiGatewayV2Envelope, 'apigateway-http'],
  ['LambdaFunctionUrlEnvelope', LambdaFunctionUrlEnvelope, 'lambda-function-url'],
  ['AlbEnvelope', AlbEnvelope, 'alb'],
  ['VpcLatticeEnvelope', VpcLatticeEnvelope, 'vpc-lattice'],
  ['VpcLatticeV2Envelope', VpcLatticeV2Envelope, 'vpc-lattice-v2'],
  ['ActiveMqEnvelope', ActiveMqEnvelope, 'activemq'],
  ['RabbitMqEnvelope', RabbitMqEnvelope, 'rabbitmq'],
  ['ConfigRuleEnvelope', ConfigRuleEnvelope, 'config-rule'],
  ['CodePipelineEnvelope', CodePipelineEnvelope, 'codepipeline'],
  ['CloudWatchLogEventsEnvelope', CloudWatchLogEventsEnvelope, 'cloudwatch-logs'],
  ['KafkaRecordsEnvelope', KafkaRecordsEnvelope, 'kafka-msk'],
];

const anySchema = z.unknown();
const strictSchema = z.object({ orderId: z.string(), total: z.number() });

/** Runs `fn`; passes if it returns or throws a ParseError, fails on any other exception. */
function dataOrParseError(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
  }
}

/** Every path to a value inside `root` (objects and arrays), the root included. */
function pathsOf(root: unknown): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [[]];
  const walk = (node: unknown, path: Array<string | number>) => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const next = [...path, Array.isArray(node) ? Number(key) : key];
      out.push(next);
      walk(child, next);
    }
  };
  walk(root, []);
  return out;
}

/** A copy of `event` with the value at `path` replaced by `value`, or deleted when `value` is the marker. */
const DELETE = Symbol('delete');
function mutate(event: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy = structuredClone(event) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

const mutation = fc.oneof(
  fc.anything(),
  fc.constant(DELETE),
  fc.string(),
  fc.base64String(),
  fc.json(),
  fc.constantFrom(null, '', '{', '[]', '"__proto__"', '{"__proto__":{"x":1}}', 'H4sIAAAAAAAA', 'AAAA'),
);

describe('fuzz: envelopes return data or a ParseError, never another exception', () => {
  it.each(envelopes)('%s on any value whatsoever', (_name, envelope) => {
    fc.assert(
      fc.property(fc.anything(), (event) => {
        dataOrParseError(() => parse(event, envelope, anySchema));
        const result = safeParse(event, envelope, strictSchema);
        expect(typeof result.success).toBe('boolean');
      }),
      { numRuns: 150 },
    );
  });

  it.each(envelopes)('%s on its AWS sample event with one value mutated', (_name, envelope, fixture) => {
    const sample = loadFixture(fixture);
    const paths = pathsOf(sample);

    fc.assert(
      fc.property(fc.nat({ max: paths.length - 1 }), mutation, (index, value) => {
        const event = mutate(sample, paths[index]!, value);
        dataOrParseError(() => parse(event, envelope, anySchema));
        dataOrParseError(() => parse(event, envelope, strictSchema, { payload: 'text' }));
        expect(typeof safeParse(event, envelope, strictSchema).success).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});

describe('fuzz: decoders', () => {
  it('parses any JSON text body exactly as JSON.parse does, or refuses it with a ParseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((x) => JSON.stringify(x)),
        ),
        (body) => {
          const event = { Records: [{ body }] };
          const result = safeParse(event, SqsEnvelope, anySchema, { protoAction: 'remove' });
          if (!result.success) return;
          expect(JSON.stringify(result.data[0])).toBe(JSON.stringify(stripProto(JSON.parse(body))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes base64 to the same bytes as Buffer, and accepts every canonical base64 string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array().map((b) => Buffer.from(b).toString('base64')),
          fc.string(),
          fc.base64String(),
        ),
        (data) => {
          const event = { Records: [{ kinesis: { data } }] };
          const result = safeParse(event, KinesisEnvelope, z.instanceof(Uint8Array), { payload: 'bytes' });
          const canonical = Buffer.from(data, 'base64').toString('base64') === data;
          if (canonical) expect(result.success).toBe(true);
          if (result.success)
            expect(Buffer.from(result.data[0]!).equals(Buffer.from(data, 'base64'))).toBe(true);
          else expect(result.error.expected).toBe('base64');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns data or a ParseError for any bytes presented as gzip', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => gzipSync(b)),
          fc
            .tuple(fc.json(), fc.nat())
            .map(([text, cut]) => gzipSync(text).subarray(0, cut % (text.length + 20))),
        ),
        (bytes) => {
          const event = { awslogs: { data: Buffer.from(bytes).toString('base64') } };
          dataOrParseError(() => parse(event, CloudWatchEnvelope, anySchema, { payload: 'text' }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('unmarshalls any value to data or a ParseError', () => {
    fc.assert(
      fc.property(fc.anything(), (image) => {
        dataOrParseError(() => unmarshall(image as never));
      }),
      { numRuns: 500 },
    );
  });
});

describe('fuzz: built-in schemas', () => {
  it('validate any mutation of a sample event to data or a ParseError', () => {
    const pairs: Array<[v.GenericSchema, string]> = [
      [schemas.SqsSchema, 'sqs'],
      [schemas.SnsSqsEventSchema, 'sns-sqs'],
      [schemas.S3SqsEventNotificationSchema, 's3-sqs'],
      [schemas.DynamoDBStreamSchema, 'dynamodb-stream'],
      [schemas.APIGatewayProxyEventSchema, 'apigateway-rest'],
      [schemas.APIGatewayProxyEventV2Schema, 'apigateway-http'],
      [schemas.CloudFormationCustomResourceSchema, 'cloudformation-update'],
    ];

    for (const [schema, fixture] of pairs) {
      const sample = loadFixture(fixture);
      const paths = pathsOf(sample);
      fc.assert(
        fc.property(fc.nat({ max: paths.length - 1 }), mutation, (index, value) => {
          dataOrParseError(() => parse(mutate(sample, paths[index]!, value), undefined, schema));
        }),
        { numRuns: 100 },
      );
    }
  });
});

describe('fuzz: Zod built-in schemas', () => {
  it('validate any mutation of a sample event to data or a ParseError, decoders included', () => {
    const pairs: Array<[StandardSchemaLike, string]> = [
      [zodSchemas.SqsSchema, 'sqs'],
      [zodSchemas.S3SqsEventNotificationSchema, 's3-sqs'],
      [zodSchemas.DynamoDBStreamSchema, 'dynamodb-stream'],
      [zodSchemas.KinesisDataStreamSchema, 'kinesis'],
      [zodSchemas.KafkaMskEventSchema, 'kafka-msk'],
      [zodSchemas.CloudWatchLogsSchema, 'cloudwatch-logs'],
      [zodSchemas.ConfigRuleEventSchema, 'config-rule'],
      [zodSchemas.RabbitMqEventSchema, 'rabbitmq'],
    ];

    for (const [schema, fixture] of pairs) {
      const sample = loadFixture(fixture);
      const paths = pathsOf(sample);
      fc.assert(
        fc.property(fc.nat({ max: paths.length - 1 }), mutation, (index, value) => {
          dataOrParseError(() => parse(mutate(sample, paths[index]!, value), undefined, schema));
        }),
        { numRuns: 100 },
      );
    }
  });
});

type StandardSchemaLike = Parameters<typeof parse>[2];

function stripProto(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripProto);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    const child = (value as Record<string, unknown>)[key];
    if (
      key === 'constructor' &&
      typeof child === 'object' &&
      child !== null &&
      Object.hasOwn(child, 'prototype')
    ) {
      continue;
    }
    out[key] = stripProto(child);
  }
  return out;
}
