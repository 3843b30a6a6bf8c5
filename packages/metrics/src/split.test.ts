import middy from '@middy/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureEmf, invoke } from '../test/test-emf.js';
import { logMetrics, Metrics, MetricUnit } from './index.js';

function newMetrics(): Metrics {
  return new Metrics({ namespace: 'shop', serviceName: 'cart' });
}

/** Every value each metric has across the documents, in order of the documents. */
function valuesByMetric(documents: any[]): Map<string, number[]> {
  const values = new Map<string, number[]>();
  for (const document of documents) {
    for (const { Name } of document._aws.CloudWatchMetrics[0].Metrics) {
      const target = document[Name];
      values.set(Name, [...(values.get(Name) ?? []), ...(Array.isArray(target) ? target : [target])]);
    }
  }
  return values;
}

function definitionNames(document: any): string[] {
  return document._aws.CloudWatchMetrics[0].Metrics.map((metric: { Name: string }) => metric.Name);
}

describe('splitting at the limits of the specification', () => {
  it('puts 101 metrics in two documents of 100 and 1, each with the dimensions and metadata', async () => {
    const metrics = newMetrics();
    metrics.addDimension('region', 'eu-west-1');
    metrics.addMetadata('orderId', 'o-1');
    for (let i = 0; i < 101; i++) metrics.addMetric(`metric${i}`, MetricUnit.Count, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents.map((document) => definitionNames(document).length)).toEqual([100, 1]);
    expect(definitionNames(documents[1])).toEqual(['metric100']);
    for (const document of documents) {
      expect(document).toMatchObject({ service: 'cart', region: 'eu-west-1', orderId: 'o-1' });
      expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'region']]);
    }
    expect(valuesByMetric(documents)).toEqual(
      new Map(Array.from({ length: 101 }, (_, i) => [`metric${i}`, [i]])),
    );
  });

  it('puts 250 values of one metric in three documents of 100, 100 and 50, in order', async () => {
    const metrics = newMetrics();
    for (let i = 0; i < 250; i++) metrics.addMetric('latency', MetricUnit.Milliseconds, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents.map((document) => document.latency.length)).toEqual([100, 100, 50]);
    expect(documents.flatMap((document) => document.latency)).toEqual(
      Array.from({ length: 250 }, (_, i) => i),
    );
  });

  it('writes a value left alone by a split as a number', async () => {
    const metrics = newMetrics();
    for (let i = 0; i < 101; i++) metrics.addMetric('latency', MetricUnit.Milliseconds, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[1].latency).toBe(100);
  });

  it('splits 150 metrics of 120 values each without repeating a metric within a document', async () => {
    const metrics = newMetrics();
    for (let value = 0; value < 120; value++) {
      for (let i = 0; i < 150; i++) metrics.addMetric(`metric${i}`, MetricUnit.Count, value);
    }

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(4);
    for (const document of documents) {
      const names = definitionNames(document);
      expect(new Set(names).size).toBe(names.length);
    }
    const expected = Array.from({ length: 120 }, (_, value) => value);
    expect(valuesByMetric(documents)).toEqual(
      new Map(Array.from({ length: 150 }, (_, i) => [`metric${i}`, expected])),
    );
  });

  it('splits by size, repeating large metadata in every document and keeping each under 1 MB', async () => {
    const metrics = newMetrics();
    metrics.addMetadata('payload', 'p'.repeat(850_000));
    const longName = (i: number): string => `${'n'.repeat(1000)}${i}`;
    for (let value = 0; value < 100; value++) {
      for (let i = 0; i < 100; i++)
        metrics.addMetric(longName(i), MetricUnit.Count, value + 0.123456789012345);
    }

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents.length).toBeGreaterThan(1);
    for (const document of documents) expect(document.payload).toHaveLength(850_000);
    const values = valuesByMetric(documents);
    expect(values.size).toBe(100);
    for (const list of values.values()) expect(list).toHaveLength(100);
  });

  it('publishes a split through logMetrics when the handler records more than the limits', async () => {
    const metrics = newMetrics();
    const handler = middy(async () => {
      for (let i = 0; i < 205; i++) metrics.addMetric('retry', MetricUnit.Count, 1);
    }).use(logMetrics(metrics));

    const { documents } = await captureEmf(() => invoke(handler));

    expect(documents.map((document) => document.retry.length)).toEqual([100, 100, 5]);
  });

  it('never drops or duplicates a value, whatever the number of metrics and values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 230 }), { minLength: 1, maxLength: 130 }),
        fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
        async (counts, base) => {
          const metrics = newMetrics();
          counts.forEach((count, i) => {
            for (let v = 0; v < count; v++) metrics.addMetric(`m${i}`, MetricUnit.Count, base + v);
          });

          const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

          const values = valuesByMetric(documents);
          expect(values.size).toBe(counts.length);
          counts.forEach((count, i) => {
            expect(values.get(`m${i}`)).toEqual(Array.from({ length: count }, (_, v) => base + v));
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
