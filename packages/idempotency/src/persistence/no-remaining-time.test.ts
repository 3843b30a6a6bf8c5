// Alone in its file: the warning is written once per process, and every other test file may write it.
import { captureOutput } from '@lambkit/testing';
import { beforeEach, expect, it, vi } from 'vitest';
import { MapStore } from '../../test/persistence/test-map-store.js';
import { keyOf } from '../../test/test-dynalite.js';
import { IdempotencyRecordStatus, makeIdempotent } from '../index.js';
import type { IdempotencyRecord } from './index.js';

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'payments');
});

it('writes no in-progress expiry without a remaining time, and says so once', async () => {
  const store = new MapStore();
  let whileRunning: IdempotencyRecord | undefined;
  const handler = makeIdempotent(
    async (event: { orderId: string }) => {
      whileRunning = store.items.get(keyOf(event));
      return 'ok';
    },
    { persistenceStore: store },
  );

  const output = await captureOutput(async () => {
    await handler({ orderId: 'w-3' });
    await handler({ orderId: 'w-4' });
  });

  expect(whileRunning?.getStatus()).toBe(IdempotencyRecordStatus.INPROGRESS);
  expect(whileRunning?.inProgressExpiryTimestamp).toBeUndefined();
  const warnings = output.stderrLines.filter((line) =>
    line.text.includes('Could not determine remaining time'),
  );
  expect(warnings).toHaveLength(1);
  expect(JSON.parse(warnings[0]?.text as string)).toMatchObject({
    package: '@lambkit/idempotency',
    code: 'IDEMPOTENCY_NO_REMAINING_TIME',
  });
});
