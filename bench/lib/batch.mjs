// Shared by the batch scenarios (batch.bench.mjs, batch-async.bench.mjs): the SQS batch they process
// and the per-record note on each row.
import { createSqsEvent } from '@lambkit/testing';

/** An SQS event of `count` records, each the same small JSON order. */
export function sqsEvent(count) {
  return createSqsEvent({ bodies: Array.from({ length: count }, () => '{"orderId":"o-1","total":12.5}') });
}

/** Notes each row's median per record of a `count`-record batch. */
export function perRecord(result, count) {
  for (const row of result.rows) row.note = `${(row.median / count).toFixed(1)} ns/record`;
  return result;
}
