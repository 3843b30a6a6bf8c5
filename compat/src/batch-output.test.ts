// The same batches through @aws-lambda-powertools/batch and @lambkit/batch, imported by the same
// specifiers but for the prefix: the response, the errors the processor keeps, what is thrown and
// what the record handler receives must be the same, or the difference must be listed in
// compat/differences.json (ids `batch:output:<scenario>:<path>`).
import {
  createContext,
  createDynamoDBStreamEvent,
  createKinesisStreamEvent,
  createSqsEvent,
} from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareWithList, readDifferences } from './differences.js';
import { differingPaths } from './side-by-side.js';

const differences = readDifferences();

type Library = '@aws-lambda-powertools' | '@lambkit';
type Api = Record<string, any>;

async function load(library: Library): Promise<Api> {
  const root = await import(/* @vite-ignore */ `${library}/batch`);
  const { parser } = await import(/* @vite-ignore */ `${library}/batch/parser`);
  return { ...root, parser };
}

/** What a user can observe of one run: the response or what was thrown, and the processor's errors. */
interface Observed {
  response?: unknown;
  thrown?: { name: string; message: string; recordErrors?: string[] };
  errors?: string[];
  seen?: unknown[];
  entries?: unknown[];
}

function describeError(error: unknown): Observed['thrown'] {
  const { name, message, recordErrors } = error as { name: string; message: string; recordErrors?: Error[] };
  return {
    name,
    message,
    ...(recordErrors === undefined
      ? {}
      : { recordErrors: recordErrors.map((e) => `${e.name}: ${e.message}`) }),
  };
}

async function observe(run: () => Promise<unknown>, processor: any): Promise<Omit<Observed, 'seen'>> {
  try {
    const response = await run();
    return { response, errors: processor.errors.map((e: Error) => `${e.name}: ${e.message}`) };
  } catch (error) {
    return { thrown: describeError(error) };
  }
}

const context = createContext({
  functionName: 'orders',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
});
const order = z.object({ name: z.string(), age: z.number() });
const failOn = (bad: string) => (record: { body: string }) => {
  if (record.body === bad) throw new Error(`cannot process ${bad}`);
};

interface Scenario {
  id: string;
  name: string;
  run(api: Api): Promise<Observed>;
}

const sqs = createSqsEvent({ bodies: ['{"name":"a","age":1}', 'bad', '{"name":"c","age":"x"}', '{}'] });
const fifo = createSqsEvent({
  fifo: true,
  records: ['a1', 'b1', 'a2', 'b2'].map((body) => ({ body, attributes: { MessageGroupId: body[0] } })),
});
const kinesis = createKinesisStreamEvent({ payloads: [{ name: 'k', age: 1 }, { name: 2 }, 'plain text'] });
const dynamodb = createDynamoDBStreamEvent({
  records: [
    { eventName: 'MODIFY', keys: { id: 'a' }, newImage: { id: 'a', n: 1 }, oldImage: { id: 'a', n: 0 } },
    { eventName: 'MODIFY', keys: { id: 'b' }, newImage: { id: 2 }, oldImage: { id: 'b' } },
  ],
});
const insert = createDynamoDBStreamEvent({
  records: [{ eventName: 'INSERT', keys: { id: 'a' }, newImage: { id: 'a' } }],
});

const valid = createSqsEvent({ bodies: ['{"name":"a","age":1}', '{"name":"c","age":"x"}', '{}'] });
const notJson = createSqsEvent({ bodies: ['{"name":"a","age":1}', 'token=s3cr3t'] });
const enums = createSqsEvent({ bodies: ['ok', 'no', 'ok'] });

const copy = <T>(value: T): T => structuredClone(value);

const scenarios: Scenario[] = [
  {
    id: 'sqs-async',
    name: 'an async SQS handler that throws for one message',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS);
      return observe(
        () =>
          api.processPartialResponse(copy(sqs), async (r: { body: string }) => failOn('bad')(r), processor, {
            context,
          }),
        processor,
      );
    },
  },
  {
    id: 'context',
    name: 'a handler that reads the Lambda context from its second argument',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS);
      const seen: unknown[] = [];
      const handler = (_record: unknown, lambdaContext: typeof context) => {
        seen.push([lambdaContext.awsRequestId, lambdaContext.getRemainingTimeInMillis() > 0]);
      };
      const observed = await observe(
        () => api.processPartialResponse(copy(sqs), handler, processor, { context }),
        processor,
      );
      return { ...observed, seen };
    },
  },
  {
    id: 'full-failure',
    name: 'every record fails',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS);
      const handler = () => {
        throw new Error('down');
      };
      const thrown = await observe(
        () => api.processPartialResponse(copy(sqs), handler, processor, { context }),
        processor,
      );
      const kept = await observe(
        () =>
          api.processPartialResponse(copy(sqs), handler, processor, {
            context,
            throwOnFullBatchFailure: false,
          }),
        processor,
      );
      return { ...thrown, entries: [kept] };
    },
  },
  {
    id: 'sync-streams',
    name: 'Kinesis and DynamoDB batches through BatchProcessorSync and processPartialResponseSync',
    async run(api) {
      const kinesisProcessor = new api.BatchProcessorSync(api.EventType.KinesisDataStreams);
      const dynamodbProcessor = new api.BatchProcessorSync(api.EventType.DynamoDBStreams);
      const failSecond = (record: {
        kinesis?: { sequenceNumber: string };
        dynamodb?: { Keys: { id: { S: string } } };
      }) => {
        if (record.kinesis?.sequenceNumber === kinesis.Records[1]?.kinesis.sequenceNumber)
          throw new Error('kinesis');
        if (record.dynamodb?.Keys.id.S === 'b') throw new Error('dynamodb');
      };
      const k = await observe(
        async () => api.processPartialResponseSync(copy(kinesis), failSecond, kinesisProcessor, { context }),
        kinesisProcessor,
      );
      const d = await observe(
        async () =>
          api.processPartialResponseSync(copy(dynamodb), failSecond, dynamodbProcessor, { context }),
        dynamodbProcessor,
      );
      return { entries: [k, d] };
    },
  },
  {
    id: 'fifo',
    name: 'SQS FIFO processors, short-circuiting and skipping the failed group',
    async run(api) {
      const failB1 = (record: { body: string }) => {
        if (record.body === 'b1') throw new Error('b1 failed');
      };
      const sync = new api.SqsFifoPartialProcessor();
      const asyncProcessor = new api.SqsFifoPartialProcessorAsync();
      return {
        entries: [
          await observe(
            async () => api.processPartialResponseSync(copy(fifo), failB1, sync, { context }),
            sync,
          ),
          await observe(
            () =>
              api.processPartialResponse(
                copy(fifo),
                async (r: { body: string }) => failB1(r),
                asyncProcessor,
                {
                  context,
                  skipGroupOnError: true,
                },
              ),
            asyncProcessor,
          ),
        ],
      };
    },
  },
  {
    id: 'protocol',
    name: 'register, process and response called by hand, sequentially',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS);
      processor.register(
        copy(sqs).Records,
        async (r: { body: string }) => {
          failOn('bad')(r);
          return r.body.length;
        },
        {
          context,
          processInParallel: false,
        },
      );
      const entries = (await processor.process()).map(([status, value]: [string, unknown]) => [
        status,
        value,
      ]);
      return {
        entries,
        response: processor.response(),
        seen: [processor.successMessages.length, processor.failureMessages.length],
      };
    },
  },
  {
    id: 'custom-processor',
    name: 'a custom processor extending BasePartialBatchProcessor',
    async run(api) {
      const Base = api.BasePartialBatchProcessor as new (eventType: string) => any;
      class Doubling extends Base {
        async processRecord(record: unknown) {
          return this.processRecordSync(record);
        }
        processRecordSync(record: any) {
          try {
            return this.successHandler(record, this.handler(record) * 2);
          } catch (error) {
            return this.failureHandler(record, error as Error);
          }
        }
      }
      const processor = new Doubling(api.EventType.SQS);
      const handler = (record: { body: string }) => {
        failOn('bad')(record);
        return record.body.length;
      };
      return observe(() => api.processPartialResponse(copy(sqs), handler, processor, { context }), processor);
    },
  },
  {
    id: 'parser-inner-json',
    name: 'parser with innerSchema and the json transformer, on valid and invalid bodies',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS, {
        parser: api.parser,
        innerSchema: order,
        transformer: 'json',
      });
      const seen: unknown[] = [];
      const observed = await observe(
        () =>
          api.processPartialResponse(
            copy(valid),
            async (r: { body: unknown }) => seen.push(r.body),
            processor,
            { context },
          ),
        processor,
      );
      return { ...observed, seen };
    },
  },
  {
    id: 'parser-invalid-json',
    name: 'parser with the json transformer, on a body that is not JSON',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS, {
        parser: api.parser,
        innerSchema: order,
        transformer: 'json',
      });
      return observe(
        () => api.processPartialResponse(copy(notJson), async () => undefined, processor, { context }),
        processor,
      );
    },
  },
  {
    id: 'parser-schema',
    name: 'parser with a schema for the whole record',
    async run(api) {
      const schema = z.object({ messageId: z.string(), body: z.enum(['ok']) });
      const processor = new api.BatchProcessor(api.EventType.SQS, { parser: api.parser, schema });
      return observe(
        () => api.processPartialResponse(copy(enums), async () => undefined, processor, { context }),
        processor,
      );
    },
  },
  {
    id: 'parser-streams',
    name: 'parser with the base64 and unmarshall transformers, on records that have both images',
    async run(api) {
      const kinesisProcessor = new api.BatchProcessor(api.EventType.KinesisDataStreams, {
        parser: api.parser,
        innerSchema: z.union([order, z.string()]),
        transformer: 'base64',
      });
      const dynamodbProcessor = new api.BatchProcessor(api.EventType.DynamoDBStreams, {
        parser: api.parser,
        innerSchema: z.object({ id: z.string() }).loose(),
        transformer: 'unmarshall',
      });
      const seen: unknown[] = [];
      const k = await observe(
        () =>
          api.processPartialResponse(
            copy(kinesis),
            async (r: any) => seen.push(r.kinesis.data),
            kinesisProcessor,
            { context },
          ),
        kinesisProcessor,
      );
      const d = await observe(
        () =>
          api.processPartialResponse(
            copy(dynamodb),
            async (r: any) => seen.push(r.dynamodb.NewImage),
            dynamodbProcessor,
            { context },
          ),
        dynamodbProcessor,
      );
      return { entries: [k, d], seen };
    },
  },
  {
    id: 'parser-insert',
    name: 'parser with the unmarshall transformer, on an INSERT record (no OldImage)',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.DynamoDBStreams, {
        parser: api.parser,
        innerSchema: z.object({ id: z.string() }),
        transformer: 'unmarshall',
      });
      return observe(
        () =>
          api.processPartialResponse(copy(insert), async () => undefined, processor, {
            context,
            throwOnFullBatchFailure: false,
          }),
        processor,
      );
    },
  },
  {
    id: 'no-records',
    name: 'an event without Records',
    async run(api) {
      const processor = new api.BatchProcessor(api.EventType.SQS);
      return observe(
        () => api.processPartialResponse({ detail: {} }, async () => undefined, processor, { context }),
        processor,
      );
    },
  },
];

async function runBoth(scenario: Scenario) {
  const theirs = await scenario.run(await load('@aws-lambda-powertools'));
  const ours = await scenario.run(await load('@lambkit'));
  return { theirs, ours };
}

function gapsOf(scenario: Scenario, theirs: Observed, ours: Observed): string[] {
  return differingPaths(theirs, ours).map((path) => `batch:output:${scenario.id}:${path}`);
}

describe('@lambkit/batch gives what @aws-lambda-powertools/batch gives', () => {
  it.each(scenarios)('$name', async (scenario) => {
    const { theirs, ours } = await runBoth(scenario);
    if (process.env.COMPAT_DUMP) console.log(JSON.stringify({ theirs, ours }, null, 1));
    const { unlisted } = compareWithList(differences, gapsOf(scenario, theirs, ours), 'batch:output');
    expect(unlisted, 'output differences not in compat/differences.json').toEqual([]);
  });

  it('lists no output difference in compat/differences.json that no longer exists', async () => {
    const gaps: string[] = [];
    for (const scenario of scenarios) {
      const { theirs, ours } = await runBoth(scenario);
      gaps.push(...gapsOf(scenario, theirs, ours));
    }
    expect(compareWithList(differences, gaps, 'batch:output').stale).toEqual([]);
  });
});
