import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureEmf, withoutTimestamp } from '../test/test-emf.js';
import { MetricResolution, Metrics, MetricUnit } from './index.js';

const NAMES = ['orders', 'latency', 'region', 'tenant', 'plan', 'note', 'service', 'bytes'];
const VALUES = ['eu', 'us', 'acme', 'x'];

/** One call a handler may make; some break a rule on purpose (same name as a dimension, ...). */
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('metric' as const),
    name: fc.constantFrom(...NAMES),
    unit: fc.constantFrom(MetricUnit.Count, MetricUnit.Milliseconds),
    value: fc.integer({ min: -1000, max: 1000 }),
    high: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('dimension' as const),
    name: fc.constantFrom(...NAMES),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    dimensions: fc.dictionary(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES), { maxKeys: 3 }),
  }),
  fc.record({
    kind: fc.constant('metadata' as const),
    name: fc.constantFrom(...NAMES),
    value: fc.jsonValue(),
  }),
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** Applies the operations, noting the kind of each one refused, then flushes. */
function apply(metrics: Metrics, operations: Operation[]): Operation['kind'][] {
  const refused: Operation['kind'][] = [];
  for (const op of operations) {
    try {
      if (op.kind === 'metric') {
        metrics.addMetric(
          op.name,
          op.unit,
          op.value,
          op.high ? MetricResolution.High : MetricResolution.Standard,
        );
      } else if (op.kind === 'dimension') metrics.addDimension(op.name, op.value);
      else if (op.kind === 'set') metrics.addDimensions(op.dimensions);
      else metrics.addMetadata(op.name, op.value);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      refused.push(op.kind);
    }
  }
  return refused;
}

describe('documents from any sequence of calls (property)', () => {
  it('are valid EMF, hold every accepted value, and do not depend on what earlier invocations cached', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
        const warm = new Metrics({
          namespace: 'shop',
          serviceName: 'cart',
          logger: { warn: () => undefined },
        });
        const cold = new Metrics({
          namespace: 'shop',
          serviceName: 'cart',
          logger: { warn: () => undefined },
        });

        const first = await captureEmf(() => {
          const refused = apply(warm, operations);
          warm.publishStoredMetrics();
          return refused;
        });
        const again = await captureEmf(() => {
          apply(warm, operations);
          warm.publishStoredMetrics();
        });
        const fresh = await captureEmf(() => {
          apply(cold, operations);
          cold.publishStoredMetrics();
        });

        expect(again.documents.map(withoutTimestamp)).toEqual(first.documents.map(withoutTimestamp));
        expect(fresh.documents.map(withoutTimestamp)).toEqual(first.documents.map(withoutTimestamp));
        const accepted = operations.filter((op) => op.kind === 'metric').length;
        const published = first.documents.reduce((count, document) => {
          for (const { Name } of document._aws.CloudWatchMetrics[0].Metrics) {
            count += Array.isArray(document[Name]) ? document[Name].length : 1;
          }
          return count;
        }, 0);
        const refusedMetrics = first.result!.filter((kind) => kind === 'metric').length;
        expect(published).toBe(accepted - refusedMetrics);
      }),
      { numRuns: 150 },
    );
  });
});
