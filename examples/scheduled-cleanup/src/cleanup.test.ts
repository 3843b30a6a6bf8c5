import { readFileSync } from 'node:fs';
import type { LambdaContext } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalDynamoDB, startLocalDynamoDB } from '../local/dynalite.mjs';
import { type DynamoDBRecorder, startDynamoDBRecorder } from '../local/dynamodb-recorder.mjs';
import { SAMPLE_CUTOFF, SAMPLE_TABLE, sampleSessions } from '../start-env.mjs';
import { type CleanupResult, createCleanupHandler, UnprocessedDeletesError } from './cleanup.js';

const nightly: ScheduledEvent = JSON.parse(
  readFileSync(new URL('../events/nightly.json', import.meta.url), 'utf8'),
);

// DynamoDB stops a Scan page at 1 MB read: with ~53 kB sessions, a page holds 20 of them.
const PAGE_FILLER = { S: 'x'.repeat(53_000) };
const PAGE_SIZE = 20;

function session(pk: string, expiresAt?: number) {
  const item: Record<string, any> = { pk: { S: pk }, userId: { S: 'u-1' } };
  if (expiresAt !== undefined) item.expiresAt = { N: String(expiresAt) };
  return item;
}

/** The sample sessions, each big enough that a Scan page holds PAGE_SIZE of them. */
function pagedSampleSessions() {
  return sampleSessions().map((item) => ({ ...item, filler: PAGE_FILLER }));
}

/** How many deletes each BatchWriteItem the function sent asked for. */
function batchSizes(recorder: DynamoDBRecorder): number[] {
  return recorder
    .requestsOf('BatchWriteItem')
    .map((request) => request.body.RequestItems[SAMPLE_TABLE].length);
}

/** A context with plenty of time, as the 60 s function timeout of template.yaml gives. */
const minute = () => createContext({ functionName: 'scheduled-cleanup', timeoutMs: 60_000 });

describe('scheduled-cleanup handler', () => {
  let dynamodb: LocalDynamoDB;
  let recorder: DynamoDBRecorder;

  beforeEach(async () => {
    dynamodb = await startLocalDynamoDB({ tables: { [SAMPLE_TABLE]: { partitionKey: 'pk' } } });
    recorder = await startDynamoDBRecorder(dynamodb.clientConfig);
  });

  afterEach(async () => {
    await recorder.close();
    await dynamodb.close();
  });

  const keysLeft = () => dynamodb.keys(SAMPLE_TABLE, 'pk');
  const start = () => createCleanupHandler({ tableName: SAMPLE_TABLE, dynamodb: recorder.clientConfig });

  it('removes the sessions that expired before the schedule fired and keeps the others', async () => {
    const handler = start();
    await dynamodb.putItems(SAMPLE_TABLE, [
      session('session#expired', SAMPLE_CUTOFF - 1),
      session('session#at-cutoff', SAMPLE_CUTOFF),
      // Expired by the clock now, but not when the schedule fired: a retried run must not take it.
      session('session#after-schedule', SAMPLE_CUTOFF + 3600),
      session('session#no-expiry'),
    ]);

    const { result } = await captureOutput(() => handler(nightly, minute()));

    expect(result).toEqual({ cutoff: SAMPLE_CUTOFF, removed: 1, scanned: 4, complete: true });
    expect(await keysLeft()).toEqual(['session#after-schedule', 'session#at-cutoff', 'session#no-expiry']);
  });

  it('scans with a filter and a key-only projection, signed for DynamoDB', async () => {
    const handler = start();

    await captureOutput(() => handler(nightly, minute()));

    const [scan] = recorder.requestsOf('Scan');
    expect(scan.signingService).toBe('dynamodb');
    expect(scan.body).toMatchObject({
      TableName: SAMPLE_TABLE,
      FilterExpression: '#expiresAt < :cutoff',
      ProjectionExpression: '#pk',
      ExpressionAttributeValues: { ':cutoff': { N: String(SAMPLE_CUTOFF) } },
    });
  });

  it('follows the scan from page to page and deletes each page in one batch', async () => {
    const handler = start();
    await dynamodb.putItems(SAMPLE_TABLE, pagedSampleSessions()); // 40 expired, 5 live, 1 without expiry

    const { result } = await captureOutput(() => handler(nightly, minute()));

    expect(result).toMatchObject({ removed: 40, scanned: 46, complete: true });
    expect(await keysLeft()).toHaveLength(6);
    const scans = recorder.requestsOf('Scan');
    expect(scans).toHaveLength(Math.ceil(46 / PAGE_SIZE));
    expect(scans.slice(1).every((scan) => scan.body.ExclusiveStartKey !== undefined)).toBe(true);
    expect(batchSizes(recorder).every((size) => size <= PAGE_SIZE)).toBe(true);
  });

  it('splits a page of more than 25 expired sessions into several BatchWriteItem calls', async () => {
    const handler = start();
    const sessions = Array.from({ length: 60 }, (_, i) => session(`session#${i}`, SAMPLE_CUTOFF - 10));
    await dynamodb.putItems(SAMPLE_TABLE, sessions);

    await captureOutput(() => handler(nightly, minute()));

    expect(recorder.requestsOf('Scan')).toHaveLength(1);
    expect(batchSizes(recorder)).toEqual([25, 25, 10]);
    expect(await keysLeft()).toEqual([]);
  });

  it('sends again the deletes DynamoDB left unprocessed', async () => {
    const handler = start();
    await dynamodb.putItems(SAMPLE_TABLE, sampleSessions());
    recorder.leaveUnprocessed(7);

    const { result } = await captureOutput(() => handler(nightly, minute()));

    expect(result?.removed).toBe(40);
    expect(batchSizes(recorder)).toEqual([25, 7, 15]);
    expect(await keysLeft()).toHaveLength(6);
  });

  it('fails with UnprocessedDeletesError when DynamoDB keeps leaving deletes unprocessed', async () => {
    const handler = createCleanupHandler({
      tableName: SAMPLE_TABLE,
      dynamodb: recorder.clientConfig,
      maxWriteRetries: 0,
    });
    await dynamodb.putItems(SAMPLE_TABLE, [session('session#expired', SAMPLE_CUTOFF - 1)]);
    recorder.leaveUnprocessed(1);

    const { error } = await captureOutput(() => handler(nightly, minute()));

    expect(error).toBeInstanceOf(UnprocessedDeletesError);
    expect((error as Error).message).toBe(
      `DynamoDB left 1 deletes in ${SAMPLE_TABLE} unprocessed after 1 attempts`,
    );
    expect(await keysLeft()).toEqual(['session#expired']);
  });

  it('logs the outcome with the schedule event id as correlation id, and publishes ItemsRemoved', async () => {
    const handler = start();
    await dynamodb.putItems(SAMPLE_TABLE, sampleSessions());
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
    const handler = start();
    await dynamodb.putItems(SAMPLE_TABLE, pagedSampleSessions());
    recorder.failNext('BatchWriteItem', 'InternalServerError', 1); // the first page's deletes succeed

    const { error, stdout, stderr } = await captureOutput(() => handler(nightly, minute()));

    const [firstPage] = batchSizes(recorder);
    expect(firstPage).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    expect(stderr.find((line) => line?.message === 'cleanup failed')).toMatchObject({
      level: 'ERROR',
      removed: firstPage,
      complete: false,
      error: { name: 'InternalServerError' },
    });
    expect(stdout.find((line) => line?._aws !== undefined)?.ItemsRemoved).toBe(firstPage);
    expect(await keysLeft()).toHaveLength(46 - firstPage);
  });

  it('stops before the function times out, reporting the run as incomplete', async () => {
    const handler = start();
    await dynamodb.putItems(SAMPLE_TABLE, pagedSampleSessions());
    // A minute left before the first page, then less than the 10 s margin.
    const remaining = [60_000, 5_000];
    const context: LambdaContext = { ...minute(), getRemainingTimeInMillis: () => remaining.shift() ?? 0 };

    const { result, stdout, stderr } = await captureOutput(() => handler(nightly, context));

    const removed = 46 - (await keysLeft()).length;
    expect(removed).toBeGreaterThan(0);
    expect(result).toEqual<CleanupResult>({
      cutoff: SAMPLE_CUTOFF,
      removed,
      scanned: PAGE_SIZE,
      complete: false,
    });
    expect(recorder.requestsOf('Scan')).toHaveLength(1);
    expect(stderr.find((line) => line?.level === 'WARN')?.message).toBe(
      'stopping before the function times out; the next run goes on',
    );
    expect(stdout.find((line) => line?._aws !== undefined)?.ItemsRemoved).toBe(removed);
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
