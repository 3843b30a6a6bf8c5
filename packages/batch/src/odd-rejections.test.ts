import { captureOutput } from '@lambkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fifoBatch, sqsBatch } from '../test/test-events.js';
import {
  BatchProcessingError,
  BatchProcessor,
  EventType,
  type PartialItemFailureResponse,
  processPartialResponse,
  processPartialResponseSync,
  type SQSRecord,
  SqsFifoPartialProcessor,
} from './index.js';

// A record handler may throw or reject with anything, including values that throw as soon as they are
// looked at. Each must fail its own record, and the batch must still settle and report it.

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function throwingTraps(): object {
  const fail = () => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: fail, getPrototypeOf: fail, has: fail, ownKeys: fail });
}

function throwingGetters(): object {
  return {
    get [Symbol.toStringTag]() {
      throw new Error('getter');
    },
    get message() {
      throw new Error('getter');
    },
  };
}

const oddValues: Array<[string, () => unknown, string]> = [
  ['a revoked Proxy', revokedProxy, 'an object that cannot be inspected'],
  ['a Proxy whose traps throw', throwingTraps, 'an object that cannot be inspected'],
  ['an object whose getters throw', throwingGetters, 'an object that cannot be inspected'],
  ['null', () => null, 'null'],
  ['undefined', () => undefined, 'undefined'],
  ['a Symbol', () => Symbol('secret'), 'a symbol'],
  ['a string', () => 'secret-token', 'a string of 12 characters'],
];

/** Fails the test, instead of hanging until the test timeout, when a batch does not settle. */
function settled<T>(run: Promise<T>, ms = 2_000): Promise<T> {
  return Promise.race([
    run,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled in ${ms} ms`)), ms)),
  ]);
}

function recorder() {
  const failures: { index: number; error: Error }[] = [];
  return {
    failures,
    onRecordFailure: (_r: unknown, error: Error, index: number) => failures.push({ index, error }),
  };
}

describe.each(oddValues)('a record handler that fails with %s', (_name, make, described) => {
  it('fails only that record when it rejects, and the batch settles', async () => {
    const value = make();
    const { failures, onRecordFailure } = recorder();

    const response = await settled(
      processPartialResponse(
        sqsBatch(['ok', 'bad', 'ok']),
        async (record: SQSRecord) => {
          if (record.body === 'bad') throw value;
        },
        new BatchProcessor(EventType.SQS),
        { onRecordFailure },
      ),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.index).toBe(1);
    expect(failures[0]!.error).toBeInstanceOf(BatchProcessingError);
    expect(failures[0]!.error.message).toBe(`The record handler threw ${described}, not an Error`);
    expect(failures[0]!.error.cause === value).toBe(true);
  });

  it('fails only that record when it throws synchronously in processPartialResponseSync', () => {
    const value = make();
    const { failures, onRecordFailure } = recorder();

    const response = processPartialResponseSync(
      sqsBatch(['ok', 'bad']),
      (record: SQSRecord) => {
        if (record.body === 'bad') throw value;
      },
      new BatchProcessor(EventType.SQS),
      { onRecordFailure },
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(failures.map((f) => f.error.message)).toEqual([
      `The record handler threw ${described}, not an Error`,
    ]);
  });

  it('stops a FIFO batch at that record and reports it with every later one', async () => {
    const value = make();
    const { failures, onRecordFailure } = recorder();

    const response: PartialItemFailureResponse = await settled(
      processPartialResponse(
        fifoBatch(['a', 'b', 'c']),
        async (record: SQSRecord) => {
          if (record.messageId === 'msg-1') throw value;
        },
        new SqsFifoPartialProcessor(),
        { onRecordFailure },
      ),
    );

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['msg-1', 'msg-2']);
    expect(failures.map((f) => f.index)).toEqual([1, 2]);
    expect(failures[0]!.error.message).toBe(`The record handler threw ${described}, not an Error`);
  });
});

describe('a record handler that returns a value that cannot be inspected', () => {
  it('fails that record instead of the whole batch', async () => {
    const response = await settled(
      Promise.resolve(
        processPartialResponse(
          sqsBatch(['ok', 'bad']),
          (record: SQSRecord) => (record.body === 'bad' ? revokedProxy() : undefined),
          new BatchProcessor(EventType.SQS),
        ),
      ),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });
});

describe('an onRecordFailure hook that throws a value that cannot be inspected', () => {
  it('keeps the batch result and says so on stderr without the value', async () => {
    const { result, stderr } = await captureOutput(() =>
      settled(
        processPartialResponse(
          sqsBatch(['ok', 'bad']),
          (record: SQSRecord) => {
            if (record.body === 'bad') throw new Error('bad');
          },
          new BatchProcessor(EventType.SQS),
          {
            onRecordFailure: () => {
              throw revokedProxy();
            },
          },
        ),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(stderr).toEqual([
      {
        level: 'ERROR',
        message: 'onRecordFailure threw; the batch result stands',
        timestamp: expect.any(String),
        service: expect.any(String),
        package: '@lambkit/batch',
        code: 'BATCH_ON_RECORD_FAILURE_THREW',
        index: 1,
        error: 'an object that cannot be inspected',
      },
    ]);
  });

  it('logs the type of a thrown string, not the string, which may hold a secret', async () => {
    const { stderr } = await captureOutput(() =>
      processPartialResponse(
        sqsBatch(['bad']),
        () => {
          throw new Error('bad');
        },
        new BatchProcessor(EventType.SQS),
        {
          throwOnFullBatchFailure: false,
          onRecordFailure: () => {
            throw 'secret-token';
          },
        },
      ),
    );

    expect(stderr).toEqual([expect.objectContaining({ error: 'a string of 12 characters' })]);
  });
});

describe('any thrown or rejected value', () => {
  it('fails exactly the records that threw or rejected, and every one reaches onRecordFailure', async () => {
    // Makers, not values: fast-check inspects what it generates, and a revoked Proxy throws at that.
    const thrown = fc.oneof(
      fc.anything().map((value) => () => value),
      fc.constantFrom(revokedProxy, throwingTraps, throwingGetters),
    );
    const plan = fc.record({ fails: fc.boolean(), async: fc.boolean(), make: thrown });

    await fc.assert(
      fc.asyncProperty(fc.array(plan, { minLength: 1, maxLength: 12 }), async (plans) => {
        const reported: number[] = [];

        const response = await settled(
          processPartialResponse(
            sqsBatch(plans.map((_, i) => String(i))),
            (record: SQSRecord) => {
              const { fails, async, make } = plans[Number(record.body)]!;
              const value = make();
              if (!async) {
                if (fails) throw value;
                return undefined;
              }
              return fails ? Promise.reject(value) : Promise.resolve();
            },
            new BatchProcessor(EventType.SQS),
            { throwOnFullBatchFailure: false, onRecordFailure: (_r, _e, index) => reported.push(index) },
          ),
        );

        const failed = plans.flatMap((p, i) => (p.fails ? [i] : []));
        expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
          failed.map((i) => `msg-${i}`),
        );
        expect(reported).toEqual(failed);
      }),
      { numRuns: 150 },
    );
  });
});
