// @lambkit/logger: the cost of one log line next to its floor (JSON.stringify of the same record
// plus one process.stdout.write), Powertools' Logger (the anchor) and pino with the same content, in
// wall time and in CPU time; a disabled level; a whole invocation through middy; import time.
import {
  LogFormatter as PowertoolsLogFormatter,
  Logger as PowertoolsLogger,
  LogItem as PowertoolsLogItem,
} from '@aws-lambda-powertools/logger';
import { injectLambdaContext as powertoolsInject } from '@aws-lambda-powertools/logger/middleware';
import { injectLambdaContext, LogFormatter, Logger, LogItem } from '@lambkit/logger';
import middy from '@middy/core';
import pino from 'pino';
import {
  bundleImportTimes,
  EMPTY_PACKAGE,
  Group,
  importTimes,
  nextInvocation,
  report,
  scratchProject,
} from '../lib/harness.mjs';
import { cpuTimes } from './logger-cpu-times.mjs';

process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const context = {
  functionName: 'orders',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/orders',
  logStreamName: '2024/01/01/[$LATEST]abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 3000,
};
const message = 'order placed';
const extras = { orderId: 'o-123', amount: 42.5, customer: { id: 'c-1', tier: 'gold' } };

// The floor: the record a line holds, serialized by JSON.stringify and written once.
const record = {
  level: 'INFO',
  message,
  timestamp: new Date().toISOString(),
  service: 'orders',
  cold_start: true,
  function_arn: context.invokedFunctionArn,
  function_memory_size: 1024,
  function_name: context.functionName,
  function_request_id: context.awsRequestId,
  sampling_rate: 0,
  xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
  ...extras,
};

function floorLine() {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

const lambkit = new Logger({ serviceName: 'orders' });
lambkit.addContext(context);
const powertools = new PowertoolsLogger({ serviceName: 'orders' });
powertools.addContext(context);
const { sampling_rate, level, message: _m, timestamp: _t, ...base } = record;
const pinoLogger = pino(
  {
    base: { ...base, sampling_rate },
    messageKey: 'message',
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label.toUpperCase() }) },
  },
  pino.destination({ dest: 1, sync: true }),
);

report(
  await new Group('logger: one INFO line, three extra keys (one nested)')
    .floor('JSON.stringify(record) + process.stdout.write', floorLine)
    .lambkit('logger.info(message, extras)', () => lambkit.info(message, extras))
    .anchor('powertools logger.info(message, extras)', () => powertools.info(message, extras))
    .other('pino info(extras, message), sync destination', () => pinoLogger.info(extras, message))
    .run(),
);

// Wall time on a shared, loaded machine swings from run to run; CPU time (process.cpuUsage) does not
// count the time other processes take, so the same tasks are also reported by CPU time.
report(
  cpuTimes('logger: one INFO line, CPU time (process.cpuUsage)', [
    { name: 'JSON.stringify(record) + process.stdout.write', role: 'floor', fn: floorLine },
    { name: 'logger.info(message, extras)', role: 'lambkit', fn: () => lambkit.info(message, extras) },
    {
      name: 'powertools logger.info(message, extras)',
      role: 'anchor',
      fn: () => powertools.info(message, extras),
    },
    {
      name: 'pino info(extras, message), sync destination',
      role: 'other',
      fn: () => pinoLogger.info(extras, message),
    },
  ]),
);

report(
  await new Group('logger: a disabled level (DEBUG at INFO)')
    .floor('an empty function call', () => noop(message, extras))
    .lambkit('logger.debug(message, extras)', () => lambkit.debug(message, extras))
    .anchor('powertools logger.debug(message, extras)', () => powertools.debug(message, extras))
    .other('pino debug(extras, message)', () => pinoLogger.debug(extras, message))
    .run(),
);

function noop() {}

// A user's choice may cost what it costs; measured so the docs can say how much. The formatter is a
// small one in the shape of Powertools' documented example, built on each library's own classes.
function formatterOn(Base, Item) {
  return class CompanyFormatter extends Base {
    formatAttributes(attributes, additional) {
      const base = {
        message: attributes.message,
        service: attributes.serviceName,
        requestId: attributes.lambdaContext?.awsRequestId,
        logLevel: attributes.logLevel,
        timestamp: this.formatTimestamp(attributes.timestamp),
      };
      return new Item({ attributes: base }).addAttributes(additional);
    }
  };
}
const LambkitFormatter = formatterOn(LogFormatter, LogItem);
const PowertoolsFormatter = formatterOn(PowertoolsLogFormatter, PowertoolsLogItem);
const formatted = new Logger({ serviceName: 'orders', logFormatter: new LambkitFormatter() });
formatted.addContext(context);
const powertoolsFormatted = new PowertoolsLogger({
  serviceName: 'orders',
  logFormatter: new PowertoolsFormatter(),
});
powertoolsFormatted.addContext(context);
const order = ['message', 'orderId', 'level', 'timestamp'];
const ordered = new Logger({ serviceName: 'orders', logRecordOrder: order });
ordered.addContext(context);
const powertoolsOrdered = new PowertoolsLogger({ serviceName: 'orders', logRecordOrder: order });
powertoolsOrdered.addContext(context);

report(
  await new Group('logger: one INFO line with a custom logFormatter or logRecordOrder')
    .floor('default format: logger.info(message, extras)', () => lambkit.info(message, extras))
    .lambkit('logFormatter: logger.info(message, extras)', () => formatted.info(message, extras))
    .anchor('powertools logFormatter: logger.info(message, extras)', () =>
      powertoolsFormatted.info(message, extras),
    )
    .other('logRecordOrder: logger.info(message, extras)', () => ordered.info(message, extras))
    .other('powertools logRecordOrder: logger.info(message, extras)', () =>
      powertoolsOrdered.info(message, extras),
    )
    .run(),
);

const appendKeysLambkit = new Logger({ serviceName: 'orders' });
const appendKeysPowertools = new PowertoolsLogger({ serviceName: 'orders' });
function handlerFor(logger) {
  return async (event) => {
    logger.appendKeys({ customerId: event.customerId });
    logger.info('order received', { orderId: event.orderId });
    logger.info('order priced', { amount: 42.5 });
    logger.info('order placed', { orderId: event.orderId, customer: { id: 'c-1', tier: 'gold' } });
    return { ok: true };
  };
}
const lambkitHandler = middy(handlerFor(appendKeysLambkit)).use(
  injectLambdaContext(appendKeysLambkit, { resetKeys: true }),
);
const powertoolsHandler = middy(handlerFor(appendKeysPowertools)).use(
  powertoolsInject(appendKeysPowertools, { resetKeys: true }),
);
const bareHandler = middy(async () => ({ ok: true }));
const event = { orderId: 'o-123', customerId: 'c-1' };
// Each call a new invocation (request id, context, trace header), as in Lambda.
const nextContext = () => nextInvocation('orders');

report(
  await new Group('logger: one invocation through middy (appendKeys + 3 lines, resetKeys)')
    .floor('bare middy handler', () => bareHandler(event, nextContext()), { async: true })
    .lambkit('injectLambdaContext + 3 lines', () => lambkitHandler(event, nextContext()), { async: true })
    .anchor('powertools injectLambdaContext + 3 lines', () => powertoolsHandler(event, nextContext()), {
      async: true,
    })
    .run(),
);

report(
  importTimes('logger: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/logger', role: 'lambkit', specifier: '@lambkit/logger' },
    { name: '@aws-lambda-powertools/logger', role: 'anchor', specifier: '@aws-lambda-powertools/logger' },
    { name: 'pino', role: 'other', specifier: 'pino' },
  ]),
);

// Bundled from the packed tarballs in a scratch project, the competitors from npm.
const project = await scratchProject(['@aws-lambda-powertools/logger']);

report(
  await bundleImportTimes(
    'logger: bundled (esbuild, minified), import in a fresh process',
    [
      { name: 'empty bundle', role: 'floor', source: 'export {};\n' },
      {
        name: '@lambkit/logger',
        role: 'lambkit',
        source: "import { Logger } from '@lambkit/logger';\nexport const logger = new Logger();\n",
      },
      {
        name: '@aws-lambda-powertools/logger',
        role: 'anchor',
        source:
          "import { Logger } from '@aws-lambda-powertools/logger';\nexport const logger = new Logger();\n",
      },
    ],
    { project },
  ),
);
