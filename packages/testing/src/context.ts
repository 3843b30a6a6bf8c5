import { randomUUID } from 'node:crypto';
import type { LambdaContext } from '@lambkit/core';

/** Overrides for `createContext`; every field of the Lambda context, plus the timeout. */
export interface ContextOverrides extends Partial<Omit<LambdaContext, 'getRemainingTimeInMillis'>> {
  /** The function timeout in milliseconds; the deadline is now + timeoutMs. Default 3000 (SAM's default). */
  timeoutMs?: number;
  region?: string;
  accountId?: string;
}

const STRING_FIELDS = [
  'functionName',
  'functionVersion',
  'invokedFunctionArn',
  'memoryLimitInMB',
  'awsRequestId',
  'logGroupName',
  'logStreamName',
] as const;

function checkOverrides(overrides: ContextOverrides): void {
  for (const field of STRING_FIELDS) {
    const value = overrides[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`createContext: ${field} must be a string, got ${JSON.stringify(value)}`);
    }
  }
  const { timeoutMs } = overrides;
  if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new TypeError(
      `createContext: timeoutMs must be a positive number, got ${JSON.stringify(timeoutMs)}`,
    );
  }
  if (overrides.memoryLimitInMB !== undefined && !/^\d+$/.test(overrides.memoryLimitInMB)) {
    throw new TypeError(
      `createContext: memoryLimitInMB must be a whole number of megabytes as a string, got ${JSON.stringify(overrides.memoryLimitInMB)}`,
    );
  }
}

/**
 * A Lambda context as the Node.js runtime builds it, with a real deadline:
 * getRemainingTimeInMillis() counts down from `timeoutMs`.
 *
 * @example
 * const context = createContext({ functionName: 'orders', timeoutMs: 10_000 });
 * context.getRemainingTimeInMillis(); // about 10000
 */
export function createContext(overrides: ContextOverrides = {}): LambdaContext {
  checkOverrides(overrides);
  const { timeoutMs = 3000, region = 'us-east-1', accountId = '123456789012', ...fields } = overrides;
  const functionName = fields.functionName ?? 'test-function';
  const functionVersion = fields.functionVersion ?? '$LATEST';
  const deadline = Date.now() + timeoutMs;
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[${functionVersion}]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...fields,
  };
}
