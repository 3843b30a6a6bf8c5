import { readFileSync } from 'node:fs';
import { FullBatchFailureError } from '@lambkit/batch';
import { captureOutput, createContext, createSqsEvent } from '@lambkit/testing';
import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handler } from './handler.js';

function sampleEvent(file: string): SQSEvent {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

/** events/orders-batch.json: o-1001 valid, o-1002 invalid body, o-1003 a discontinued product, o-1004 valid. */
const batch = sampleEvent('orders-batch.json');
const [valid1001, invalid1002, discontinued1003, valid1004] = batch.Records.map((record) => record.messageId);

function orderBody(orderId: string, sku = 'MUG-01'): string {
  return JSON.stringify({
    orderId,
    customerId: 'c-1',
    currency: 'EUR',
    items: [{ sku, quantity: 1, unitPrice: 9.5 }],
  });
}

function emfWith(lines: any[], metric: string): any[] {
  return lines.filter((line) => line?._aws?.CloudWatchMetrics !== undefined && metric in line);
}

// The handler keeps 2 s of the function's time for itself (timeoutMarginMs) and SAM's default timeout
// is 3 s: a loaded machine can spend the one second left loading the schema library on the first
// invocation, which fails every record as out of time. These tests are not about the time budget.
function lambdaContext(overrides: Parameters<typeof createContext>[0] = {}) {
  return createContext({ timeoutMs: 30_000, ...overrides });
}

describe('sqs-orders handler', () => {
  it('reports exactly the messages with an invalid body or a failed order', async () => {
    const { result } = await captureOutput(() => handler(sampleEvent('orders-batch.json'), lambdaContext()));

    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: invalid1002 }, { itemIdentifier: discontinued1003 }],
    });
  });

  it('logs each processed order with its total, computed from the parsed body', async () => {
    const context = lambdaContext({ functionName: 'sqs-orders' });

    const { stdout } = await captureOutput(() => handler(sampleEvent('orders-batch.json'), context));

    const processed = stdout.filter((line) => line?.message === 'order processed');
    expect(processed).toEqual([
      expect.objectContaining({
        level: 'INFO',
        messageId: valid1001,
        orderId: 'o-1001',
        total: 23.2,
        currency: 'EUR',
        itemCount: 3,
        function_request_id: context.awsRequestId,
      }),
      expect.objectContaining({ messageId: valid1004, orderId: 'o-1004', total: 12.6, currency: 'GBP' }),
    ]);
  });

  it('logs a failed order with its error, a rejected body with its reason, and the messages that go back to the queue', async () => {
    const { stderr } = await captureOutput(() => handler(sampleEvent('orders-batch.json'), lambdaContext()));

    expect(stderr.find((line) => line?.message === 'order failed')).toMatchObject({
      level: 'ERROR',
      messageId: discontinued1003,
      orderId: 'o-1003',
      error: {
        name: 'DiscontinuedProductError',
        message: 'Order o-1003 names product LAMP-07, which is discontinued',
      },
    });
    expect(stderr.find((line) => line?.message === 'order rejected')).toMatchObject({
      level: 'ERROR',
      messageId: invalid1002,
      reason:
        'Invalid input at Records[1].body.items[0].quantity: expected a value the schema accepts (record 1)',
    });
    expect(stderr.find((line) => line?.message === 'orders returned to the queue')).toMatchObject({
      level: 'WARN',
      messageIds: [invalid1002, discontinued1003],
    });
  });

  it('publishes the processed and failed counts of the batch in one EMF document', async () => {
    const { stdout } = await captureOutput(() => handler(sampleEvent('orders-batch.json'), lambdaContext()));

    const documents = emfWith(stdout, 'OrdersProcessed');
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'lambkit-examples',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'OrdersProcessed', Unit: 'Count' },
              { Name: 'OrdersFailed', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'sqs-orders',
      OrdersProcessed: 2,
      OrdersFailed: 2,
    });
  });

  it('returns no failures when every order is valid, so Lambda deletes the whole batch', async () => {
    const { result, stdout } = await captureOutput(() =>
      handler(sampleEvent('orders-all-valid.json'), lambdaContext()),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(
      stdout.find((line) => line?.message === 'order processed' && line.orderId === 'o-1006'),
    ).toMatchObject({ total: 3, itemCount: 20 });
  });

  it('fails the invocation when every order fails, logging each reason, so the whole batch is retried', async () => {
    const event = createSqsEvent({ bodies: ['not json', orderBody('o-9', 'VASE-12')] });

    const { error, stdout, stderr } = await captureOutput(() => handler(event, lambdaContext()));

    expect(error).toBeInstanceOf(FullBatchFailureError);
    const summary = stderr.find((line) => line?.level === 'ERROR' && Array.isArray(line.reasons));
    expect(summary.reasons).toEqual([
      expect.stringMatching(/^Invalid input at Records\[0\]\.body: expected JSON/),
      'Order o-9 names product VASE-12, which is discontinued',
    ]);
    expect(emfWith(stdout, 'OrdersFailed')[0]).toMatchObject({ OrdersProcessed: 0, OrdersFailed: 2 });
  });

  it('reports the failed messages of any mix of valid, invalid and failing orders, in record order', async () => {
    const kind = fc.constantFrom('valid', 'not-json', 'no-items', 'discontinued');
    const kinds = fc.array(kind, { minLength: 1, maxLength: 10 }).filter((list) => list.includes('valid'));

    await fc.assert(
      fc.asyncProperty(kinds, async (list) => {
        const bodies = list.map((k, i) => {
          if (k === 'not-json') return `{"orderId":"o-${i}"`;
          if (k === 'no-items')
            return JSON.stringify({ orderId: `o-${i}`, customerId: 'c', currency: 'EUR', items: [] });
          return orderBody(`o-${i}`, k === 'discontinued' ? 'LAMP-07' : 'MUG-01');
        });
        const event = createSqsEvent({ bodies });

        const { result } = await captureOutput(() => handler(event, lambdaContext()));

        const failed = event.Records.filter((_, i) => list[i] !== 'valid').map((record) => ({
          itemIdentifier: record.messageId,
        }));
        expect(result).toEqual({ batchItemFailures: failed });
      }),
      { numRuns: 50 },
    );
  });
});
