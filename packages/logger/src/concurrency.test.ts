import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runInInvocation } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs, handlerWith } from '../test/test-helpers.js';
import { correlationPaths, Logger } from './index.js';

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
}

/** One Logger and one handler shared by every invocation, as in one execution environment. */
function sharedHandler() {
  const logger = new Logger({ serviceName: 'orders', logBufferOptions: {} });
  const handler = handlerWith(
    logger,
    async (event: { customerId: string; fail: boolean }) => {
      logger.appendKeys({ customerId: event.customerId });
      await pause();
      logger.debug('loaded', { customerId: event.customerId });
      await pause();
      logger.info('priced');
      await pause();
      if (event.fail) logger.error('declined');
      return event.customerId;
    },
    { correlationIdPath: correlationPaths.EVENT_BRIDGE },
  );
  return handler;
}

// The Lambda runtime's own invocation store, as installed for @lambkit/core's tests.
const coreRequire = createRequire(new URL('../../core/package.json', import.meta.url));
async function runtimeInvokeStore() {
  const { InvokeStore, InvokeStoreBase } = await import(
    pathToFileURL(coreRequire.resolve('@aws/lambda-invoke-store')).href
  );
  // The runtime publishes its store on globalThis.awslambda, as it does inside Lambda.
  (globalThis as { awslambda?: object }).awslambda = {};
  const store = await InvokeStore.getInstanceAsync(true);
  return { store, keys: InvokeStoreBase.PROTECTED_KEYS };
}

afterEach(() => {
  delete (globalThis as { awslambda?: unknown }).awslambda;
});

describe('interleaved invocations (Lambda Managed Instances)', () => {
  it('never see each other’s keys, request id, correlation id or buffer', async () => {
    const handler = sharedHandler();
    const invocations = Array.from({ length: 20 }, (_, i) => ({
      event: { id: `corr-${i}`, customerId: `c-${i}`, fail: i % 3 === 0 },
      context: createContext({ functionName: 'orders' }),
    }));

    const { lines, result } = await captureLogs(() =>
      Promise.all(
        invocations.map(({ event, context }) =>
          runInInvocation(() => handler(event, context), { requestId: context.awsRequestId }),
        ),
      ),
    );

    expect(result).toEqual(invocations.map(({ event }) => event.customerId));
    invocations.forEach(({ event, context }, i) => {
      const own = lines.filter((line) => line.function_request_id === context.awsRequestId);
      // The DEBUG line is held in the invocation's buffer and written only before its error line.
      const expected = event.fail ? ['priced', 'loaded', 'declined'] : ['priced'];
      expect(own.map((line) => line.message)).toEqual(expected);
      for (const line of own) {
        expect(line).toMatchObject({ customerId: `c-${i}`, correlation_id: `corr-${i}` });
      }
    });
    expect(lines).toHaveLength(invocations.reduce((n, { event }) => n + (event.fail ? 3 : 1), 0));
  });

  it('keep keys appended in one invocation out of another that logs meanwhile', async () => {
    const logger = new Logger();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));

    const { lines } = await captureLogs(() =>
      Promise.all([
        runInInvocation(async () => {
          logger.addContext(createContext({ awsRequestId: 'a' }));
          logger.appendKeys({ owner: 'a' });
          await gate;
          logger.info('a done');
        }),
        runInInvocation(async () => {
          logger.addContext(createContext({ awsRequestId: 'b' }));
          logger.info('b runs while a waits');
          release();
        }),
      ]),
    );

    expect(lines.map((line) => [line.message, line.function_request_id, line.owner])).toEqual([
      ['b runs while a waits', 'b', undefined],
      ['a done', 'a', 'a'],
    ]);
  });

  it("stay apart in the Lambda runtime's InvokeStore, each with its own trace id", async () => {
    const { store, keys } = await runtimeInvokeStore();
    const handler = sharedHandler();
    const invocations = Array.from({ length: 10 }, (_, i) => ({
      event: { id: `corr-${i}`, customerId: `c-${i}`, fail: false },
      context: createContext({ functionName: 'orders' }),
      trace: `1-00000000-${String(i).padStart(24, '0')}`,
    }));

    const { lines } = await captureLogs(() =>
      Promise.all(
        invocations.map(({ event, context, trace }) =>
          store.run(
            { [keys.REQUEST_ID]: context.awsRequestId, [keys.X_RAY_TRACE_ID]: `Root=${trace};Sampled=1` },
            () => handler(event, context),
          ),
        ),
      ),
    );

    expect(lines).toHaveLength(invocations.length);
    for (const [i, { context, trace }] of invocations.entries()) {
      const line = lines.find((candidate) => candidate.function_request_id === context.awsRequestId);
      expect(line).toMatchObject({ customerId: `c-${i}`, correlation_id: `corr-${i}`, xray_trace_id: trace });
    }
  });
});
