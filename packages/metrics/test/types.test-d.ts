// Type tests: what the public types promise a caller, checked by `tsc --noEmit` (the package's
// typecheck), never run. A wrong inference here is a compile error in CI.

import { MetricResolution, Metrics, MetricUnit } from '@lambkit/metrics';
import { logMetrics } from '@lambkit/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';

const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' });

describe('Metrics', () => {
  it('adds a metric with a unit and an optional resolution, and chains', () => {
    expectTypeOf(metrics.addMetric('orders', MetricUnit.Count, 1)).toEqualTypeOf<Metrics>();
    metrics.addMetric('latency', MetricUnit.Milliseconds, 12, MetricResolution.High);
    // @ts-expect-error the unit is one of MetricUnit's
    metrics.addMetric('orders', 'Pieces', 1);
    // @ts-expect-error the value is a number
    metrics.addMetric('orders', MetricUnit.Count, '1');
  });
});

describe('logMetrics', () => {
  it('fits a middy handler', () => {
    const handler = middy(async (_event: unknown, _context: Context) => 1).use(logMetrics(metrics));
    expectTypeOf(handler).returns.resolves.toEqualTypeOf<number>();
  });
});
