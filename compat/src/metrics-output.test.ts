// The same handlers through @aws-lambda-powertools/metrics and @lambkit/metrics, imported by the
// same specifiers but for the prefix: every EMF document must be the same (timestamps aside), or
// the difference must be listed in compat/differences.json.
import { resetColdStart } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareWithList, readDifferences } from './differences.js';
import { jsonLines, outputGaps } from './side-by-side.js';

const differences = readDifferences();

type Library = '@aws-lambda-powertools' | '@lambkit';

async function load(library: Library) {
  const root = await import(/* @vite-ignore */ `${library}/metrics`);
  const middleware = await import(/* @vite-ignore */ `${library}/metrics/middleware`).catch(() => root);
  return { ...root, ...middleware } as Record<string, any>;
}

interface Scenario {
  name: string;
  env?: Record<string, string>;
  run(api: Record<string, any>, context: ReturnType<typeof createContext>): Promise<unknown>;
}

const scenarios: Scenario[] = [
  {
    name: 'a middy handler with logMetrics, the cold start metric, dimensions and metadata',
    async run(api, context) {
      const metrics = new api.Metrics({
        namespace: 'serverlessAirline',
        serviceName: 'orders',
        defaultDimensions: { environment: 'prod' },
      });
      const handler = middy(async () => {
        metrics.addDimension('channel', 'web');
        metrics.addMetric('successfulBooking', api.MetricUnit.Count, 1);
        metrics.addMetric('successfulBooking', api.MetricUnit.Count, 2);
        metrics.addMetric('latency', api.MetricUnit.Milliseconds, 12.5, api.MetricResolution.High);
        metrics.addMetadata('bookingId', '7051cd10-6283-11ec-90d6-0242ac120003');
      }).use(api.logMetrics(metrics, { captureColdStartMetric: true }));
      await handler({}, context);
      await handler({}, { ...context, awsRequestId: 'second-request' });
    },
  },
  {
    name: 'a plain handler that publishes by hand, with a single metric and dimension sets',
    env: { POWERTOOLS_METRICS_NAMESPACE: 'fromEnv', POWERTOOLS_SERVICE_NAME: 'payments' },
    async run(api) {
      const metrics = new api.Metrics();
      metrics.setDefaultDimensions({ tenant: 'a' });
      metrics.addDimensions({ region: 'eu-west-1', az: 'a' });
      metrics.addMetric('charged', api.MetricUnit.Count, 1);
      const single = metrics.singleMetric();
      single.addDimension('kind', 'refund');
      single.addMetric('refunds', api.MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      metrics.addMetric('afterFlush', api.MetricUnit.Bytes, 2048);
      metrics.publishStoredMetrics();
    },
  },
];

beforeEach(() => {
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined);
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
  vi.stubEnv('POWERTOOLS_DEV', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function runBoth(scenario: Scenario) {
  for (const [key, value] of Object.entries(scenario.env ?? {})) vi.stubEnv(key, value);
  const context = createContext({ functionName: 'book-flight' });
  const powertools = await load('@aws-lambda-powertools');
  const lambkit = await load('@lambkit');
  resetColdStart();
  const theirs = await jsonLines(() => scenario.run(powertools, context));
  resetColdStart();
  const ours = await jsonLines(() => scenario.run(lambkit, context));
  return { theirs, ours };
}

describe('@lambkit/metrics writes what @aws-lambda-powertools/metrics writes', () => {
  it.each(scenarios)('$name', async (scenario) => {
    const { theirs, ours } = await runBoth(scenario);
    expect(theirs.lines.length, 'Powertools wrote documents').toBeGreaterThan(0);
    const gaps = outputGaps('metrics', theirs, ours);
    if (process.env.COMPAT_DUMP) console.log(JSON.stringify({ theirs, ours }, null, 1));
    const { unlisted } = compareWithList(differences, gaps, 'metrics:output');
    expect(unlisted, 'output differences not in compat/differences.json').toEqual([]);
  });

  it('lists no output difference in compat/differences.json that no longer exists', async () => {
    const gaps: string[] = [];
    for (const scenario of scenarios) {
      const { theirs, ours } = await runBoth(scenario);
      gaps.push(...outputGaps('metrics', theirs, ours));
    }
    expect(compareWithList(differences, gaps, 'metrics:output').stale).toEqual([]);
  });
});
