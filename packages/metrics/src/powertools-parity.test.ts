// The same handlers run through Powertools for AWS Lambda's Metrics and through @lambkit/metrics,
// under real @middy/core: the documents must be the same text once the timestamp is set aside,
// so that switching is an import change, and the warnings the same words (lambkit writes them in
// its warning line, with a code, where Powertools writes the bare text). (Where lambkit deliberately
// differs, the tests of its own behaviour say so: limits are split instead of flushed early, bad
// input throws.)
import {
  Metrics as PowertoolsMetrics,
  MetricResolution as PowertoolsResolution,
  MetricUnit as PowertoolsUnit,
} from '@aws-lambda-powertools/metrics';
import { logMetrics as powertoolsLogMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { resetColdStart } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertValidEmf, setEnv } from '../test/test-emf.js';
import { logMetrics, MetricResolution, Metrics, MetricUnit } from './index.js';

/** What a handler body sees: either library's Metrics, driven through the API they share. */
type AnyMetrics = Metrics | PowertoolsMetrics;
type Body = (metrics: any, event: unknown) => unknown;

interface Scenario {
  options?: Record<string, unknown>;
  middlewareOptions?: Record<string, unknown>;
  body: Body;
  invocations?: number;
}

interface Run {
  stdout: string[];
  /** The text of each warning: Powertools writes it as it is, lambkit as the message of its warning line. */
  stderr: string[];
  /** lambkit's warning codes, in order (Powertools has none). */
  codes: string[];
  error: unknown;
}

function warningText(line: { text: string; json?: any }): string {
  return typeof line.json?.code === 'string' ? line.json.message : line.text;
}

const FIXED_TIME = /"Timestamp":\d+/;

async function run(library: 'powertools' | 'lambkit', scenario: Scenario): Promise<Run> {
  const options = { namespace: 'serverlessAirline', serviceName: 'orders', ...scenario.options };
  const metrics: AnyMetrics =
    library === 'powertools' ? new PowertoolsMetrics(options) : new Metrics(options);
  const middleware =
    library === 'powertools'
      ? powertoolsLogMetrics(metrics as PowertoolsMetrics, scenario.middlewareOptions)
      : logMetrics(metrics as Metrics, scenario.middlewareOptions);
  const handler = middy(async (event: unknown) => scenario.body(metrics, event)).use(middleware);
  const captured = await captureOutput(async () => {
    for (let i = 0; i < (scenario.invocations ?? 1); i++) {
      await handler({ attempt: i }, createContext({ functionName: 'book-flight' }) as any);
    }
  });
  for (const line of captured.stdoutLines) if (line.json?._aws) assertValidEmf(line.json, line.text);
  return {
    stdout: captured.stdoutLines.map((line) => line.text.replace(FIXED_TIME, '"Timestamp":0')),
    stderr: captured.stderrLines.map(warningText),
    codes: captured.stderrLines.flatMap((line) =>
      typeof line.json?.code === 'string' ? [line.json.code] : [],
    ),
    error: captured.error,
  };
}

/** Runs both; the documents (and errors) must match, and the warnings too unless told otherwise. */
async function expectSameOutput(
  scenario: Scenario,
  { sameWarnings = true } = {},
): Promise<Run & { powertools: Run }> {
  const powertools = await run('powertools', scenario);
  resetColdStart();
  const lambkit = await run('lambkit', scenario);

  expect(lambkit.stdout).toEqual(powertools.stdout);
  if (sameWarnings) expect(lambkit.stderr).toEqual(powertools.stderr);
  expect(String(lambkit.error)).toBe(String(powertools.error));
  return { ...lambkit, powertools };
}

let restoreEnv: () => void;
beforeEach(() => {
  resetColdStart();
  // Powertools reports a cold start only when Lambda says INIT was on demand.
  restoreEnv = setEnv({
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    POWERTOOLS_SERVICE_NAME: undefined,
    POWERTOOLS_METRICS_NAMESPACE: undefined,
    POWERTOOLS_METRICS_FUNCTION_NAME: undefined,
    POWERTOOLS_METRICS_DISABLED: undefined,
    POWERTOOLS_DEV: undefined,
  });
});
afterEach(() => restoreEnv());

describe('same output as Powertools Metrics', () => {
  it('with the same units and resolutions, in the same order (its unit error lists them)', () => {
    expect(Object.entries(MetricUnit)).toEqual(Object.entries(PowertoolsUnit));
    expect(Object.entries(MetricResolution)).toEqual(Object.entries(PowertoolsResolution));
  });

  it('for one metric', async () => {
    const { stdout } = await expectSameOutput({
      body: (metrics) => metrics.addMetric('successfulBooking', MetricUnit.Count, 1),
    });

    expect(stdout).toHaveLength(1);
  });

  it('for several metrics, repeated values and high resolution', async () => {
    await expectSameOutput({
      body: (metrics) => {
        metrics.addMetric('latency', MetricUnit.Milliseconds, 12.5);
        metrics.addMetric('bytes', MetricUnit.KilobytesPerSecond, 300, MetricResolution.High);
        metrics.addMetric('latency', MetricUnit.Milliseconds, 80);
        metrics.addMetric('ratio', MetricUnit.Percent, 0.25);
        metrics.addMetric('raw', MetricUnit.NoUnit, -3);
      },
    });
  });

  it('for dimensions, default dimensions from the options and from the middleware', async () => {
    await expectSameOutput({
      options: { defaultDimensions: { environment: 'prod' } },
      middlewareOptions: { defaultDimensions: { region: 'eu-west-1' } },
      body: (metrics) => {
        metrics.addDimension('paymentMethod', 'card');
        metrics.addDimension('channel', 'web');
        metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      },
    });
  });

  it('for dimension sets, with and without a dimension of addDimension', async () => {
    await expectSameOutput({
      invocations: 2,
      body: (metrics, event: any) => {
        if (event.attempt === 0) metrics.addDimension('channel', 'web');
        metrics.addDimensions({ tenant: 'acme', plan: 'pro' });
        metrics.addDimensions({ country: 'NL' });
        metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      },
    });
  });

  it('for metadata', async () => {
    await expectSameOutput({
      body: (metrics) => {
        metrics.addMetadata('bookingId', '7051cd10-6283-11ec-90d6-0242ac120003');
        metrics.addMetadata('cart', { items: 2, tags: ['a', 'b'] } as unknown as string);
        metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      },
    });
  });

  it('for a timestamp set by the handler, timestamp included', async () => {
    const timestamp = Date.now() - 3_600_000;
    const powertools = await run('powertools', {
      body: (metrics) => {
        metrics.setTimestamp(timestamp);
        metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      },
    });
    const lambkit = await run('lambkit', {
      body: (metrics) => {
        metrics.setTimestamp(timestamp);
        metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
      },
    });

    expect(JSON.parse(lambkit.stdout[0])).toEqual(JSON.parse(powertools.stdout[0]));
  });

  it('for the ColdStart metric, over two invocations', async () => {
    const { stdout } = await expectSameOutput({
      invocations: 2,
      options: { defaultDimensions: { environment: 'prod' } },
      middlewareOptions: { captureColdStartMetric: true },
      body: (metrics) => metrics.addMetric('successfulBooking', MetricUnit.Count, 1),
    });

    expect(stdout.filter((line) => line.includes('"ColdStart"'))).toHaveLength(1);
  });

  it('for a single metric published at once beside the stored ones', async () => {
    await expectSameOutput({
      body: (metrics) => {
        metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
        metrics
          .singleMetric()
          .addDimension('paymentMethod', 'card')
          .addMetric('payment', MetricUnit.Count, 1);
      },
    });
  });

  it('for namespace and service from POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME', async () => {
    setEnv({ POWERTOOLS_METRICS_NAMESPACE: 'fromEnv', POWERTOOLS_SERVICE_NAME: 'payments' });

    await expectSameOutput({
      options: { namespace: undefined, serviceName: undefined },
      body: (metrics) => metrics.addMetric('successfulBooking', MetricUnit.Count, 1),
    });
  });

  it('for metrics recorded before the handler threw', async () => {
    const { error } = await expectSameOutput({
      body: (metrics) => {
        metrics.addMetric('bookingAttempt', MetricUnit.Count, 1);
        throw new Error('payment service unavailable');
      },
    });

    expect(String(error)).toBe('Error: payment service unavailable');
  });

  it('for the warning about no metrics', async () => {
    const { stderr, codes } = await expectSameOutput({ body: () => undefined });

    expect(stderr).toHaveLength(1);
    expect(codes).toEqual(['METRICS_EMPTY_FLUSH']);
  });

  it('for a dimension that overrides a default one, with the same first warning', async () => {
    const { stderr, codes, powertools } = await expectSameOutput(
      {
        body: (metrics) => {
          metrics.addDimension('service', 'checkout');
          metrics.addMetric('successfulBooking', MetricUnit.Count, 1);
        },
      },
      // Powertools warns a second time when it serializes; lambkit says it once.
      { sameWarnings: false },
    );

    expect(stderr).toEqual([
      'Dimension "service" has already been added. The previous value will be overwritten.',
    ]);
    expect(powertools.stderr[0]).toBe(stderr[0]);
    expect(codes).toEqual(['METRICS_DIMENSION_OVERWRITTEN']);
  });

  it('for throwOnEmptyMetrics', async () => {
    const { error } = await expectSameOutput({
      middlewareOptions: { throwOnEmptyMetrics: true },
      body: () => undefined,
    });

    expect(String(error)).toBe('RangeError: The number of metrics recorded must be higher than zero');
  });
});
