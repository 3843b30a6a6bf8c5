// The product-wide targets: a handler with the logger and metrics middlewares, warm, next to a bare
// handler that writes the same two lines with the same keys (one log line and one EMF document, the
// floor) and the same handler with Powertools (the anchor); every call is a new invocation, with a
// new request id, context object and trace header, as Lambda runs them (nextInvocation). Then the
// same handlers bundled with esbuild from the packed tarballs in a scratch project (lambkit) and
// from npm (Powertools, and one middy version for both), and imported in a fresh process.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext as powertoolsInjectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics as PowertoolsMetrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics as powertoolsLogMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import middy from '@middy/core';
import { bundleImportTimes, Group, nextInvocation, report, scratchProject } from '../lib/harness.mjs';

const event = { rawPath: '/hello', queryStringParameters: { name: 'Ada' } };

/** The floor: the two lines logger + metrics write, with the same keys, built and written by hand. */
let coldStart = true;
async function bareHandler(input, ctx) {
  const header = process.env._X_AMZN_TRACE_ID;
  const traceId = header.slice(5, header.indexOf(';'));
  process.stdout.write(
    `${JSON.stringify({
      level: 'INFO',
      message: 'hello',
      timestamp: new Date().toISOString(),
      service: 'hello',
      cold_start: coldStart,
      function_arn: ctx.invokedFunctionArn,
      function_memory_size: Number(ctx.memoryLimitInMB),
      function_name: ctx.functionName,
      function_request_id: ctx.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: traceId,
      name: input.queryStringParameters.name,
    })}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          { Namespace: 'bench', Dimensions: [['service']], Metrics: [{ Name: 'greetings', Unit: 'Count' }] },
        ],
      },
      service: 'hello',
      greetings: 1,
    })}\n`,
  );
  coldStart = false;
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
  await new Group(
    'product: warm invocation, logger + metrics middlewares (one log line, one metric), a new invocation per call',
  )
    .floor(
      'bare middy handler writing the same two lines (log + EMF)',
      () => bareMiddy(event, nextInvocation()),
      {
        async: true,
      },
    )
    .other('the same bare handler without middy', () => bareHandler(event, nextInvocation()), { async: true })
    .lambkit('injectLambdaContext + logMetrics (lambkit)', () => lambkitHandler(event, nextInvocation()), {
      async: true,
    })
    .lambkit(
      'logger + metrics called directly, no middy (lambkit)',
      () => directHandler(event, nextInvocation()),
      {
        async: true,
      },
    )
    .anchor(
      'injectLambdaContext + logMetrics (Powertools)',
      () => powertoolsHandler(event, nextInvocation()),
      {
        async: true,
      },
    )
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

const project = await scratchProject([
  '@middy/core',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
]);

report(
  await bundleImportTimes(
    'product: the logger + metrics handler bundled with esbuild (minified) from the packed tarballs, import',
    [
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
    ],
    { project },
  ),
);
