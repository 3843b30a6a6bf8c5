// Records interoperate with Powertools for AWS Lambda (TypeScript): both libraries write to one
// dynalite table, with the same function name, so a function switching either way honours the
// records already written.
import {
  IdempotencyConfig as PtConfig,
  makeIdempotent as ptMakeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer as PtDynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createContext } from '@lambkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { keyOf, useDynalite } from '../test/test-dynalite.js';
import { DynamoDBPersistenceLayer } from './dynamodb/index.js';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from './index.js';

const dynamo = useDynalite();

const EVENT = {
  Records: [
    {
      messageId: 'm-1',
      body: '{"orderId":"o-1","amount":42,"Currency":"EUR","items":[{"sku":"b","Qty":1}]}',
    },
  ],
  zeta: 1,
  Alpha: { b: true, A: null },
};
const CONFIG = {
  eventKeyJmesPath: 'Records[0].powertools_json(body)',
  payloadValidationJmesPath: 'Records[0].messageId',
};

function both(tableName: string, options: { useConfig?: boolean } = {}) {
  const pt = vi.fn(async (_event?: unknown, _context?: unknown) => ({
    by: 'powertools',
    total: 42,
    lines: [{ sku: 'b' }],
    note: null,
  }));
  const lk = vi.fn(async (_event?: unknown, _context?: unknown) => ({
    by: 'lambkit',
    total: 0,
    lines: [],
    note: null,
  }));
  const ptHandler = ptMakeIdempotent(pt, {
    persistenceStore: new PtDynamoDBPersistenceLayer({ tableName }),
    config: options.useConfig ? new PtConfig(CONFIG) : undefined,
  });
  const lkHandler = makeIdempotent(lk, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName }),
    config: options.useConfig ? new IdempotencyConfig(CONFIG) : undefined,
  });
  return { pt, lk, ptHandler, lkHandler };
}

describe('records shared with Powertools', () => {
  it('returns the result Powertools stored, without running, for an event Powertools completed', async () => {
    const tableName = await dynamo.table();
    const { ptHandler, lkHandler, lk } = both(tableName);
    const stored = await ptHandler(EVENT, createContext());

    const replayed = await lkHandler(EVENT, createContext());

    expect(replayed).toEqual(stored);
    expect(lk).not.toHaveBeenCalled();
  });

  it('makes Powertools return the result lambkit stored, without running', async () => {
    const tableName = await dynamo.table();
    const { ptHandler, lkHandler, pt } = both(tableName);
    const stored = await lkHandler(EVENT, createContext());

    const replayed = await ptHandler(EVENT, createContext());

    expect(replayed).toEqual(stored);
    expect(pt).not.toHaveBeenCalled();
  });

  it('takes the same key as Powertools from eventKeyJmesPath and validates its payload hash', async () => {
    const tableName = await dynamo.table();
    const { ptHandler, lkHandler, lk } = both(tableName, { useConfig: true });
    const stored = await ptHandler(EVENT, createContext());
    const other = { ...EVENT, Records: [{ ...EVENT.Records[0], messageId: 'm-2' }] };

    const replayed = await lkHandler(EVENT, createContext());
    const mismatch = await lkHandler(other, createContext()).catch((error: unknown) => error);

    expect(replayed).toEqual(stored);
    expect(mismatch).toBeInstanceOf(IdempotencyValidationError);
    expect(lk).not.toHaveBeenCalled();
  });

  it('writes the item Powertools writes for the same event, timestamps aside', async () => {
    const ptTable = await dynamo.table();
    const lkTable = await dynamo.table();
    const pt = both(ptTable, { useConfig: true });
    const lk = both(lkTable, { useConfig: true });
    const key = keyOf(JSON.parse(EVENT.Records[0]?.body as string));
    const sorted = keyOf({ amount: 42, Currency: 'EUR', items: [{ Qty: 1, sku: 'b' }], orderId: 'o-1' });
    await pt.ptHandler(EVENT, createContext());
    // The same result, so the stored data can be compared.
    lk.lk.mockImplementation(pt.pt.getMockImplementation() as never);
    await lk.lkHandler(EVENT, createContext());

    const ptItem = await dynamo.item(ptTable, { id: sorted });
    const lkItem = await dynamo.item(lkTable, { id: sorted });

    expect(key).not.toBe(sorted); // the key is hashed from the sorted JSON, as Powertools sorts it
    expect(ptItem).toBeDefined();
    const { expiration: ptExpiry, in_progress_expiration: ptInProgress, ...ptRest } = ptItem ?? {};
    const { expiration: lkExpiry, in_progress_expiration: lkInProgress, ...lkRest } = lkItem ?? {};
    expect(lkRest).toEqual(ptRest);
    expect(Object.keys(lkExpiry)).toEqual(Object.keys(ptExpiry));
    expect(Object.keys(lkInProgress)).toEqual(Object.keys(ptInProgress));
  });

  it('refuses an event Powertools is still running with IdempotencyAlreadyInProgressError', async () => {
    const tableName = await dynamo.table();
    let release = () => {};
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = vi.fn();
    const ptHandler = ptMakeIdempotent(
      async (_event?: unknown, _context?: unknown) => {
        started();
        await running;
        return 'done';
      },
      { persistenceStore: new PtDynamoDBPersistenceLayer({ tableName }) },
    );
    const { lkHandler, lk } = both(tableName);
    const first = ptHandler(EVENT, createContext({ timeoutMs: 30_000 }));
    await vi.waitUntil(() => started.mock.calls.length === 1);

    const refused = await lkHandler(EVENT, createContext()).catch((error: unknown) => error);
    release();
    await first;

    expect(refused).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(lk).not.toHaveBeenCalled();
  });

  it('takes the key Powertools takes from keys that differ only in case', async () => {
    const tableName = await dynamo.table();
    const { ptHandler, lkHandler, lk } = both(tableName);
    const event = { b: 1, B: 2, a: { Y: 1, y: 2, x: 3 }, A: 0 };
    const stored = await ptHandler(event, createContext());

    const replayed = await lkHandler(event, createContext());

    expect(replayed).toEqual(stored);
    expect(lk).not.toHaveBeenCalled();
  });
});
