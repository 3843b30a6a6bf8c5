// @lambkit/metrics: one invocation's worth of metrics (ten addMetric calls under two dimensions and
// one flush) through middy and on its own, next to the floor (JSON.stringify of the same document and
// one write), Powertools' Metrics (the anchor) and aws-embedded-metrics; then import times.
//
// One run (Node 20.20.2, 2 shared cores, medians):
//   ten addMetric + flush: floor 4.51 us; lambkit 3.09 us (0.69x floor, 0.15x Powertools); lambkit
//   with a new invocation per call 3.63 us (0.80x); Powertools 20.57 us (4.56x);
//   aws-embedded-metrics 22.07 us (4.89x).
//   through middy: floor 8.24 us; lambkit 7.43 us (0.90x); Powertools 24.44 us (2.97x).
//   import: empty module 3.04 ms; lambkit 6.89 ms; Powertools 29.74 ms; aws-embedded-metrics 30.30 ms.
import { Metrics as PowertoolsMetrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics as powertoolsLogMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { beginInvocation } from '@lambkit/core';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import middy from '@middy/core';
import {
  bundleImportTimes,
  EMPTY_PACKAGE,
  Group,
  importTimes,
  nextInvocation,
  report,
  scratchProject,
} from '../lib/harness.mjs';

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

/**
 * The harness warms each task up with 200 calls, then sizes its batches from one call; a middy
 * invocation that has not reached optimized code yet makes that call slow and the batches tiny, and
 * the figures noisy. Run every task long enough first.
 */
async function warmUp(...tasks) {
  for (const task of tasks) for (let i = 0; i < 20_000; i++) await task();
}

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

const bareInvocation = async () => {
  await bare({}, nextInvocation());
  floor();
};
// Each call a new invocation (request id, context, trace header), as in Lambda.
const lambkitMiddyInvocation = () => lambkitMiddy({}, nextInvocation());
const powertoolsMiddyInvocation = () => powertoolsMiddy({}, nextInvocation());
await warmUp(bareInvocation, lambkitMiddyInvocation, powertoolsMiddyInvocation);

report(
  await new Group('metrics: the same through middy and the logMetrics middleware')
    .floor('bare middy handler + JSON.stringify + one write', bareInvocation, { async: true })
    .lambkit('@lambkit/metrics logMetrics', lambkitMiddyInvocation, { async: true })
    .anchor('powertools logMetrics', powertoolsMiddyInvocation, { async: true })
    .run(),
);

// aws-embedded-metrics slows every later await in the process (middy's included), so it runs
// after the middy group.
// aws-embedded-metrics reads its configuration when loaded, and outside Lambda it would probe for a
// CloudWatch agent: tell it where it runs before loading it.
process.env.AWS_EMF_ENVIRONMENT = 'Lambda';
const { createMetricsLogger, Unit } = await import('aws-embedded-metrics');

// The middy group ended its last invocation: without a new one, every addMetric below would
// be work added after its invocation's flush (the late path, with its warning), not a plain call.
beginInvocation({ awsRequestId: 'bench-plain' });
await warmUp(floor, lambkitInvocation, lambkitNewInvocation, powertoolsInvocation, embeddedMetricsInvocation);

report(
  await new Group('metrics: ten addMetric calls under two dimensions, one flush')
    .floor('JSON.stringify of the same document + one write', floor)
    .lambkit('@lambkit/metrics', lambkitInvocation)
    .lambkit('@lambkit/metrics, each call a new invocation', lambkitNewInvocation)
    .anchor('powertools Metrics', powertoolsInvocation)
    .other('aws-embedded-metrics (createMetricsLogger + flush)', embeddedMetricsInvocation, { async: true })
    .run(),
);

report(
  importTimes('metrics: import in a fresh process', [
    { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
    { name: '@lambkit/metrics', role: 'lambkit', specifier: '@lambkit/metrics' },
    { name: '@aws-lambda-powertools/metrics', role: 'anchor', specifier: '@aws-lambda-powertools/metrics' },
    { name: 'aws-embedded-metrics', role: 'other', specifier: 'aws-embedded-metrics' },
  ]),
);

// Bundled from the packed tarballs in a scratch project, the competitors from npm.
const project = await scratchProject(['@aws-lambda-powertools/metrics', 'aws-embedded-metrics']);

report(
  await bundleImportTimes(
    'metrics: bundled with esbuild (minified), import in a fresh process',
    [
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
    ],
    { project },
  ),
);
