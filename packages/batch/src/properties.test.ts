import { createContext } from '@lambkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamodbBatch, fifoBatch, identifiers, kinesisBatch, sleep, sqsBatch } from '../test/test-events.js';
import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  type PartialItemFailureResponse,
  processPartialResponse,
  SqsFifoPartialProcessor,
} from './index.js';

/** One record of a generated batch: whether its handler fails, and whether it is async. */
const recordPlan = fc.record({ fails: fc.boolean(), async: fc.boolean() });

const sources = [
  {
    type: EventType.SQS,
    build: (n: number) => sqsBatch(Array.from({ length: n }, () => 'x')),
    id: (i: number) => `msg-${i}`,
  },
  {
    type: EventType.KinesisDataStreams,
    build: (n: number) => kinesisBatch(Array.from({ length: n }, () => 'x')),
    id: (i: number) => `seq-${i}`,
  },
  { type: EventType.DynamoDBStreams, build: dynamodbBatch, id: (i: number) => String(100 + i) },
] as const;

/** Runs the batch; a FullBatchFailureError counts as every record reported. */
async function reported(run: () => Promise<PartialItemFailureResponse>, ids: string[]): Promise<string[]> {
  try {
    return identifiers(await run());
  } catch (error) {
    if (!(error instanceof FullBatchFailureError)) throw error;
    expect(error.recordErrors).toHaveLength(ids.length);
    return ids;
  }
}

/** Maps a record of any source to its index in the generated batch, through its identifier. */
function indexOf(record: any): number {
  const id: string = record.messageId ?? record.kinesis?.sequenceNumber ?? record.dynamodb.SequenceNumber;
  return id.startsWith('msg-') || id.startsWith('seq-') ? Number(id.slice(4)) : Number(id) - 100;
}

describe('batch accounting properties', () => {
  it('for standard queues and streams, reports exactly the records that failed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...sources),
        fc.array(recordPlan, { maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        async (source, plans, concurrency) => {
          const handler = (record: unknown) => {
            const plan = plans[indexOf(record)];
            if (!plan.async) {
              if (plan.fails) throw new Error('sync failure');
              return;
            }
            return Promise.resolve().then(() => {
              if (plan.fails) throw new Error('async failure');
            });
          };
          const ids = plans.map((_, i) => source.id(i));

          const result = await reported(
            () =>
              processPartialResponse(source.build(plans.length), handler, new BatchProcessor(source.type), {
                concurrency,
              }),
            ids,
          );

          expect(result).toEqual(ids.filter((_, i) => plans[i].fails));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('for FIFO queues, reports every record from the first failure on and none before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordPlan, { maxLength: 30 }), async (plans) => {
        const ran: number[] = [];
        const handler = async (record: { messageId: string }) => {
          const i = indexOf(record);
          ran.push(i);
          if (plans[i].async) await Promise.resolve();
          if (plans[i].fails) throw new Error('failure');
        };
        const ids = plans.map((_, i) => `msg-${i}`);
        const first = plans.findIndex((plan) => plan.fails);

        const result = await reported(
          () =>
            processPartialResponse(fifoBatch(plans.map(() => 'g')), handler, new SqsFifoPartialProcessor()),
          ids,
        );

        expect(result).toEqual(first === -1 ? [] : ids.slice(first));
        expect(ran).toEqual(plans.map((_, i) => i).slice(0, first === -1 ? plans.length : first + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('for FIFO queues with skipGroupOnError, reports each group from its first failure on and nothing else', async () => {
    const groupedPlan = fc.record({ fails: fc.boolean(), group: fc.constantFrom('a', 'b', 'c') });
    await fc.assert(
      fc.asyncProperty(fc.array(groupedPlan, { maxLength: 30 }), async (plans) => {
        const handler = (record: { messageId: string }) => {
          if (plans[indexOf(record)].fails) throw new Error('failure');
        };
        const ids = plans.map((_, i) => `msg-${i}`);
        const expected = ids.filter((_, i) =>
          plans.some((other, j) => j <= i && other.group === plans[i].group && other.fails),
        );

        const result = await reported(
          () =>
            processPartialResponse(
              fifoBatch(plans.map((p) => p.group)),
              handler,
              new SqsFifoPartialProcessor(),
              {
                skipGroupOnError: true,
              },
            ),
          ids,
        );

        expect(result).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('with a time budget, reports exactly the records that had not succeeded when it returned', async () => {
    const timedPlan = fc.record({ fails: fc.boolean(), ms: fc.integer({ min: 0, max: 25 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(timedPlan, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        async (plans, budgetMs, concurrency) => {
          const succeeded = new Set<string>();
          const handler = async (
            record: { messageId: string },
            _context: unknown,
            { signal }: { signal: AbortSignal },
          ) => {
            const plan = plans[indexOf(record)];
            await sleep(plan.ms);
            if (plan.fails) throw new Error('failure');
            if (!signal.aborted) succeeded.add(record.messageId);
          };
          const ids = plans.map((_, i) => `msg-${i}`);
          const context = createContext({ timeoutMs: 1000 });

          const result = await reported(
            () =>
              processPartialResponse(
                sqsBatch(plans.map(() => 'x')),
                handler,
                new BatchProcessor(EventType.SQS),
                {
                  context,
                  concurrency,
                  timeoutMarginMs: 1000 - budgetMs,
                },
              ),
            ids,
          );
          const succeededWhenReturned = new Set(succeeded);

          // No record is both unreported and unfinished; and no record that succeeded is reported.
          expect(ids.filter((id) => !result.includes(id))).toEqual(
            ids.filter((id) => succeededWhenReturned.has(id)),
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
