import { readFileSync } from 'node:fs';
import { captureOutput, createContext } from '@lambkit/testing';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error start-env.mjs is plain JavaScript, run by `npm start` too
import { setup } from '../start-env.mjs';

const event: SQSEvent = JSON.parse(readFileSync(new URL('../events/payments.json', import.meta.url), 'utf8'));
const [first, second, duplicate, reusedId] = event.Records.map((record) => record.messageId);

let environment: { env: Record<string, string>; close(): Promise<void> };
let handler: typeof import('./handler.js').handler;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  environment = await setup();
  for (const [key, value] of Object.entries(environment.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  ({ handler } = await import('./handler.js'));
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await environment.close();
});

function charged(lines: any[]): string[] {
  return lines.filter((line) => line?.message === 'card charged').map((line) => line.paymentId);
}

describe('sqs-payments handler on dynalite', () => {
  it('charges each payment once and refuses a reused payment id with another amount', async () => {
    const { result, stdout } = await captureOutput(() =>
      handler(event, createContext({ timeoutMs: 30_000 })),
    );

    expect(charged(stdout)).toEqual(['pay-1001', 'pay-1002']);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: reusedId }] });
    const done = stdout.filter((line) => line?.message === 'payment done').map((line) => line.messageId);
    expect(done).toEqual([first, second, duplicate]);
  });

  it('charges nothing again when SQS redelivers the batch', async () => {
    const { result, stdout } = await captureOutput(() =>
      handler(event, createContext({ timeoutMs: 30_000 })),
    );

    expect(charged(stdout)).toEqual([]);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: reusedId }] });
  });
});
