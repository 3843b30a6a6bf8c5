// An SQS queue of payments: SQS delivers each message at least once, and a message whose batch
// partly failed comes back, so the charge is made idempotent on the payment id. A payment seen
// before returns the charge stored the first time, without charging again.
import { IdempotencyConfig, makeIdempotent } from '@lambkit/idempotency';
import { DynamoDBPersistenceLayer } from '@lambkit/idempotency/dynamodb';
import { Logger } from '@lambkit/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

const logger = new Logger({ serviceName: 'sqs-payments' });

const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: process.env.IDEMPOTENCY_TABLE ?? 'idempotency',
});
const config = new IdempotencyConfig({
  eventKeyJmesPath: 'paymentId',
  // The same payment id with another amount is a bug upstream, not a retry: refused, not replayed.
  payloadValidationJmesPath: '[amountCents, currency]',
  // A day: longer than a message stays in the queue and its dead-letter redrives (template.yaml).
  expiresAfterSeconds: 24 * 60 * 60,
});

export interface Payment {
  paymentId: string;
  customerId: string;
  amountCents: number;
  currency: string;
}

/** The side effect that must happen once: a stand-in for the payment provider's API. */
async function chargeCard(
  payment: Payment,
): Promise<{ paymentId: string; chargeId: string; amountCents: number }> {
  logger.info('card charged', { paymentId: payment.paymentId, amountCents: payment.amountCents });
  return {
    paymentId: payment.paymentId,
    chargeId: `ch_${payment.paymentId}`,
    amountCents: payment.amountCents,
  };
}

const chargeOnce = makeIdempotent(chargeCard, { persistenceStore, config });

/**
 * Charges each payment of the batch once and reports the messages that failed (a payment still
 * being charged by another invocation, a reused id, an unreachable table): SQS redelivers those.
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  config.registerLambdaContext(context); // the in-progress expiry follows this invocation's deadline
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const charge = await chargeOnce(JSON.parse(record.body) as Payment);
      logger.info('payment done', { messageId: record.messageId, ...charge });
    } catch (error) {
      logger.error('payment failed', { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
