import type { LambdaContext } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, handlerWith, invoke } from '../test/test-helpers.js';
import { injectLambdaContext, Logger } from './index.js';

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A handler that appends a key, with a middleware around injectLambdaContext logging after it. */
function withLineAfterHandler(
  logger: Logger,
  options: { resetKeys?: boolean; clearState?: boolean },
  fail = false,
) {
  return middy(async () => {
    logger.appendKeys({ customerId: 'c-1' });
    if (fail) throw new Error('failed');
    return 'done';
  })
    .use({
      after: () => logger.info('after handler'),
      onError: () => logger.info('after handler'),
    })
    .use(injectLambdaContext(logger, options));
}

describe('injectLambdaContext', () => {
  it('returns the handler’s response and lets its error through', async () => {
    const logger = new Logger();
    const ok = handlerWith(logger, () => ({ statusCode: 200 }));
    const failing = handlerWith(logger, () => {
      throw new Error('boom');
    });

    expect((await invoke(ok)).result).toEqual({ statusCode: 200 });
    expect(((await invoke(failing)).error as Error).message).toBe('boom');
  });

  it('adds the context to every logger given', async () => {
    const orders = new Logger({ serviceName: 'orders' });
    const audit = new Logger({ serviceName: 'audit' });
    const context = createContext({ functionName: 'checkout' });
    const handler = handlerWith([orders, audit], () => {
      orders.info('a');
      audit.info('b');
    });

    const { lines } = await invoke(handler, {}, context);

    expect(lines.map((line) => [line.service, line.function_request_id])).toEqual([
      ['orders', context.awsRequestId],
      ['audit', context.awsRequestId],
    ]);
  });

  it('logs the event with logEvent true', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => 'ok', { logEvent: true });

    const { lines } = await invoke(handler, { orderId: 'o-1' });

    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'Lambda invocation event',
      event: { orderId: 'o-1' },
    });
  });

  it('logs the event when POWERTOOLS_LOGGER_LOG_EVENT is true, unless logEvent is false', async () => {
    vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'true');
    const logger = new Logger();

    const byEnv = await invoke(
      handlerWith(logger, () => 'ok'),
      { orderId: 'o-1' },
    );
    const optedOut = await invoke(
      handlerWith(logger, () => 'ok', { logEvent: false }),
      { orderId: 'o-1' },
    );

    expect(byEnv.lines.map((line) => line.message)).toEqual(['Lambda invocation event']);
    expect(optedOut.lines).toEqual([]);
  });

  it('keeps appended keys after the handler by default', async () => {
    const logger = new Logger();

    const { lines } = await invoke(withLineAfterHandler(logger, {}));

    expect(lines[0].customerId).toBe('c-1');
  });

  it('with resetKeys, removes appended keys when the handler returns', async () => {
    const logger = new Logger();

    const { lines } = await invoke(withLineAfterHandler(logger, { resetKeys: true }));

    expect(lines[0]).not.toHaveProperty('customerId');
  });

  it('with resetKeys, removes appended keys when the handler throws', async () => {
    const logger = new Logger();

    const { lines, error } = await invoke(withLineAfterHandler(logger, { resetKeys: true }, true));

    expect((error as Error).message).toBe('failed');
    expect(lines[0]).not.toHaveProperty('customerId');
  });

  it('accepts the former option name clearState', async () => {
    const logger = new Logger();

    const { lines } = await invoke(withLineAfterHandler(logger, { clearState: true }));

    expect(lines[0]).not.toHaveProperty('customerId');
  });

  it('works when middy gives no context', async () => {
    const logger = new Logger();
    const handler = handlerWith(logger, () => logger.info('no context'));

    const { lines } = await captureLogs(() => handler({}, undefined as unknown as LambdaContext));

    expect(lines[0].message).toBe('no context');
  });

  it('rejects something that is not a Logger, naming its position', () => {
    expect(() => injectLambdaContext([new Logger(), console as never])).toThrow(
      'injectLambdaContext expects a Logger or an array of Loggers; item 1 is [object console]',
    );
  });
});
