// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import { makeIdempotent } from '@lambkit/idempotency';
import { DynamoDBPersistenceLayer } from '@lambkit/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });

describe('makeIdempotent', () => {
  it('keeps the parameters and the return type of the function it wraps', () => {
    const charge = async (order: { id: string; cents: number }, _context: Context) => ({
      charged: order.cents,
    });
    const idempotentCharge = makeIdempotent(charge, { persistenceStore });
    expectTypeOf(idempotentCharge).parameters.toEqualTypeOf<[{ id: string; cents: number }, Context]>();
    expectTypeOf(idempotentCharge).returns.resolves.toEqualTypeOf<{ charged: number }>();
  });

  it('needs a persistence store', () => {
    // @ts-expect-error persistenceStore is required
    makeIdempotent(async () => 1, {});
  });
});
