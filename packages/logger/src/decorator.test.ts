// Written with legacy decorators (experimentalDecorators in this package's tsconfig.json), the
// TypeScript settings Powertools' documentation uses.
import type { LambdaInterface } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, newInvocation, TRACE_HEADER } from '../test/test-helpers.js';
import { Logger, UncaughtErrorLogMessage } from './index.js';

const logger = new Logger({ serviceName: 'orders', logBufferOptions: { enabled: true } });

class Lambda implements LambdaInterface {
  readonly prefix = 'order';

  @logger.injectLambdaContext({ logEvent: true, correlationIdPath: 'id', resetKeys: true })
  public async handler(event: { id: string; fail?: boolean }, _context: Context): Promise<string> {
    logger.appendKeys({ customerId: 'c-1' });
    logger.info(`${this.prefix} placed`);
    if (event.fail) throw new Error('declined');
    return this.prefix;
  }
}

class Flushing implements LambdaInterface {
  @logger.injectLambdaContext({ flushBufferOnUncaughtError: true })
  public async handler(_event: unknown, _context: Context): Promise<void> {
    logger.debug('held until the error');
    throw new Error('declined');
  }
}

const lambda = new Lambda();
const handler = lambda.handler.bind(lambda);

beforeEach(() => {
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
  newInvocation();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the injectLambdaContext decorator', () => {
  it('adds the context, logs the event and sets the correlation id, keeping the handler’s this', async () => {
    const context = createContext({ functionName: 'orders' });

    const { result, lines } = await captureLogs(() => handler({ id: 'corr-1' }, context));

    expect(result).toBe('order');
    expect(lines.map((line) => line.message)).toEqual(['Lambda invocation event', 'order placed']);
    expect(lines[0]).toMatchObject({ event: { id: 'corr-1' }, function_request_id: context.awsRequestId });
    expect(lines[0]).not.toHaveProperty('correlation_id');
    expect(lines[1]).toMatchObject({
      function_name: 'orders',
      function_request_id: context.awsRequestId,
      correlation_id: 'corr-1',
      customerId: 'c-1',
    });
  });

  it('with resetKeys, removes appended keys when the handler returns', async () => {
    await captureLogs(() => handler({ id: 'corr-1' }, createContext()));

    const { lines } = await captureLogs(() => logger.info('after'));

    expect(lines[0]).not.toHaveProperty('customerId');
    expect(lines[0]).not.toHaveProperty('correlation_id');
  });

  it('lets the handler’s error through and resets keys when it throws', async () => {
    const { error } = await captureLogs(() => handler({ id: 'corr-1', fail: true }, createContext()));
    const { lines } = await captureLogs(() => logger.info('after'));

    expect(error).toEqual(new Error('declined'));
    expect(lines[0]).not.toHaveProperty('customerId');
  });

  it('with flushBufferOnUncaughtError, writes the held lines and the error line when the handler throws', async () => {
    const flushing = new Flushing();

    const { error, lines } = await captureLogs(() => flushing.handler({}, createContext()));

    expect(error).toEqual(new Error('declined'));
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['DEBUG', 'held until the error'],
      ['ERROR', UncaughtErrorLogMessage],
    ]);
    expect(lines[1].error).toMatchObject({ name: 'Error', message: 'declined' });
  });
});
