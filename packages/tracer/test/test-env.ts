// Test helpers: the environment Lambda gives a function with active tracing, and trace headers.
import { randomBytes } from 'node:crypto';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import { type ContextOverrides, createContext } from '@lambkit/testing';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll } from 'vitest';

export const HANDLER = 'index.handler';
export const HANDLER_SUBSEGMENT = `## ${HANDLER}`;

/** Sets the variables Lambda sets for a Node.js function with active tracing (before the SDK loads). */
export function useLambdaEnvironment(daemonAddress: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_LAMBDA_FUNCTION_NAME: 'orders',
    AWS_REGION: 'us-east-1',
    _HANDLER: HANDLER,
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    ...extra,
  });
}

/**
 * Starts a local X-Ray daemon before the file's tests and points Lambda's environment at it (the
 * `extra` variables too); closes it after them. The daemon is read through the returned function,
 * once the file's tests run.
 *
 * @example
 * const daemon = useXrayDaemon();
 * it('sends', async () => expect(await daemon().documents()).not.toHaveLength(0));
 */
export function useXrayDaemon(extra?: Record<string, string>): () => XrayDaemon {
  let daemon: XrayDaemon | undefined;
  beforeAll(async () => {
    daemon = await startXrayDaemon();
    useLambdaEnvironment(daemon.address, extra);
  });
  afterAll(async () => {
    await daemon?.close();
  });
  return () => {
    if (daemon === undefined) throw new Error('useXrayDaemon: the daemon starts in beforeAll');
    return daemon;
  };
}

export interface TraceHeader {
  header: string;
  root: string;
  parent: string;
}

/** A new X-Ray trace header, as Lambda passes one per invocation. */
export function newTraceHeader(sampled = true): TraceHeader {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const parent = randomBytes(8).toString('hex');
  return { root, parent, header: `Root=${root};Parent=${parent};Sampled=${sampled ? 1 : 0}` };
}

/** Starts an invocation as the classic Lambda runtime does: a new context and a new _X_AMZN_TRACE_ID. */
export function startInvocation(sampled = true, overrides: ContextOverrides = {}) {
  const trace = newTraceHeader(sampled);
  process.env._X_AMZN_TRACE_ID = trace.header;
  // middy types the context as @types/aws-lambda's Context, which lambkit's LambdaContext matches at runtime.
  const context = createContext({ functionName: 'orders', ...overrides }) as unknown as Context;
  return { trace, context };
}

/**
 * Applies a legacy (experimentalDecorators) method decorator as the code TypeScript emits for
 * `@decorator` does (its __decorate helper): the decorator gets the prototype, the name and the
 * descriptor, and the descriptor (as changed, or as returned) is defined back. The tests are not
 * compiled with experimentalDecorators; declarations.test.ts compiles the `@` syntax itself.
 */
export function decorate(
  prototype: object,
  key: string,
  decorator: (target: any, key: string, descriptor: PropertyDescriptor) => unknown,
): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor;
  const returned = decorator(prototype, key, descriptor);
  Object.defineProperty(prototype, key, (returned as PropertyDescriptor | undefined) ?? descriptor);
}
