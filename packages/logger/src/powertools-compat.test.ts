import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { resetColdStart } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TRACE_HEADER } from '../test/test-helpers.js';
import restEvent from './__fixtures__/apigw-rest.json' with { type: 'json' };
import { correlationPaths, injectLambdaContext, Logger, search } from './index.js';

// The real @aws-lambda-powertools/logger, installed for the side-by-side benchmarks in bench/.
const benchRequire = createRequire(new URL('../../../bench/package.json', import.meta.url));
async function loadPowertools() {
  const load = (name: string) => import(pathToFileURL(benchRequire.resolve(name)).href);
  const [{ Logger: PowertoolsLogger }, { injectLambdaContext: powertoolsInject }] = await Promise.all([
    load('@aws-lambda-powertools/logger'),
    load('@aws-lambda-powertools/logger/middleware'),
  ]);
  return { PowertoolsLogger, powertoolsInject };
}

interface LoggerLike {
  appendKeys(keys: Record<string, unknown>): void;
  info(message: unknown, ...extras: unknown[]): void;
  warn(message: unknown, ...extras: unknown[]): void;
  error(message: unknown, ...extras: unknown[]): void;
  debug(message: unknown, ...extras: unknown[]): void;
}

/** The same handler body for both loggers: the calls a typical function makes. */
function body(logger: LoggerLike) {
  return async (event: typeof restEvent) => {
    logger.appendKeys({ customerId: 'c-1' });
    logger.info('order placed', { orderId: 'o-1', total: 42.5, items: [{ sku: 'a', qty: 2 }], gift: false });
    logger.debug('not written at INFO');
    logger.warn('slow downstream', 'text extra');
    logger.error('payment failed', new TypeError('card declined', { cause: new Error('issuer timeout') }));
    logger.info({ message: 'request handled', path: event.path });
    return { statusCode: 200 };
  };
}

/** The JSON type of a value, telling arrays and null apart from objects. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function shape(line: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(line).map(([key, value]) => [key, jsonType(value)]));
}

beforeEach(() => {
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('compatibility with Powertools for AWS Lambda Logger', () => {
  it('writes the same keys with the same value types as Powertools, line for line, for the same handler', async () => {
    const { PowertoolsLogger, powertoolsInject } = await loadPowertools();
    const options = { logEvent: true, correlationIdPath: correlationPaths.API_GATEWAY_REST };
    const powertools = new PowertoolsLogger({
      serviceName: 'orders',
      persistentKeys: { team: 'checkout' },
      correlationIdSearchFn: search,
    });
    const lambkit = new Logger({ serviceName: 'orders', persistentKeys: { team: 'checkout' } });
    const context = createContext({ functionName: 'orders', memoryLimitInMB: '512' }) as any;

    resetColdStart();
    const theirs = await captureOutput(() =>
      middy(body(powertools)).use(powertoolsInject(powertools, options))(restEvent, context),
    );
    resetColdStart();
    const ours = await captureOutput(() =>
      middy(body(lambkit)).use(injectLambdaContext(lambkit, options))(restEvent, context),
    );

    // Both write WARN and ERROR lines to stderr, the others to stdout. Lines are paired by message.
    expect(ours.stdout.map((line) => line.message)).toEqual(theirs.stdout.map((line) => line.message));
    expect(ours.stderr.map((line) => line.message)).toEqual(theirs.stderr.map((line) => line.message));
    const theirLines = [...theirs.stdout, ...theirs.stderr];
    for (const line of [...ours.stdout, ...ours.stderr]) {
      const their = theirLines.find((candidate) => candidate.message === line.message);
      expect(shape(line)).toEqual(shape(their));
      expect(line.function_memory_size).toBe(their.function_memory_size);
    }
  });

  it('writes an Error under "error" with the keys Powertools writes', async () => {
    const { PowertoolsLogger } = await loadPowertools();
    const error = Object.assign(new Error('declined', { cause: new Error('timeout') }), { code: 'E42' });

    const theirs = await captureOutput(() => new PowertoolsLogger().error('failed', error));
    const ours = await captureOutput(() => new Logger().error('failed', error));

    const their = theirs.stderr[0].error;
    const our = ours.stderr[0].error;
    expect(Object.keys(our)).toEqual(Object.keys(their));
    expect(our).toEqual(their);
  });
});
