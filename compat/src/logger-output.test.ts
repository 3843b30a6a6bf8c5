// The same handlers through @aws-lambda-powertools/logger and @lambkit/logger, imported by the
// same specifiers but for the prefix: every line must carry the same keys and values (timestamps
// aside), or the difference must be listed in compat/differences.json.
import { resetColdStart } from '@lambkit/core';
import { createApiGatewayProxyEvent, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareWithList, readDifferences } from './differences.js';
import { jsonLines, type Lines, outputGaps } from './side-by-side.js';

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
  /** POWERTOOLS_DEV: both write through the global console, which is what is compared. */
  viaConsole?: boolean;
  /** Compare the order of each line's keys too (logRecordOrder). */
  keyOrder?: boolean;
  /** Compare each timestamp's form and zone offset too (TZ); the instants may differ by the run time. */
  timestamps?: boolean;
  run(api: Record<string, any>, context: ReturnType<typeof createContext>): Promise<unknown>;
}

/** Powertools' documented custom formatter (LogFormatter's JSDoc), built on either library's classes. */
function companyFormatter(api: Record<string, any>) {
  return class MyCompanyLogFormatter extends api.LogFormatter {
    formatAttributes(attributes: Record<string, any>, additionalLogAttributes: Record<string, unknown>) {
      const baseAttributes = {
        message: attributes.message,
        service: attributes.serviceName,
        environment: attributes.environment,
        awsRegion: attributes.awsRegion,
        correlationIds: {
          awsRequestId: attributes.lambdaContext?.awsRequestId,
          xRayTraceId: attributes.xRayTraceId,
        },
        lambdaFunction: {
          name: attributes.lambdaContext?.functionName,
          arn: attributes.lambdaContext?.invokedFunctionArn,
          memoryLimitInMB: attributes.lambdaContext?.memoryLimitInMB,
          version: attributes.lambdaContext?.functionVersion,
          coldStart: attributes.lambdaContext?.coldStart,
        },
        logLevel: attributes.logLevel,
        timestamp: this.formatTimestamp(attributes.timestamp),
        logger: { sampleRateValue: attributes.sampleRateValue },
      };
      const logItem = new api.LogItem({ attributes: baseAttributes });
      logItem.addAttributes(additionalLogAttributes);
      return logItem;
    }
  };
}

/**
 * Decorates `handler` of `target` as TypeScript's legacy decorators (experimentalDecorators) do:
 * the decorator is called with the prototype, the name and the descriptor, which is then defined.
 */
function decorate(target: object, name: string, decorator: (...args: any[]) => void): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, name) as PropertyDescriptor;
  decorator(target, name, descriptor);
  Object.defineProperty(target, name, descriptor);
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
    name: 'a custom log formatter, as Powertools documents it, with keys and an error',
    env: { AWS_REGION: 'eu-west-1' },
    async run(api, context) {
      const Formatter = companyFormatter(api);
      const logger = new api.Logger({
        serviceName: 'orders',
        logFormatter: new Formatter(),
        persistentKeys: { team: 'checkout' },
      });
      const handler = middy(async () => {
        logger.appendKeys({ customerId: 'c-1' });
        logger.info('order placed', { orderId: 'o-1', total: 42.5 });
        logger.warn('slow downstream', 'text extra');
        logger.error('payment failed', declined);
      }).use(api.injectLambdaContext(logger));
      return handler(event, context);
    },
  },
  {
    name: 'logRecordOrder, keys of the line and of the call',
    keyOrder: true,
    async run(api, context) {
      const logger = new api.Logger({
        serviceName: 'orders',
        logRecordOrder: ['message', 'orderId', 'level', 'function_name', 'timestamp'],
      });
      logger.addContext(context);
      logger.appendKeys({ customerId: 'c-1' });
      logger.info('order placed', { orderId: 'o-1', total: 42.5 });
      logger.error('payment failed', { orderId: 'o-2' }, badRange);
    },
  },
  {
    name: 'the injectLambdaContext class method decorator, with logEvent and resetKeys',
    async run(api, context) {
      const logger = new api.Logger({ serviceName: 'orders', correlationIdSearchFn: api.search });
      class Lambda {
        async handler(_event: unknown, _context: unknown) {
          logger.appendKeys({ customerId: 'c-1' });
          logger.info('order placed', { orderId: 'o-1' });
          return 'done';
        }
      }
      decorate(
        Lambda.prototype,
        'handler',
        logger.injectLambdaContext({
          logEvent: true,
          resetKeys: true,
          correlationIdPath: 'requestContext.requestId',
        }),
      );
      const lambda = new Lambda();
      await lambda.handler(event, context);
      logger.info('after the handler');
    },
  },
  {
    name: 'appended and persistent keys of the same name, and the deprecated persistent-attribute methods',
    async run(api, context) {
      const logger = new api.Logger({ serviceName: 'orders', persistentKeys: { team: 'checkout' } });
      logger.addContext(context);
      logger.appendKeys({ tier: 'appended' });
      logger.appendPersistentKeys({ tier: 'persistent' });
      logger.info('persistent set last');
      logger.appendKeys({ tier: 'appended again' });
      logger.info('appended set last');
      logger.info('the call wins', { tier: 'per call' });
      logger.removePersistentKeys(['tier']);
      logger.info('persistent removed');
      // Powertools keeps a removed persistent key as undefined, and the next appendPersistentKeys
      // then hides an appended key of that name: its quirk, not a behaviour to compare.
      logger.removeKeys(['tier']);
      logger.addPersistentLogAttributes({ region: 'eu-west-1' });
      logger.info('added by the deprecated name');
      logger.setPersistentLogAttributes({ stage: 'prod' });
      logger.info('replaced by setPersistentLogAttributes');
      logger.removePersistentLogAttributes(['stage']);
      logger.info('removed by the deprecated name');
    },
  },
  {
    name: 'POWERTOOLS_DEV: the global console, indented lines and error stacks as arrays',
    env: { POWERTOOLS_DEV: 'true' },
    viaConsole: true,
    async run(api, context) {
      const logger = new api.Logger({ serviceName: 'orders', logLevel: 'DEBUG' });
      logger.addContext(context);
      logger.debug('debug line');
      logger.info('order placed', { orderId: 'o-1' });
      logger.warn('slow downstream');
      logger.error('payment failed', declined);
      logger.critical('database unreachable');
    },
  },
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
    name: 'the environment option and ENVIRONMENT, which the default format does not write',
    env: { ENVIRONMENT: 'staging' },
    async run(api, context) {
      const fromVariable = new api.Logger({ serviceName: 'orders' });
      const fromOption = new api.Logger({ serviceName: 'orders', environment: 'prod' });
      fromVariable.addContext(context);
      fromOption.addContext(context);
      fromVariable.info('environment from ENVIRONMENT');
      fromOption.warn('environment from the option');
    },
  },
  {
    name: 'TZ naming a zone: timestamps with its offset',
    env: { TZ: 'Asia/Kolkata' },
    timestamps: true,
    async run(api, context) {
      const logger = new api.Logger({ serviceName: 'orders' });
      logger.addContext(context);
      logger.info('order placed', { orderId: 'o-1' });
      logger.error('payment failed');
    },
  },
  {
    name: 'TZ naming a zone west of UTC: timestamps with its offset',
    env: { TZ: 'America/New_York' },
    timestamps: true,
    async run(api) {
      new api.Logger({ serviceName: 'orders' }).info('order placed');
    },
  },
  {
    name: 'TZ naming UTC as Lambda sets it: timestamps in UTC',
    env: { TZ: ':UTC' },
    timestamps: true,
    async run(api) {
      new api.Logger({ serviceName: 'orders' }).info('order placed');
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

/** The environment every scenario starts from; a scenario's own variables go on top. */
function baseEnv(): void {
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
  vi.stubEnv('AWS_REGION', undefined);
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined);
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
  vi.stubEnv('ENVIRONMENT', undefined);
  vi.stubEnv('TZ', undefined);
}

beforeEach(baseEnv);
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const CONSOLE_STREAMS = {
  log: 'stdout',
  debug: 'stdout',
  info: 'stdout',
  warn: 'stderr',
  error: 'stderr',
} as const;

/** What `fn` printed through the global console, each call's text parsed; texts kept for layout. */
async function consoleLines(fn: () => unknown): Promise<Lines & { texts: string[] }> {
  const captured: Lines & { texts: string[] } = { lines: [], streams: [], texts: [] };
  for (const [method, stream] of Object.entries(CONSOLE_STREAMS)) {
    vi.spyOn(console, method as keyof typeof CONSOLE_STREAMS).mockImplementation((text: string) => {
      captured.lines.push(JSON.parse(text));
      captured.streams.push(stream);
      captured.texts.push(text);
    });
  }
  try {
    await fn();
  } finally {
    vi.restoreAllMocks();
  }
  return captured;
}

/**
 * A timestamp's form with its digits blanked but its zone offset kept ('0000-00-00T00:00:00.000+05:30'),
 * and the instant it names.
 */
function timestampOf(line: Record<string, unknown>): { form: string; instant: number } {
  const text = String(line.timestamp);
  return {
    form: text.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}/, '0000-00-00T00:00:00.000'),
    instant: Date.parse(text),
  };
}

/** The text of a line with its timestamp blanked, to compare indentation and order. */
function layoutOf(text: string): string {
  return text.replace(/"timestamp": "[^"]*"/, '"timestamp": ""');
}

async function runBoth(scenario: Scenario) {
  baseEnv();
  for (const [key, value] of Object.entries(scenario.env ?? {})) vi.stubEnv(key, value);
  const context = createContext({ functionName: 'orders', memoryLimitInMB: '512' });
  const powertools = await load('@aws-lambda-powertools');
  const lambkit = await load('@lambkit');
  const capture = scenario.viaConsole ? consoleLines : jsonLines;
  resetColdStart();
  const theirs = await capture(() => scenario.run(powertools, context));
  resetColdStart();
  const ours = await capture(() => scenario.run(lambkit, context));
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
    if (scenario.keyOrder) {
      expect(ours.lines.map((line) => Object.keys(line))).toEqual(
        theirs.lines.map((line) => Object.keys(line)),
      );
    }
    if (scenario.timestamps) {
      const theirStamps = theirs.lines.map(timestampOf);
      const ourStamps = ours.lines.map(timestampOf);
      expect(ourStamps.map((stamp) => stamp.form)).toEqual(theirStamps.map((stamp) => stamp.form));
      // Both runs within a minute of each other: the digits name the same moment in the same zone.
      ourStamps.forEach((stamp, i) => {
        expect(Math.abs(stamp.instant - theirStamps[i].instant)).toBeLessThan(60_000);
      });
    }
    if (scenario.viaConsole) {
      const texts = (captured: Lines) => (captured as Lines & { texts: string[] }).texts.map(layoutOf);
      expect(texts(ours)).toEqual(texts(theirs));
    }
  });

  it('lists no output difference in compat/differences.json that no longer exists', async () => {
    const gaps: string[] = [];
    for (const scenario of scenarios) {
      const { theirs, ours } = await runBoth(scenario);
      gaps.push(...outputGaps('logger', theirs, ours));
    }
    const { stale } = compareWithList(differences, gaps, 'logger:output');
    // Refusals at construction are compared below, not by these runs.
    expect(stale.filter((id) => !id.startsWith('logger:output:refuses:'))).toEqual([]);
  });
});

/**
 * Options one library takes and the other refuses at construction: each refusal is a gap,
 * `logger:output:refuses:<case>`, which compat/differences.json must list.
 */
const optionCases: { name: string; options: (api: Record<string, any>) => Record<string, unknown> }[] = [
  {
    // Structurally a LogFormatter (TypeScript accepts it), but no instance of the class.
    name: 'logFormatter-not-a-subclass',
    options: (api) => {
      const model = new (companyFormatter(api))();
      return {
        logFormatter: {
          formatAttributes: model.formatAttributes,
          formatError: model.formatError,
          formatTimestamp: model.formatTimestamp,
          getCodeLocation: model.getCodeLocation,
        },
      };
    },
  },
  { name: 'logFormatter-subclass', options: (api) => ({ logFormatter: new (companyFormatter(api))() }) },
];

async function optionGaps(): Promise<string[]> {
  const gaps: string[] = [];
  const powertools = await load('@aws-lambda-powertools');
  const lambkit = await load('@lambkit');
  const refuses = (api: Record<string, any>, options: Record<string, unknown>) => {
    try {
      new api.Logger({ serviceName: 'orders', ...options });
      return false;
    } catch {
      return true;
    }
  };
  for (const { name, options } of optionCases) {
    if (refuses(powertools, options(powertools)) !== refuses(lambkit, options(lambkit)))
      gaps.push(`logger:output:refuses:${name}`);
  }
  return gaps;
}

describe('@lambkit/logger takes the options @aws-lambda-powertools/logger takes', () => {
  it('refuses at construction only what compat/differences.json lists, and lists nothing stale', async () => {
    const gaps = await optionGaps();
    const { unlisted, stale } = compareWithList(differences, gaps, 'logger:output:refuses');
    expect(unlisted, 'option differences not in compat/differences.json').toEqual([]);
    expect(stale, 'listed option differences that no longer exist').toEqual([]);
  });
});
