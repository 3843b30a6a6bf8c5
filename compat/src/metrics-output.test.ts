// The same handlers through @aws-lambda-powertools/metrics and @lambkit/metrics, imported by the
// same specifiers but for the prefix: every EMF document must be the same (timestamps aside), or
// the difference must be listed in compat/differences.json.
import { resetColdStart } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
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
  {
    name: 'a class handler with the logMetrics decorator, the cold start metric and default dimensions',
    async run(api, context) {
      const metrics = new api.Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
      class Lambda {
        async handler(_event: unknown, _context: unknown) {
          metrics.addMetric('successfulBooking', api.MetricUnit.Count, 1);
          return 'booked';
        }
      }
      // What TypeScript's experimentalDecorators emit for `@metrics.logMetrics(...)` on the method.
      decorate(
        Lambda.prototype,
        'handler',
        metrics.logMetrics({
          captureColdStartMetric: true,
          defaultDimensions: { environment: 'prod' },
        }),
      );
      const lambda = new Lambda();
      const handler = lambda.handler.bind(lambda);
      result(await handler({}, context));
      result(await handler({}, { ...context, awsRequestId: 'second-request' }));
    },
  },
  {
    name: 'a handler that flushes with `using` (Symbol.dispose), also when it throws',
    async run(api) {
      const metrics = new api.Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
      const handler = async (fail: boolean) => {
        using _ = metrics;
        metrics.addMetric('attempts', api.MetricUnit.Count, 1);
        if (fail) throw new Error('declined');
      };
      await handler(false);
      await handler(true).catch((error: Error) => result(error));
    },
  },
  {
    name: 'throwOnEmptyMetrics: the middleware option, setThrowOnEmptyMetrics and throwOnEmptyMetrics()',
    async run(api, context) {
      const metrics = new api.Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
      const handler = middy(async (event: { record: boolean }) => {
        if (event.record) metrics.addMetric('booked', api.MetricUnit.Count, 1);
      }).use(api.logMetrics(metrics, { throwOnEmptyMetrics: true }));
      await handler({ record: true }, context);
      await handler({ record: false }, { ...context, awsRequestId: 'empty' }).catch(result);
      const other = new api.Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
      other.throwOnEmptyMetrics();
      try {
        other.publishStoredMetrics();
      } catch (error) {
        result(error);
      }
    },
  },
  {
    name: 'singleMetric with its own dimensions and high resolution metrics beside stored ones',
    async run(api) {
      const metrics = new api.Metrics({
        namespace: 'serverlessAirline',
        serviceName: 'orders',
        defaultDimensions: { environment: 'prod' },
      });
      metrics.addMetric('latency', api.MetricUnit.Milliseconds, 12, api.MetricResolution.High);
      metrics.addMetric('latency', api.MetricUnit.Milliseconds, 14, api.MetricResolution.High);
      const single = metrics.singleMetric();
      single.addDimension('paymentMethod', 'card');
      single.addMetric('payment', api.MetricUnit.Count, 1, api.MetricResolution.High);
      single.addMetric('refund', api.MetricUnit.Count, 1);
      metrics.addMetric('bytes', api.MetricUnit.BytesPerSecond, 2048);
      metrics.publishStoredMetrics();
    },
  },
];

/** Applies a legacy method decorator the way TypeScript's experimentalDecorators output does. */
function decorate(prototype: object, key: string, decorator: (...args: any[]) => unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor;
  const returned = decorator(prototype, key, descriptor);
  Object.defineProperty(prototype, key, (returned as PropertyDescriptor | undefined) ?? descriptor);
}

/** Writes what a handler returned or threw as a JSON line, so that it is compared like the documents. */
function result(value: unknown): void {
  const line =
    value instanceof Error
      ? { message: 'result', error: value.message, isRangeError: value instanceof RangeError }
      : { message: 'result', value };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

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
    const stale = compareWithList(differences, gaps, 'metrics:output').stale;
    // Bad input has its own runs below.
    expect(stale.filter((id) => !/^metrics:output:(throws|warns):/.test(id))).toEqual([]);
  });
});

// Bad input through both: what each call threw (same class family and message) and which of
// Powertools' warnings lambkit gave too. A gap is `metrics:output:throws:<case>` or
// `metrics:output:warns:<case>`; the stricter checks lambkit keeps (they keep documents valid, or
// metrics from being dropped by CloudWatch) are listed in compat/differences.json with their reason.
interface Probe {
  id: string;
  calls: ((metrics: any, api: Record<string, any>) => unknown)[];
}

const DAY = 24 * 60 * 60 * 1000;

const probes: Probe[] = [
  { id: 'unit', calls: [(m) => m.addMetric('latency', 'Miliseconds', 1)] },
  { id: 'resolution', calls: [(m, api) => m.addMetric('latency', api.MetricUnit.Count, 1, 30)] },
  { id: 'value-type', calls: [(m, api) => m.addMetric('latency', api.MetricUnit.Count, '12')] },
  { id: 'name-type', calls: [(m, api) => m.addMetric(42, api.MetricUnit.Count, 1)] },
  {
    id: 'second-unit',
    calls: [
      (m, api) => m.addMetric('latency', api.MetricUnit.Milliseconds, 1),
      (m, api) => m.addMetric('latency', api.MetricUnit.Seconds, 1),
    ],
  },
  {
    id: 'second-resolution',
    calls: [
      (m, api) => m.addMetric('latency', api.MetricUnit.Milliseconds, 1, api.MetricResolution.High),
      (m, api) => m.addMetric('latency', api.MetricUnit.Milliseconds, 2),
    ],
  },
  {
    id: 'blank-dimension',
    calls: [
      (m) => m.addDimension('stage', ''),
      (m) => m.addDimension(' ', 'prod'),
      (m) => m.addDimensions({ tenant: 'acme', region: undefined }),
      (m) => m.setDefaultDimensions({ plan: '  ' }),
    ],
  },
  {
    id: 'dimension-overwrite',
    calls: [(m) => m.addDimension('env', 'a'), (m) => m.addDimension('env', 'b')],
  },
  { id: 'empty-flush', calls: [(m) => m.publishStoredMetrics()] },
  {
    id: 'collision',
    calls: [
      (m) => m.addDimension('region', 'eu'),
      (m, api) => m.addMetric('region', api.MetricUnit.Count, 1),
    ],
  },
  { id: 'value-not-finite', calls: [(m, api) => m.addMetric('ratio', api.MetricUnit.Percent, Number.NaN)] },
  { id: 'timestamp', calls: [(m) => m.setTimestamp(Date.now() - 15 * DAY)] },
  { id: 'dimension-invalid', calls: [(m) => m.addDimension('région', 'eu')] },
  { id: 'metric-name', calls: [(m, api) => m.addMetric('', api.MetricUnit.Count, 1)] },
  {
    id: 'dimension-count',
    calls: [(m) => m.addDimensions(Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`d${i}`, 'x'])))],
  },
];

interface Outcome {
  thrown: (Error | undefined)[];
  warnings: string[];
}

async function probe(library: Library, calls: Probe['calls']): Promise<Outcome> {
  const api = await load(library);
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (message: string) => warnings.push(message) };
  const metrics = new api.Metrics({ namespace: 'serverlessAirline', serviceName: 'orders', logger });
  const thrown: (Error | undefined)[] = [];
  await captureOutput(() => {
    for (const call of calls) {
      try {
        call(metrics, api);
        thrown.push(undefined);
      } catch (error) {
        thrown.push(error as Error);
      }
    }
  });
  return { thrown, warnings };
}

/** Ours matches theirs when it throws where they throw, an instance of their class, with their message. */
function sameThrows(theirs: Outcome, ours: Outcome): boolean {
  return theirs.thrown.every((their, index) => {
    const our = ours.thrown[index];
    if (their === undefined || our === undefined) return their === our;
    return our instanceof (their.constructor as ErrorConstructor) && our.message === their.message;
  });
}

function probeGaps({ id, calls }: Probe, theirs: Outcome, ours: Outcome): string[] {
  const gaps: string[] = [];
  if (!sameThrows(theirs, ours)) gaps.push(`metrics:output:throws:${id}`);
  if (theirs.warnings.some((warning) => !ours.warnings.includes(warning))) {
    gaps.push(`metrics:output:warns:${id}`);
  }
  return calls.length > 0 ? gaps : [];
}

describe('@lambkit/metrics throws and warns where @aws-lambda-powertools/metrics does', () => {
  it.each(probes)('$id', async (entry) => {
    const theirs = await probe('@aws-lambda-powertools', entry.calls);
    const ours = await probe('@lambkit', entry.calls);
    const gaps = probeGaps(entry, theirs, ours);
    if (process.env.COMPAT_DUMP)
      console.log(
        JSON.stringify({ theirs, ours }, (_k, v) => (v instanceof Error ? `${v.name}: ${v.message}` : v), 1),
      );
    const { unlisted } = compareWithList(differences, gaps, 'metrics:output');
    expect(unlisted, 'differences not in compat/differences.json').toEqual([]);
  });

  it('lists no such difference in compat/differences.json that no longer exists', async () => {
    const gaps: string[] = [];
    for (const entry of probes) {
      gaps.push(
        ...probeGaps(
          entry,
          await probe('@aws-lambda-powertools', entry.calls),
          await probe('@lambkit', entry.calls),
        ),
      );
    }
    const listed = compareWithList(differences, gaps, 'metrics:output:throws').stale;
    const warned = compareWithList(differences, gaps, 'metrics:output:warns').stale;
    expect([...listed, ...warned]).toEqual([]);
  });
});
