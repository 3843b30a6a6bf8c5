// The same events and schemas through @aws-lambda-powertools/parser and @lambkit/parser, imported by
// the same specifiers but for the prefix: each must give the same parsed value, or fail the same way
// (a ParseError with the same name, and the same message where users match on it), or the difference
// must be listed in compat/differences.json.
import { readFileSync } from 'node:fs';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareWithList, readDifferences } from './differences.js';
import { differingPaths } from './side-by-side.js';

const differences = readDifferences();

type Library = '@aws-lambda-powertools' | '@lambkit';
const SUBPATHS = ['', '/envelopes', '/schemas', '/helpers', '/middleware'];

async function load(library: Library): Promise<Record<string, any>> {
  const modules = await Promise.all(
    SUBPATHS.map((subpath) => import(/* @vite-ignore */ `${library}/parser${subpath}`)),
  );
  // The decorator is the root's `parser`; the middleware is /middleware's.
  return { ...Object.assign({}, ...modules), decorator: modules[0].parser };
}

/** A documented sample event of @lambkit/parser's fixtures, fresh for each run. */
function sample(name: string): any {
  const file = new URL(`../../packages/parser/src/__fixtures__/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const Order = z.object({ orderId: z.string(), total: z.number() });
const base64 = (text: string) => Buffer.from(text).toString('base64');

function sqsOrders(bodies: string[]): any {
  const event = sample('sqs');
  const template = event.Records[0];
  event.Records = bodies.map((body, i) => ({ ...template, messageId: `m-${i}`, body }));
  return event;
}

interface Scenario {
  /** Part of the gap ids: `parser:output:<id>:<path>`. */
  id: string;
  name: string;
  run(api: Record<string, any>): unknown;
}

const scenarios: Scenario[] = [
  {
    id: 'sqs-envelope',
    name: 'parse with SqsEnvelope and JSONStringified(schema)',
    run: (api) =>
      api.parse(
        sqsOrders(['{"orderId":"a","total":1}', '{"orderId":"b","total":2}']),
        api.SqsEnvelope,
        api.JSONStringified(Order),
      ),
  },
  {
    id: 'sqs-envelope-method',
    name: 'SqsEnvelope.parse and safeParse',
    run: (api) => {
      const event = sqsOrders(['{"orderId":"a","total":1}']);
      return [
        api.SqsEnvelope.parse(event, api.JSONStringified(Order)),
        api.SqsEnvelope.safeParse(event, api.JSONStringified(Order)),
      ];
    },
  },
  {
    id: 'sqs-envelope-string-schema',
    name: 'parse with SqsEnvelope and a string schema',
    run: (api) => api.parse(sample('sqs'), api.SqsEnvelope, z.string()),
  },
  {
    id: 'sqs-schema',
    name: 'the SqsSchema built-in, and SqsRecordSchema extended with a JSON body',
    run: (api) => {
      const event = sqsOrders(['{"orderId":"a","total":1}']);
      const Extended = api.SqsSchema.extend({
        Records: z.array(api.SqsRecordSchema.extend({ body: api.JSONStringified(Order) })),
      });
      return [api.parse(sample('sqs'), undefined, api.SqsSchema), Extended.parse(event)];
    },
  },
  {
    id: 'eventbridge',
    name: 'EventBridgeEnvelope and EventBridgeSchema.extend',
    run: (api) => {
      const detail = z.object({ SourceType: z.string() });
      return [
        api.parse(sample('eventbridge'), api.EventBridgeEnvelope, detail),
        api.EventBridgeSchema.extend({ detail }).parse(sample('eventbridge')),
      ];
    },
  },
  {
    id: 'dynamodb',
    name: 'DynamoDBStreamEnvelope and DynamoDBStreamSchema on the documented sample',
    run: (api) => [
      api.parse(
        sample('dynamodb-stream'),
        api.DynamoDBStreamEnvelope,
        z.object({ Id: z.number(), Message: z.string() }),
      ),
      api.DynamoDBStreamSchema.parse(sample('dynamodb-stream')),
    ],
  },
  {
    id: 'kinesis',
    name: 'KinesisEnvelope with JSON data, and KinesisDataStreamSchema on the documented sample',
    run: (api) => {
      const event = sample('kinesis');
      for (const [i, record] of event.Records.entries())
        record.kinesis.data = base64(`{"orderId":"k-${i}","total":${i}}`);
      return [
        api.parse(event, api.KinesisEnvelope, Order),
        api.KinesisDataStreamSchema.parse(sample('kinesis')),
      ];
    },
  },
  {
    id: 'kafka',
    name: 'KafkaEnvelope with JSONStringified, and KafkaMskEventSchema on the documented sample',
    run: (api) => {
      const event = sample('kafka-msk');
      for (const list of Object.values<any[]>(event.records)) {
        for (const record of list) record.value = base64('{"orderId":"q-1","total":5}');
      }
      return [
        api.parse(event, api.KafkaEnvelope, api.JSONStringified(Order)),
        api.KafkaMskEventSchema.parse(sample('kafka-msk')),
      ];
    },
  },
  {
    id: 'cloudwatch',
    name: 'CloudWatchLogsSchema on the documented sample',
    run: (api) => api.CloudWatchLogsSchema.parse(sample('cloudwatch-logs')),
  },
  {
    id: 'apigateway-rest-schema',
    name: 'APIGatewayProxyEventSchema on the documented REST API sample',
    run: (api) => api.APIGatewayProxyEventSchema.parse(sample('apigateway-rest')).requestContext.authorizer,
  },
  {
    id: 'apigateway-v2',
    name: 'ApiGatewayV2Envelope with JSONStringified',
    run: (api) => {
      const event = {
        ...sample('apigateway-http'),
        body: '{"orderId":"h-1","total":7}',
        isBase64Encoded: false,
      };
      return api.parse(event, api.ApiGatewayV2Envelope, api.JSONStringified(Order));
    },
  },
  {
    id: 'bad-record',
    name: 'a record that fails its schema',
    run: (api) =>
      api.parse(
        sqsOrders(['{"orderId":"a","total":1}', '{"orderId":"b","total":"2"}']),
        api.SqsEnvelope,
        api.JSONStringified(Order),
      ),
  },
  {
    id: 'bad-record-safe',
    name: 'a record that fails its schema, with safeParse as the fourth argument',
    run: (api) => {
      const result = api.parse(
        sqsOrders(['{"orderId":"b","total":"2"}']),
        api.SqsEnvelope,
        api.JSONStringified(Order),
        true,
      );
      return { success: result.success, keys: Object.keys(result).sort(), error: result.error };
    },
  },
  {
    id: 'middleware-error-handler',
    name: 'the middleware with errorHandler on a bad event',
    run: (api) =>
      middy()
        .use(
          api.parser({
            schema: Order,
            errorHandler: (error: Error) => ({ statusCode: 400, name: error.name }),
          }),
        )
        .handler(async () => ({ statusCode: 200 }))({ orderId: 1 }, createContext()),
  },
  {
    id: 'decorator',
    name: 'the decorator on a class handler',
    run: (api) => {
      class Lambda {
        async handler(event: unknown) {
          return event;
        }
      }
      // What TypeScript's experimentalDecorators emit for `@parser(...)` on the method.
      const descriptor = Object.getOwnPropertyDescriptor(Lambda.prototype, 'handler')!;
      api.decorator({ schema: Order, envelope: api.EventBridgeEnvelope })(
        Lambda.prototype,
        'handler',
        descriptor,
      );
      Object.defineProperty(Lambda.prototype, 'handler', descriptor);
      return new Lambda().handler({ ...sample('eventbridge'), detail: { orderId: 'e-1', total: 3 } });
    },
  },
];

/** What a run gave, as JSON: its value, or the error's name, class and message. */
async function outcome(api: Record<string, any>, run: () => unknown): Promise<unknown> {
  try {
    return { value: describeValue(api, await run()) };
  } catch (error) {
    return { error: describeValue(api, error) };
  }
}

function describeValue(api: Record<string, any>, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, isParseError: value instanceof api.ParseError, message: value.message };
  }
  if (Array.isArray(value)) return value.map((item) => describeValue(api, item));
  if (value instanceof Set) return { set: [...value].map((item) => describeValue(api, item)) };
  if (typeof value === 'bigint') return { bigint: String(value) };
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, describeValue(api, item)]));
  }
  return value;
}

async function gapsOf(scenario: Scenario): Promise<{ gaps: string[]; theirs: unknown; ours: unknown }> {
  const [powertools, lambkit] = await Promise.all([load('@aws-lambda-powertools'), load('@lambkit')]);
  const theirs = await outcome(powertools, () => scenario.run(powertools));
  const ours = await outcome(lambkit, () => scenario.run(lambkit));
  const gaps = differingPaths(theirs, ours).map((path) => `parser:output:${scenario.id}:${path}`);
  return { gaps, theirs, ours };
}

describe('@lambkit/parser gives what @aws-lambda-powertools/parser gives', () => {
  it.each(scenarios)('$name', async (scenario) => {
    const { gaps, theirs, ours } = await gapsOf(scenario);
    if (process.env.COMPAT_DUMP) console.log(JSON.stringify({ theirs, ours }, null, 1));
    const { unlisted } = compareWithList(differences, gaps, 'parser:output');
    expect(unlisted, 'parsed values or errors not in compat/differences.json').toEqual([]);
  });

  it('lists no parser output difference in compat/differences.json that no longer exists', async () => {
    const gaps: string[] = [];
    for (const scenario of scenarios) gaps.push(...(await gapsOf(scenario)).gaps);
    expect(compareWithList(differences, gaps, 'parser:output').stale).toEqual([]);
  });
});
