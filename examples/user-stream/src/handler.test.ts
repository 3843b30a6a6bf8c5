import { readFileSync } from 'node:fs';
import { FullBatchFailureError } from '@lambkit/batch';
import { captureOutput, createContext, createDynamoDBStreamEvent } from '@lambkit/testing';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from './handler.js';

const ada = { userId: 'u-1', email: 'ada@example.com', displayName: 'Ada', plan: 'free', version: 1 };
const grace = { userId: 'u-2', email: 'grace@example.com', displayName: 'Grace', plan: 'pro', version: 4 };
const linus = { userId: 'u-3', email: 'linus@example.com', displayName: 'Linus', plan: 'team', version: 7 };

function sampleEvent(file: string): DynamoDBStreamEvent {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

function sequenceNumbers(event: DynamoDBStreamEvent): string[] {
  return event.Records.map((record) => record.dynamodb?.SequenceNumber ?? '');
}

function invoke(event: DynamoDBStreamEvent) {
  return captureOutput(() => handler(event, createContext({ functionName: 'user-stream' })));
}

describe('user-stream handler', () => {
  it('writes an audit line for each INSERT, MODIFY and REMOVE, in order, and reports no failure', async () => {
    const event = createDynamoDBStreamEvent({
      tableName: 'Users',
      records: [
        { keys: { userId: ada.userId }, newImage: ada },
        { keys: { userId: grace.userId }, oldImage: grace, newImage: { ...grace, plan: 'team', version: 5 } },
        { keys: { userId: linus.userId }, oldImage: linus },
      ],
    });
    const [insert, modify, remove] = sequenceNumbers(event);

    const { result, stdout } = await invoke(event);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(stdout.filter((line) => line.message.startsWith('user '))).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'user created',
        userId: 'u-1',
        plan: { to: 'free' },
        version: 1,
        sequenceNumber: insert,
      }),
      expect.objectContaining({
        message: 'user updated',
        userId: 'u-2',
        changedFields: ['plan'],
        plan: { from: 'pro', to: 'team' },
        version: 5,
        sequenceNumber: modify,
      }),
      expect.objectContaining({
        message: 'user deleted',
        userId: 'u-3',
        plan: { from: 'team' },
        sequenceNumber: remove,
      }),
    ]);
  });

  it('ends with a summary line carrying the Lambda context', async () => {
    const event = createDynamoDBStreamEvent({ records: [{ keys: { userId: 'u-1' }, newImage: ada }] });

    const { stdout } = await invoke(event);

    expect(stdout.at(-1)).toMatchObject({
      level: 'INFO',
      message: 'batch processed',
      service: 'user-stream',
      function_name: 'user-stream',
      records: 1,
      failed: 0,
      failedSequenceNumbers: [],
    });
  });

  it('reports a record whose new image breaks the schema by its sequence number and processes the others', async () => {
    const badWriter = {
      userId: 'u-9',
      email: 'not-an-email',
      displayName: 'Bad',
      plan: 'enterprise',
      version: 1,
    };
    const event = createDynamoDBStreamEvent({
      records: [
        { keys: { userId: 'u-1' }, newImage: ada },
        { keys: { userId: 'u-9' }, newImage: badWriter },
        { keys: { userId: 'u-3' }, oldImage: linus },
      ],
    });
    const [first, bad, last] = sequenceNumbers(event);

    const { result, stdout, stderr } = await invoke(event);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: bad }] });
    expect(
      stdout.filter((line) => line.sequenceNumber !== undefined).map((line) => line.sequenceNumber),
    ).toEqual([first, last]);
    expect(stderr.at(-1)).toMatchObject({
      level: 'WARN',
      message: 'batch processed with failures',
      records: 3,
      failed: 1,
      failedSequenceNumbers: [bad],
    });
  });

  it('never writes the values of a record that failed', async () => {
    const event = createDynamoDBStreamEvent({
      records: [
        { keys: { userId: 'u-1' }, newImage: ada },
        {
          keys: { userId: 'u-9' },
          newImage: { ...ada, userId: 'u-9', email: 'leaked@example.com', plan: 'gold' },
        },
      ],
    });

    const { stdoutLines, stderrLines } = await invoke(event);

    const text = [...stdoutLines, ...stderrLines].map((line) => line.text).join('\n');
    expect(text).not.toContain('leaked@example.com');
    expect(text).not.toContain('gold');
  });

  it('fails a MODIFY record without its old image and logs why, as on a stream that is not NEW_AND_OLD_IMAGES', async () => {
    const event = createDynamoDBStreamEvent({
      streamViewType: 'NEW_IMAGE',
      records: [
        { keys: { userId: 'u-1' }, newImage: ada },
        { keys: { userId: 'u-2' }, oldImage: grace, newImage: { ...grace, plan: 'team', version: 5 } },
      ],
    });
    const [, modify] = sequenceNumbers(event);

    const { result, stderr } = await invoke(event);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: modify }] });
    expect(stderr.find((line) => line.level === 'ERROR')).toMatchObject({
      message: 'user change not processed',
      sequenceNumber: modify,
      error: {
        name: 'MissingImageError',
        message: "MODIFY record has NewImage: the table's stream must use StreamViewType NEW_AND_OLD_IMAGES",
      },
    });
  });

  it('fails the invocation when every record fails, so retries, bisecting and the on-failure destination apply', async () => {
    const event = createDynamoDBStreamEvent({
      records: [
        { keys: { userId: 'u-1' }, newImage: { ...ada, version: 0 } },
        { keys: { userId: 'u-2' }, newImage: { ...grace, email: 'nope' } },
      ],
    });

    const { error, stderr } = await invoke(event);

    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect((error as FullBatchFailureError).recordErrors).toHaveLength(2);
    expect(stderr.at(-1)).toMatchObject({
      level: 'ERROR',
      message: 'every record of the batch failed',
      records: 2,
    });
  });

  it('processes the sample events in events/ as npm start shows them', async () => {
    const clean = sampleEvent('user-changes.json');
    const withBadRecord = sampleEvent('user-changes-with-bad-record.json');

    const cleanRun = await invoke(clean);
    const badRun = await invoke(withBadRecord);

    expect(cleanRun.result).toEqual({ batchItemFailures: [] });
    expect(badRun.result).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceNumbers(withBadRecord)[1] }],
    });
  });
});
