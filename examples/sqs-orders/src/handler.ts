import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  type ParsedRecord,
  type PartialItemFailureResponse,
  reportBatchItemFailures,
} from '@lambkit/batch';
import type { LambdaContext, MiddlewareObj, MiddyRequest } from '@lambkit/core';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { fulfilOrder } from './fulfilment.js';
import { type Order, OrderSchema } from './order.js';

// Created once per execution environment, at INIT; every batch reuses them.
const logger = new Logger({ serviceName: 'sqs-orders' });
const metrics = new Metrics({ namespace: 'lambkit-examples', serviceName: 'sqs-orders' });
// The schema parses and validates each body before processOrder sees it; a body that is not JSON or
// not an order fails its own message only.
const processor = new BatchProcessor(EventType.SQS, { schema: OrderSchema });

/**
 * Handles one message whose body is a valid order. Throwing fails this message alone: Lambda returns
 * it to the queue, and after maxReceiveCount receives the queue moves it to the DLQ.
 *
 * @example
 * processOrder(record); // throws to fail this message
 */
export function processOrder(record: ParsedRecord<'SQS', Order>): void {
  const { messageId, body: order } = record;
  try {
    const fulfilment = fulfilOrder(order);
    logger.info('order processed', { messageId, ...fulfilment });
  } catch (error) {
    logger.error('order failed', { messageId, orderId: order.orderId, error });
    throw error;
  }
}

/**
 * Logs why a message never reached processOrder: its body is not JSON or not a valid order. The
 * reason names the field and the rule, never the value. (processOrder logs its own failures.)
 *
 * @example
 * reportBatchItemFailures(processor, processOrder, { onRecordFailure: logRejectedOrder });
 */
export function logRejectedOrder(record: SQSRecord, error: Error): void {
  if (error.name !== 'ParseError') return;
  logger.error('order rejected', { messageId: record.messageId, reason: error.message });
}

/**
 * Counts the batch's outcome once it is processed: OrdersProcessed and OrdersFailed, and a warning
 * naming the messages that go back to the queue. When every message fails, @lambkit/batch throws
 * FullBatchFailureError (the whole batch is retried); that is counted and logged with each reason.
 *
 * @example
 * middy().use(logMetrics(metrics)).use(countOrders()).use(reportBatchItemFailures(processor, processOrder));
 */
export function countOrders(): MiddlewareObj {
  function countOrdersAfter(request: MiddyRequest<SQSEvent>): void {
    const failures = (request.response as PartialItemFailureResponse).batchItemFailures;
    metrics.addMetric('OrdersProcessed', MetricUnit.Count, request.event.Records.length - failures.length);
    metrics.addMetric('OrdersFailed', MetricUnit.Count, failures.length);
    if (failures.length > 0) {
      logger.warn('orders returned to the queue', {
        messageIds: failures.map((failure) => failure.itemIdentifier),
      });
    }
  }
  function countOrdersOnError(request: MiddyRequest<SQSEvent>): void {
    if (!(request.error instanceof FullBatchFailureError)) return;
    metrics.addMetric('OrdersProcessed', MetricUnit.Count, 0);
    metrics.addMetric('OrdersFailed', MetricUnit.Count, request.error.recordErrors.length);
    logger.error('every order of the batch failed; the whole batch goes back to the queue', {
      reasons: request.error.recordErrors.map((error) => error.message),
    });
  }
  return { after: countOrdersAfter, onError: countOrdersOnError };
}

/**
 * The Lambda handler for the orders queue's event source mapping, which has ReportBatchItemFailures
 * on: it returns `{ batchItemFailures }` naming exactly the messages that failed.
 *
 * @example
 * const { batchItemFailures } = await handler(createSqsEvent({ bodies: [JSON.stringify(order)] }), createContext());
 */
export const handler = middy<SQSEvent, SQSBatchResponse, Error, LambdaContext>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  // Middy runs `after` hooks last-used first: the batch is processed, then counted, then the metrics
  // are published.
  .use(countOrders())
  // Stop starting orders 2 s before the function times out and report those left, rather than lose
  // the whole batch to the timeout.
  .use(
    reportBatchItemFailures(processor, processOrder, {
      timeoutMarginMs: 2_000,
      onRecordFailure: logRejectedOrder,
    }),
  );
