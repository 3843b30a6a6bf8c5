// @lambkit/metrics: one invocation's worth of metrics (ten addMetric calls under two dimensions and
// one flush), next to the floor (JSON.stringify of the same document and one write), Powertools'
// Metrics (the anchor) and aws-embedded-metrics; then through middy, then import times.
import { Metrics as PowertoolsMetrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics as powertoolsLogMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { beginInvocation } from '@lambkit/core';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import middy from '@middy/core';
import { benchRoot, bundleImportTimes, Group, importTimes, report } from '../lib/harness.mjs';

// aws-embedded-metrics reads its configuration when loaded, and outside Lambda it would probe for a
// CloudWatch agent: tell it where it runs before loading it.
process.env.AWS_EMF_ENVIRONMENT = 'Lambda';
const { createMetricsLogger, Unit } = await import('aws-embedded-metrics');

const NAMES = [
  'successfulBooking',
  'failedBooking',
  'bookingLatency',
  'paymentLatency',
  'itemsInCart',
  'cartValue',
  'retries',
  'cacheHits',
  'cacheMisses',
  'queueDepth',
];

/** The document every contestant writes, built once as an object for the floor. */
const floorDocument = {
  _aws: {
    Timestamp: 0,
    CloudWatchMetrics: [
      {
        Namespace: 'serverlessAirline',
        Dimensions: [['service', 'environment', 'region']],
        Metrics: NAMES.map((Name) => ({ Name, Unit: 'Count' })),
      },
    ],
  },
  service: 'orders',
  environment: 'prod',
  region: 'eu-west-1',
  ...Object.fromEntries(NAMES.map((name, i) => [name, i + 1])),
};

function floor() {
  floorDocument._aws.Timestamp = Date.now();
  process.stdout.write(`${JSON.stringify(floorDocument)}\n`);
}

const lambkit = new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
function lambkitInvocation() {
  lambkit.addDimension('environment', 'prod');
  lambkit.addDimension('region', 'eu-west-1');
  for (let i = 0; i < NAMES.length; i++) lambkit.addMetric(NAMES[i], MetricUnit.Count, i + 1);
  lambkit.publishStoredMetrics();
}

// The same, each call a new invocation: its metrics get a fresh store on the invocation's state,
// as they do in Lambda.
let requestNumber = 0;
function lambkitNewInvocation() {
  beginInvocation({ awsRequestId: `request-${requestNumber++}` });
  lambkitInvocation();
}

const powertools = new PowertoolsMetrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
function powertoolsInvocation() {
  powertools.addDimension('environment', 'prod');
  powertools.addDimension('region', 'eu-west-1');
  for (let i = 0; i < NAMES.length; i++) powertools.addMetric(NAMES[i], PowertoolsUnit.Count, i + 1);
  powertools.publishStoredMetrics();
}

async function embeddedMetricsInvocation() {
  const logger = createMetricsLogger();
  logger.setNamespace('serverlessAirline');
  logger.setDimensions({ service: 'orders', environment: 'prod', region: 'eu-west-1' });
  for (let i = 0; i < NAMES.length; i++) logger.putMetric(NAMES[i], i + 1, Unit.Count);
  await logger.flush();
}

report(
  await new Group('metrics: ten addMetric calls under two dimensions, one flush')
    .floor('JSON.stringify of the same document + one write', floor)
    .lambkit('@lambkit/metrics', lambkitInvocation)
    .lambkit('@lambkit/metrics, each call a new invocation', lambkitNewInvocation)
    .anchor('powertools Metrics', powertoolsInvocation)
    .other('aws-embedded-metrics (createMetricsLogger + flush)', embeddedMetricsInvocation, { async: true })
    .run(),
);

const context = {
  awsRequestId: 'bench-request',
  functionName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
};
const bare = middy(async () => ({ statusCode: 200 }));
const lambkitMiddy = middy(async () => {
  lambkit.addDimension('environment', 'prod');
  lambkit.addDimension('region', 'eu-west-1');
  for (let i = 0; i < NAMES.length; i++) lambkit.addMetric(NAMES[i], MetricUnit.Count, i + 1);
  return { statusCode: 200 };
}).use(logMetrics(lambkit));
const powertoolsMiddy = middy(async () => {
  powertools.addDimension('environment', 'prod');
  powertools.addDimension('region', 'eu-west-1');
  for (let i = 0; i < NAMES.length; i++) powertools.addMetric(NAMES[i], PowertoolsUnit.Count, i + 1);
  return { statusCode: 200 };
}).use(powertoolsLogMetrics(powertools));

report(
  await new Group('metrics: the same through middy and the logMetrics middleware')
    .floor('bare middy handler + JSON.stringify + one write', async () => {
      await bare({}, context);
      floor();
    })
    .lambkit('@lambkit/metrics logMetrics', () => lambkitMiddy({}, context), { async: true })
    .anchor('powertools logMetrics', () => powertoolsMiddy({}, context), { async: true })
    .run(),
);

report(
  importTimes('metrics: import in a fresh process', [
    { name: 'empty module', role: 'floor', specifier: `${benchRoot}/fixtures/empty.mjs` },
    { name: '@lambkit/metrics', role: 'lambkit', specifier: '@lambkit/metrics' },
    { name: '@aws-lambda-powertools/metrics', role: 'anchor', specifier: '@aws-lambda-powertools/metrics' },
    { name: 'aws-embedded-metrics', role: 'other', specifier: 'aws-embedded-metrics' },
  ]),
);

report(
  await bundleImportTimes('metrics: bundled with esbuild (minified), import in a fresh process', [
    {
      name: '@lambkit/metrics',
      role: 'lambkit',
      source: "export { Metrics, MetricUnit, logMetrics } from '@lambkit/metrics';",
    },
    {
      name: '@aws-lambda-powertools/metrics',
      role: 'anchor',
      source:
        "export { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'; export { logMetrics } from '@aws-lambda-powertools/metrics/middleware';",
    },
    {
      name: 'aws-embedded-metrics',
      role: 'other',
      source: "export { createMetricsLogger, Unit } from 'aws-embedded-metrics';",
    },
  ]),
);
