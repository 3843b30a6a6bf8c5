import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  type PartialItemFailureResponse,
  processPartialResponse,
  type RecordOf,
} from '@lambkit/batch';
import type { LambdaContext } from '@lambkit/core';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describeChange, User } from './user.js';

// INIT: created once per execution environment, shared by every invocation.
const logger = new Logger({ serviceName: 'user-stream' });
// The schema checks each image after it is unmarshalled; a record whose image does not match is
// reported as failed without reaching recordHandler, and the other records go on.
const processor = new BatchProcessor(EventType.DynamoDBStreams, { schema: User });

type UserRecord = RecordOf<typeof processor>;

/**
 * Writes the audit line of one change. Throwing fails this record only: its sequence number goes
 * back to Lambda in `batchItemFailures`.
 */
function recordHandler(record: UserRecord): void {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  try {
    const entry = describeChange(record.eventName, record.dynamodb?.OldImage, record.dynamodb?.NewImage);
    logger.info(`user ${entry.change}`, { ...entry, sequenceNumber });
  } catch (error) {
    logger.error('user change not processed', error as Error, { sequenceNumber });
    throw error;
  }
}

async function processUserChanges(
  event: DynamoDBStreamEvent,
  context: LambdaContext,
): Promise<PartialItemFailureResponse> {
  try {
    // One record at a time: the changes of a shard arrive in order, and the audit trail keeps it.
    const response = await processPartialResponse(event, recordHandler, processor, {
      context,
      concurrency: 1,
    });
    const failed = response.batchItemFailures.map((failure) => failure.itemIdentifier);
    const summary = { records: event.Records.length, failed: failed.length, failedSequenceNumbers: failed };
    if (failed.length > 0) logger.warn('batch processed with failures', summary);
    else logger.info('batch processed', summary);
    return response;
  } catch (error) {
    // Every record failed: the invocation fails, so Lambda retries, bisects the batch and finally
    // sends it to the on-failure destination (see template.yaml).
    if (error instanceof FullBatchFailureError) {
      logger.error('every record of the batch failed', error, { records: event.Records.length });
    }
    throw error;
  }
}

/**
 * DynamoDB Streams handler for the Users table (NEW_AND_OLD_IMAGES): each change becomes an audit
 * line, and records that could not be processed are reported by sequence number
 * (ReportBatchItemFailures), so Lambda retries from the first of them.
 *
 * @example
 * await handler(createDynamoDBStreamEvent({ records: [{ keys: { userId: 'u-1' }, newImage: user }] }), createContext());
 */
export const handler = middy(processUserChanges).use(injectLambdaContext(logger));
