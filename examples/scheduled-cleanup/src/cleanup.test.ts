import { readFileSync } from 'node:fs';
import type { LambdaContext } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type DynamoDBEndpoint, startDynamoDBEndpoint } from '../local/dynamodb-endpoint.mjs';
import { putSampleSessions, SAMPLE_CUTOFF, SAMPLE_TABLE } from '../start-env.mjs';
import { type CleanupResult, createCleanupHandler, UnprocessedDeletesError } from './cleanup.js';

const nightly: ScheduledEvent = JSON.parse(
  readFileSync(new URL('../events/nightly.json', import.meta.url), 'utf8'),
);

function session(pk: string, expiresAt?: number) {
  const item: Record<string, any> = { pk: { S: pk }, userId: { S: 'u-1' } };
  if (expiresAt !== undefined) item.expiresAt = { N: String(expiresAt) };
  return item;
}

function keysLeft(dynamodb: DynamoDBEndpoint): string[] {
  return dynamodb.items(SAMPLE_TABLE).map((item) => item.pk.S);
}

/** A context with plenty of time, as the 60 s function timeout of template.yaml gives. */
const minute = () => createContext({ functionName: 'scheduled-cleanup', timeoutMs: 60_000 });

describe('scheduled-cleanup handler', () => {
  let dynamodb: DynamoDBEndpoint;

  async function start(pageSize?: number) {
    dynamodb = await startDynamoDBEndpoint({ tables: { [SAMPLE_TABLE]: { partitionKey: 'pk' } }, pageSize });
    return createCleanupHandler({ tableName: SAMPLE_TABLE, dynamodb: dynamodb.clientConfig });
  }

  afterEach(async () => {
    await dynamodb.close();
  });

  it('removes the sessions that expired before the schedule fired and keeps the others', async () => {
    const handler = await start();
    dynamodb.putItem(SAMPLE_TABLE, session('session#expired', SAMPLE_CUTOFF - 1));
    dynamodb.putItem(SAMPLE_TABLE, session('session#at-cutoff', SAMPLE_CUTOFF));
    // Expired by the clock now, but not when the schedule fired: a retried run must not take it.
    dynamodb.putItem(SAMPLE_TABLE, session('session#after-schedule', SAMPLE_CUTOFF + 3600));
    dynamodb.putItem(SAMPLE_TABLE, session('session#no-expiry'));

    const { result } = await captureOutput(() => handler(nightly, minute()));

    expect(result).toEqual({ cutoff: SAMPLE_CUTOFF, removed: 1, scanned: 4, complete: true });
    expect(keysLeft(dynamodb)).toEqual(['session#after-schedule', 'session#at-cutoff', 'session#no-expiry']);
  });

  it('scans with a filter and a key-only projection, signed for DynamoDB', async () => {
    const handler = await start();

    await captureOutput(() => handler(nightly, minute()));

    const [scan] = dynamodb.requestsOf('Scan');
    expect(scan.signingService).toBe('dynamodb');
    expect(scan.body).toMatchObject({
      TableName: SAMPLE_TABLE,
      FilterExpression: '#expiresAt < :cutoff',
      ProjectionExpression: '#pk',
      ExpressionAttributeValues: { ':cutoff': { N: String(SAMPLE_CUTOFF) } },
    });
  });

  it('follows the scan from page to page and deletes in batches of at most 25', async () => {
    const handler = await start(20);
    putSampleSessions(dynamodb); // 40 expired, 5 live, 1 without expiry

    const { result } = await captureOutput(() => handler(nightly, minute()));

    expect(result).toMatchObject({ removed: 40, scanned: 46, complete: true });
    expect(keysLeft(dynamodb)).toHaveLength(6);
    expect(dynamodb.requestsOf('Scan')).toHaveLength(3);
    const batchSizes = dynamodb
      .requestsOf('BatchWriteItem')
      .map((request) => request.body.RequestItems[SAMPLE_TABLE].length);
    expect(batchSizes).toEqual([20, 20]);
  });

  it('splits a page of more than 25 expired sessions into several BatchWriteItem calls', async () => {
    const handler = await start(100);
    for (let i = 0; i < 60; i++) dynamodb.putItem(SAMPLE_TABLE, session(`session#${i}`, SAMPLE_CUTOFF - 10));

    await captureOutput(() => handler(nightly, minute()));

    const batchSizes = dynamodb
      .requestsOf('BatchWriteItem')
      .map((request) => request.body.RequestItems[SAMPLE_TABLE].length);
    expect(batchSizes).toEqual([25, 25, 10]);
    expect(keysLeft(dynamodb)).toEqual([]);
  });

  it('sends again the deletes DynamoDB left unprocessed', async () => {
    const handler = await start();
    putSampleSessions(dynamodb);
    dynamodb.leaveUnprocessed(7);

    const { result } = await captureOutput(() => handler(nightly, minute()));

    expect(result?.removed).toBe(40);
    const batchSizes = dynamodb
      .requestsOf('BatchWriteItem')
      .map((request) => request.body.RequestItems[SAMPLE_TABLE].length);
    expect(batchSizes).toEqual([25, 7, 15]);
    expect(keysLeft(dynamodb)).toHaveLength(6);
  });

  it('fails with UnprocessedDeletesError when DynamoDB keeps leaving deletes unprocessed', async () => {
    dynamodb = await startDynamoDBEndpoint({ tables: { [SAMPLE_TABLE]: { partitionKey: 'pk' } } });
    const handler = createCleanupHandler({
      tableName: SAMPLE_TABLE,
      dynamodb: dynamodb.clientConfig,
      maxWriteRetries: 0,
    });
    dynamodb.putItem(SAMPLE_TABLE, session('session#expired', SAMPLE_CUTOFF - 1));
    dynamodb.leaveUnprocessed(1);

    const { error } = await captureOutput(() => handler(nightly, minute()));

    expect(error).toBeInstanceOf(UnprocessedDeletesError);
    expect((error as Error).message).toBe(
      `DynamoDB left 1 deletes in ${SAMPLE_TABLE} unprocessed after 1 attempts`,
    );
  });

  it('logs the outcome with the schedule event id as correlation id, and publishes ItemsRemoved', async () => {
    const handler = await start();
    putSampleSessions(dynamodb);
    const context = minute();

    const { stdout } = await captureOutput(() => handler(nightly, context));

    expect(stdout.find((line) => line?.message === 'expired sessions removed')).toMatchObject({
      level: 'INFO',
      service: 'scheduled-cleanup',
      correlation_id: nightly.id,
      function_request_id: context.awsRequestId,
      tableName: SAMPLE_TABLE,
      removed: 40,
      scanned: 46,
      complete: true,
    });
    const emf = stdout.filter((line) => line?._aws !== undefined);
    expect(emf).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'lambkit-examples',
              Dimensions: [['service']],
              Metrics: [{ Name: 'ItemsRemoved', Unit: 'Count' }],
            },
          ],
        }),
        ItemsRemoved: 40,
      }),
    ]);
  });

  it('still publishes the sessions removed so far, and logs the error, when DynamoDB fails mid-run', async () => {
    const handler = await start(20);
    putSampleSessions(dynamodb);
    dynamodb.failNext('BatchWriteItem', 'InternalServerError', 1); // the first page's deletes succeed

    const { error, stdout, stderr } = await captureOutput(() => handler(nightly, minute()));

    expect(error).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    expect(stderr.find((line) => line?.message === 'cleanup failed')).toMatchObject({
      level: 'ERROR',
      removed: 20,
      complete: false,
      error: { name: 'InternalServerError' },
    });
    expect(stdout.find((line) => line?._aws !== undefined)?.ItemsRemoved).toBe(20);
    expect(keysLeft(dynamodb)).toHaveLength(26);
  });

  it('stops before the function times out, reporting the run as incomplete', async () => {
    const handler = await start(20);
    putSampleSessions(dynamodb);
    // A minute left before the first page, then less than the 10 s margin.
    const remaining = [60_000, 5_000];
    const context: LambdaContext = { ...minute(), getRemainingTimeInMillis: () => remaining.shift() ?? 0 };

    const { result, stdout, stderr } = await captureOutput(() => handler(nightly, context));

    expect(result).toEqual<CleanupResult>({
      cutoff: SAMPLE_CUTOFF,
      removed: 20,
      scanned: 20,
      complete: false,
    });
    expect(dynamodb.requestsOf('Scan')).toHaveLength(1);
    expect(stderr.find((line) => line?.level === 'WARN')?.message).toBe(
      'stopping before the function times out; the next run goes on',
    );
    expect(stdout.find((line) => line?._aws !== undefined)?.ItemsRemoved).toBe(20);
  });

  it('refuses to start without TABLE_NAME, naming the variable', () => {
    const saved = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
    try {
      expect(() => createCleanupHandler()).toThrow('TABLE_NAME is not set');
    } finally {
      if (saved !== undefined) process.env.TABLE_NAME = saved;
    }
  });
});
