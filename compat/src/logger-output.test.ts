// The same handlers through @aws-lambda-powertools/logger and @lambkit/logger, imported by the
// same specifiers but for the prefix: every line must carry the same keys and values (timestamps
// aside), or the difference must be listed in compat/differences.json.
import { resetColdStart } from '@lambkit/core';
import { createApiGatewayProxyEvent, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareWithList, readDifferences } from './differences.js';
import { jsonLines, outputGaps } from './side-by-side.js';

const differences = readDifferences();
const TRACE_HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

type Library = '@aws-lambda-powertools' | '@lambkit';

async function load(library: Library) {
  const root = await import(/* @vite-ignore */ `${library}/logger`);
  const middleware = await import(/* @vite-ignore */ `${library}/logger/middleware`).catch(() => root);
  const correlation = await import(/* @vite-ignore */ `${library}/logger/correlationId`).catch(() => root);
  return { ...root, ...middleware, ...correlation } as Record<string, any>;
}

interface Scenario {
  name: string;
  env?: Record<string, string>;
  run(api: Record<string, any>, context: ReturnType<typeof createContext>): Promise<unknown>;
}

const event = createApiGatewayProxyEvent({
  path: '/orders',
  headers: { 'content-type': 'application/json' },
  body: '{"orderId":"o-1"}',
});

// Created once, so both runs log the same stack.
const declined = new TypeError('card declined', { cause: new Error('timeout') });
const onlyAnError = new Error('only an error');
const badRange = new RangeError('bad range');

const scenarios: Scenario[] = [
  {
    name: 'a middy handler with injectLambdaContext, the event logged and a correlation id',
    async run(api, context) {
      const logger = new api.Logger({
        serviceName: 'orders',
        persistentKeys: { team: 'checkout' },
        correlationIdSearchFn: api.search,
      });
      const handler = middy(async () => {
        logger.appendKeys({ customerId: 'c-1' });
        logger.info('order placed', { orderId: 'o-1', total: 42.5, items: [{ sku: 'a', qty: 2 }] });
        logger.debug('not written at INFO');
        logger.warn('slow downstream', 'text extra');
        logger.error('payment failed', declined);
        logger.info({ message: 'request handled', path: '/orders' });
        return { statusCode: 200 };
      }).use(
        api.injectLambdaContext(logger, {
          logEvent: true,
          correlationIdPath: 'requestContext.requestId',
        }),
      );
      return handler(event, context);
    },
  },
  {
    name: 'a plain handler with addContext, a child logger and persistent keys',
    async run(api, context) {
      const logger = new api.Logger({ serviceName: 'orders' });
      logger.addContext(context);
      logger.appendPersistentKeys({ region: 'eu-west-1' });
      logger.info('first', { a: 1 }, { b: 2 });
      const child = logger.createChild({ serviceName: 'payments' });
      child.info('from the child');
      logger.removePersistentKeys(['region']);
      logger.critical('critical line');
      logger.error(onlyAnError);
      logger.info('with an error extra', { error: badRange });
      logger.warn('a warning with a string extra', 'extra text');
    },
  },
  {
    name: 'a logger at DEBUG from POWERTOOLS_LOG_LEVEL, changed at run time',
    env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    async run(api, context) {
      const logger = new api.Logger({ serviceName: 'orders' });
      logger.addContext(context);
      logger.debug('debug written');
      logger.setLogLevel('WARN');
      logger.info('info not written');
      logger.warn('warn written', { level: 'custom' });
    },
  },
];

beforeEach(() => {
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined);
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function runBoth(scenario: Scenario) {
  for (const [key, value] of Object.entries(scenario.env ?? {})) vi.stubEnv(key, value);
  const context = createContext({ functionName: 'orders', memoryLimitInMB: '512' });
  const powertools = await load('@aws-lambda-powertools');
  const lambkit = await load('@lambkit');
  resetColdStart();
  const theirs = await jsonLines(() => scenario.run(powertools, context));
  resetColdStart();
  const ours = await jsonLines(() => scenario.run(lambkit, context));
  return { theirs, ours };
}

describe('@lambkit/logger writes what @aws-lambda-powertools/logger writes', () => {
  it.each(scenarios)('$name', async (scenario) => {
    const { theirs, ours } = await runBoth(scenario);
    expect(theirs.lines.length, 'Powertools wrote lines').toBeGreaterThan(0);
    const gaps = outputGaps('logger', theirs, ours);
    if (process.env.COMPAT_DUMP) console.log(JSON.stringify({ theirs, ours }, null, 1));
    const { unlisted } = compareWithList(differences, gaps, 'logger:output');
    expect(unlisted, 'output differences not in compat/differences.json').toEqual([]);
  });

  it('lists no output difference in compat/differences.json that no longer exists', async () => {
    const gaps: string[] = [];
    for (const scenario of scenarios) {
      const { theirs, ours } = await runBoth(scenario);
      gaps.push(...outputGaps('logger', theirs, ours));
    }
    expect(compareWithList(differences, gaps, 'logger:output').stale).toEqual([]);
  });
});
