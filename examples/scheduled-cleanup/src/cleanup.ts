import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { cachedClient, type LambdaContext, readEnvString } from '@lambkit/core';
import { correlationPaths, injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';

/** What one run did. */
export interface CleanupResult {
  /** Items whose expiresAt (epoch seconds) was before this: the time the schedule fired. */
  cutoff: number;
  removed: number;
  /** Items the scan read, expired or not. */
  scanned: number;
  /** False when the run stopped early to finish before the function timeout; the next run goes on. */
  complete: boolean;
}

/** Options of `createCleanupHandler`. */
export interface CleanupOptions {
  /** The sessions table. Default: the TABLE_NAME environment variable. */
  tableName?: string;
  /** The DynamoDB client configuration. Default `{}`: region, credentials and endpoint from the environment. */
  dynamodb?: DynamoDBClientConfig;
  /** Stop scanning when less than this is left before the function times out. Default 10 000 ms. */
  timeoutMarginMs?: number;
  /** How many times to send deletes DynamoDB left unprocessed (throttling) again. Default 5. */
  maxWriteRetries?: number;
}

/** The deletes of one batch that DynamoDB still had not done after every retry. */
export class UnprocessedDeletesError extends Error {
  override readonly name = 'UnprocessedDeletesError';
  constructor(
    readonly tableName: string,
    readonly unprocessed: number,
    readonly attempts: number,
  ) {
    super(`DynamoDB left ${unprocessed} deletes in ${tableName} unprocessed after ${attempts} attempts`);
  }
}

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
const BACKOFF_BASE_MS = 50;

type Key = Record<string, AttributeValue>;

// Created once per execution environment, at INIT.
const logger = new Logger({ serviceName: 'scheduled-cleanup' });
const metrics = new Metrics({ namespace: 'lambkit-examples', serviceName: 'scheduled-cleanup' });

function tableNameFrom(options: CleanupOptions): string {
  const tableName = options.tableName ?? readEnvString('TABLE_NAME');
  if (tableName === undefined) {
    throw new Error('scheduled-cleanup: TABLE_NAME is not set; it must name the sessions table');
  }
  return tableName;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the handler of the cleanup schedule: scans the sessions table for items whose `expiresAt`
 * is before the time the schedule fired and deletes them in batches of 25, through one DynamoDB
 * client cached for the life of the execution environment. Logs the outcome and publishes the
 * ItemsRemoved metric, also when a DynamoDB error fails the run. Reads TABLE_NAME once, here.
 *
 * @example
 * const handler = createCleanupHandler({ tableName: 'sessions', dynamodb: { region: 'eu-west-1' } });
 * await handler(createScheduledEvent({ ruleName: 'cleanup' }), createContext({ timeoutMs: 60_000 }));
 */
export function createCleanupHandler(options: CleanupOptions = {}) {
  const tableName = tableNameFrom(options);
  const dynamodb = cachedClient(DynamoDBClient, options.dynamodb ?? {});
  const timeoutMarginMs = options.timeoutMarginMs ?? 10_000;
  const maxWriteRetries = options.maxWriteRetries ?? 5;

  /** Deletes up to 25 keys, sending again what DynamoDB left unprocessed, with backoff. */
  async function deleteKeys(keys: Key[]): Promise<void> {
    let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; attempt <= maxWriteRetries; attempt++) {
      if (attempt > 0) await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
      const { UnprocessedItems } = await dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
      if (pending.length === 0) return;
    }
    throw new UnprocessedDeletesError(tableName, pending.length, maxWriteRetries + 1);
  }

  async function removeExpiredSessions(
    event: ScheduledEvent,
    context: LambdaContext,
  ): Promise<CleanupResult> {
    // The schedule's time, not the clock: a retried run removes the same items as the first would.
    const result: CleanupResult = {
      cutoff: Math.floor(Date.parse(event.time) / 1000),
      removed: 0,
      scanned: 0,
      complete: false,
    };
    let startKey: Key | undefined;
    try {
      do {
        if (context.getRemainingTimeInMillis() < timeoutMarginMs) {
          logger.warn('stopping before the function times out; the next run goes on', { ...result });
          return result;
        }
        const page = await dynamodb.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: '#expiresAt < :cutoff',
            ProjectionExpression: '#pk',
            ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#pk': 'pk' },
            ExpressionAttributeValues: { ':cutoff': { N: String(result.cutoff) } },
            ExclusiveStartKey: startKey,
          }),
        );
        result.scanned += page.ScannedCount ?? 0;
        const keys = page.Items ?? [];
        for (let i = 0; i < keys.length; i += BATCH_SIZE) {
          const batch = keys.slice(i, i + BATCH_SIZE);
          await deleteKeys(batch);
          result.removed += batch.length;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      result.complete = true;
      logger.info('expired sessions removed', { tableName, ...result });
      return result;
    } catch (error) {
      logger.error('cleanup failed', { tableName, ...result, error });
      throw error;
    } finally {
      // Counted whatever happened, so the metric matches what was really deleted.
      metrics.addMetric('ItemsRemoved', MetricUnit.Count, result.removed);
    }
  }

  return middy(removeExpiredSessions)
    .use(injectLambdaContext(logger, { correlationIdPath: correlationPaths.EVENT_BRIDGE }))
    .use(logMetrics(metrics));
}
