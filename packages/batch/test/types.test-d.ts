// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.
import { BatchProcessor, EventType, processPartialResponse } from '@lambkit/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

describe('processPartialResponse', () => {
  it('hands the record handler the records of its event type and answers with item failures', () => {
    const processor = new BatchProcessor(EventType.SQS);
    const response = processPartialResponse(
      {} as SQSEvent,
      async (record: SQSRecord) => record.body,
      processor,
      {
        context: {} as Context,
      },
    );
    expectTypeOf(response).resolves.toMatchTypeOf<SQSBatchResponse>();
  });

  it('takes only the three event types', () => {
    // @ts-expect-error no such event type
    new BatchProcessor('S3');
  });
});
