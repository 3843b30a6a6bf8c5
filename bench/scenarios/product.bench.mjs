// The product-wide targets: a handler with the logger and metrics middlewares, warm, next to a bare
// handler that writes one JSON line (the floor) and the same handler with Powertools (the anchor);
// then the same handlers bundled with esbuild and imported in a fresh process.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext as powertoolsInjectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics as PowertoolsMetrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics as powertoolsLogMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { bundleImportTimes, Group, report } from '../lib/harness.mjs';

const event = { rawPath: '/hello', queryStringParameters: { name: 'Ada' } };
const context = createContext({ functionName: 'hello', timeoutMs: 900_000 });

// A warm invocation: the first one (the cold start, with its ColdStart document) happens here.
async function bareHandler(input, ctx) {
  process.stdout.write(
    `${JSON.stringify({ level: 'INFO', message: 'hello', name: input.queryStringParameters.name, requestId: ctx.awsRequestId })}\n`,
  );
  return { statusCode: 200, body: 'Hello, Ada!' };
}

const logger = new Logger({ serviceName: 'hello' });
const metrics = new Metrics({ namespace: 'bench', serviceName: 'hello' });
const lambkitHandler = middy(async (input) => {
  logger.info('hello', { name: input.queryStringParameters.name });
  metrics.addMetric('greetings', MetricUnit.Count, 1);
  return { statusCode: 200, body: 'Hello, Ada!' };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));

const ptLogger = new PowertoolsLogger({ serviceName: 'hello' });
const ptMetrics = new PowertoolsMetrics({ namespace: 'bench', serviceName: 'hello' });
const powertoolsHandler = middy(async (input) => {
  ptLogger.info('hello', { name: input.queryStringParameters.name });
  ptMetrics.addMetric('greetings', PowertoolsUnit.Count, 1);
  return { statusCode: 200, body: 'Hello, Ada!' };
})
  .use(powertoolsInjectLambdaContext(ptLogger))
  .use(powertoolsLogMetrics(ptMetrics, { captureColdStartMetric: true }));

const bareMiddy = middy(bareHandler);

// The same work called directly, without middy: what the middlewares do, inline.
const directLogger = new Logger({ serviceName: 'hello' });
const directMetrics = new Metrics({ namespace: 'bench', serviceName: 'hello' });
async function directHandler(input, ctx) {
  directLogger.addContext(ctx);
  try {
    directLogger.info('hello', { name: input.queryStringParameters.name });
    directMetrics.addMetric('greetings', MetricUnit.Count, 1);
    return { statusCode: 200, body: 'Hello, Ada!' };
  } finally {
    directMetrics.publishStoredMetrics();
  }
}

report(
  await new Group('product: warm invocation, logger + metrics middlewares (one log line, one metric)')
    .floor('bare handler writing one JSON line', () => bareHandler(event, context), { async: true })
    .other('the same bare handler through middy', () => bareMiddy(event, context), { async: true })
    .lambkit('injectLambdaContext + logMetrics (lambkit)', () => lambkitHandler(event, context), {
      async: true,
    })
    .lambkit('logger + metrics called directly, no middy (lambkit)', () => directHandler(event, context), {
      async: true,
    })
    .anchor('injectLambdaContext + logMetrics (Powertools)', () => powertoolsHandler(event, context), {
      async: true,
    })
    .run(),
);

const handlerSource = (loggerModule, metricsModule, middlewareImports) => `
import middy from '@middy/core';
${middlewareImports}
import { Logger } from '${loggerModule}';
import { Metrics, MetricUnit } from '${metricsModule}';
const logger = new Logger({ serviceName: 'hello' });
const metrics = new Metrics({ namespace: 'bench', serviceName: 'hello' });
export const handler = middy(async () => {
  logger.info('hello');
  metrics.addMetric('greetings', MetricUnit.Count, 1);
  return { statusCode: 200 };
}).use(injectLambdaContext(logger)).use(logMetrics(metrics));
`;

report(
  await bundleImportTimes('product: the logger + metrics handler bundled with esbuild (minified), import', [
    { name: 'empty bundle', role: 'floor', source: 'export {};\n' },
    {
      name: 'lambkit',
      role: 'lambkit',
      source: handlerSource(
        '@lambkit/logger',
        '@lambkit/metrics',
        "import { injectLambdaContext } from '@lambkit/logger';\nimport { logMetrics } from '@lambkit/metrics';",
      ),
    },
    {
      name: 'Powertools',
      role: 'anchor',
      source: handlerSource(
        '@aws-lambda-powertools/logger',
        '@aws-lambda-powertools/metrics',
        "import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';\nimport { logMetrics } from '@aws-lambda-powertools/metrics/middleware';",
      ),
    },
  ]),
);
