// The edges of splitting: exactly 100 metrics, 100 values and 1,000,000 bytes stay in one document;
// one more splits. And the dimension sets, defaults and metadata every document of a split repeats.
import { captureOutput } from '@lambkit/testing';
import { describe, expect, it } from 'vitest';
import { captureEmf } from '../test/test-emf.js';
import { Metrics, MetricUnit } from './index.js';

const MAX_DOCUMENT_BYTES = 1_000_000;

function newMetrics(): Metrics {
  return new Metrics({ namespace: 'shop', serviceName: 'cart' });
}

/** The raw lines a flush writes, each with its size in bytes (newline included). */
async function writtenLines(metrics: Metrics): Promise<{ text: string; bytes: number }[]> {
  const captured = await captureOutput(() => metrics.publishStoredMetrics());
  return captured.stdoutLines.map((line) => ({
    text: line.text,
    bytes: Buffer.byteLength(`${line.text}\n`),
  }));
}

function definitionNames(document: any): string[] {
  return document._aws.CloudWatchMetrics[0].Metrics.map((metric: { Name: string }) => metric.Name);
}

describe('the count limits', () => {
  it('keeps exactly 100 metrics in one document', async () => {
    const metrics = newMetrics();
    for (let i = 0; i < 100; i++) metrics.addMetric(`metric${i}`, MetricUnit.Count, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(1);
    expect(definitionNames(documents[0])).toHaveLength(100);
  });

  it('keeps exactly 100 metrics with metadata in one document', async () => {
    const metrics = newMetrics();
    metrics.addMetadata('orderId', 'o-1');
    for (let i = 0; i < 100; i++) metrics.addMetric(`metric${i}`, MetricUnit.Count, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(1);
    expect(documents[0].orderId).toBe('o-1');
  });

  it('keeps exactly 100 values of a metric in one document', async () => {
    const metrics = newMetrics();
    for (let i = 0; i < 100; i++) metrics.addMetric('latency', MetricUnit.Milliseconds, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(1);
    expect(documents[0].latency).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('keeps exactly 100 values of a metric with metadata in one document', async () => {
    const metrics = newMetrics();
    metrics.addMetadata('orderId', 'o-1');
    for (let i = 0; i < 100; i++) metrics.addMetric('latency', MetricUnit.Milliseconds, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(1);
    expect(documents[0].latency).toHaveLength(100);
  });

  it('puts the 101st value of one metric and the single values of others in the second round in order', async () => {
    const metrics = newMetrics();
    for (let i = 0; i < 101; i++) metrics.addMetric('latency', MetricUnit.Milliseconds, i);
    metrics.addMetric('items', MetricUnit.Count, 7);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(2);
    expect(definitionNames(documents[0])).toEqual(['latency', 'items']);
    expect(documents[0].items).toBe(7);
    expect(definitionNames(documents[1])).toEqual(['latency']);
    expect(documents[1].latency).toBe(100);
  });
});

describe('the 1,000,000-byte limit', () => {
  /** Metrics whose one document, with `padding` characters of metadata, is `bytes` long. */
  async function metricsOfDocumentBytes(bytes: number, valuesOfFirst = 1): Promise<Metrics> {
    const build = (padding: number): Metrics => {
      const metrics = newMetrics();
      metrics.addMetadata('payload', 'p'.repeat(padding));
      for (let i = 0; i < 100; i++) metrics.addMetric(`${'n'.repeat(1000)}${i}`, MetricUnit.Count, i);
      for (let v = 1; v < valuesOfFirst; v++) metrics.addMetric(`${'n'.repeat(1000)}0`, MetricUnit.Count, v);
      return metrics;
    };
    const probe = 700_000; // one document of about 900,000 bytes
    const [line] = await writtenLines(build(probe));
    return build(probe + bytes - line.bytes);
  }

  it('writes a document of exactly 1,000,000 bytes whole', async () => {
    const metrics = await metricsOfDocumentBytes(MAX_DOCUMENT_BYTES);

    const lines = await writtenLines(metrics);

    expect(lines.map((line) => line.bytes)).toEqual([MAX_DOCUMENT_BYTES]);
  });

  it('writes a document of exactly 1,000,000 bytes whole when a metric has exactly 100 values', async () => {
    const metrics = await metricsOfDocumentBytes(MAX_DOCUMENT_BYTES, 100);

    const lines = await writtenLines(metrics);

    expect(lines.map((line) => line.bytes)).toEqual([MAX_DOCUMENT_BYTES]);
    expect(JSON.parse(lines[0].text)[`${'n'.repeat(1000)}0`]).toHaveLength(100);
  });

  it('splits a document of 1,000,001 bytes into two, each under the limit', async () => {
    const metrics = await metricsOfDocumentBytes(MAX_DOCUMENT_BYTES + 1);

    const lines = await writtenLines(metrics);

    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
  });

  it('fills each document of a split by size up to the limit, no further', async () => {
    const metrics = newMetrics();
    metrics.addMetadata('payload', 'p'.repeat(850_000));
    for (let value = 0; value < 3; value++) {
      for (let i = 0; i < 100; i++) metrics.addMetric(`${'n'.repeat(1000)}${i}`, MetricUnit.Count, value);
    }

    const lines = await writtenLines(metrics);

    for (const line of lines) expect(line.bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    // Each document but the last could not take the next metric: a definition, a member, a comma
    // and its values (`[0,1,2]`) add more than what is left.
    const nextPiece = Buffer.byteLength(
      `{"Name":"${'n'.repeat(1000)}0","Unit":"Count"},"${'n'.repeat(1000)}0":[0,1,2]`,
    );
    for (const line of lines.slice(0, -1)) expect(line.bytes + nextPiece).toBeGreaterThan(MAX_DOCUMENT_BYTES);
  });

  it('splits 100 metrics without metadata whose escaped names take over 1,000,000 bytes', async () => {
    const metrics = newMetrics();
    // A control character is allowed in a metric name and takes 6 bytes in JSON (\u0001).
    const name = (i: number): string => `${'\u0001'.repeat(1021)}${String(i).padStart(3, '0')}`;
    for (let i = 0; i < 100; i++) metrics.addMetric(name(i), MetricUnit.Count, i);

    const lines = await writtenLines(metrics);

    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    const written = lines.flatMap((line) => definitionNames(JSON.parse(line.text)));
    expect(written).toEqual(Array.from({ length: 100 }, (_, i) => name(i)));
  });

  describe('with metrics of one size, so that the bytes can be counted exactly', () => {
    const name = (i: number): string => `${'n'.repeat(997)}${String(i).padStart(3, '0')}`;
    // What one more metric adds to a document: a comma, its definition, its member and its value.
    const piece = Buffer.byteLength(`,{"Name":"${name(0)}","Unit":"Count"},"${name(0)}":1`);

    function metricsWithPayload(padding: number): Metrics {
      const metrics = newMetrics();
      metrics.addMetadata('payload', 'p'.repeat(padding));
      for (let i = 0; i < 100; i++) metrics.addMetric(name(i), MetricUnit.Count, 1);
      return metrics;
    }

    it('keeps in a split document the metric that brings it to one byte under the limit', async () => {
      const probe = await writtenLines(metricsWithPayload(850_000));
      const first = definitionNames(JSON.parse(probe[0].text)).length;
      const padding = 850_000 + (MAX_DOCUMENT_BYTES - 1 - probe[0].bytes - piece);

      const lines = await writtenLines(metricsWithPayload(padding));

      expect(lines[0].bytes).toBe(MAX_DOCUMENT_BYTES - 1);
      expect(definitionNames(JSON.parse(lines[0].text))).toHaveLength(first + 1);
    });

    it('splits when dimensions and metadata take exactly the 900,000 bytes left to them', async () => {
      const probe = await writtenLines(metricsWithPayload(850_000));
      const first = definitionNames(JSON.parse(probe[0].text)).length;
      // A document is its repeated part, then its metrics, the first without its comma.
      const repeated = probe[0].bytes - first * piece + 1;
      const warnings: string[] = [];
      const metrics = new Metrics({
        namespace: 'shop',
        serviceName: 'cart',
        logger: { warn: (m) => warnings.push(m) },
      });
      metrics.addMetadata('payload', 'p'.repeat(850_000 + 900_000 - repeated));
      for (let i = 0; i < 100; i++) metrics.addMetric(name(i), MetricUnit.Count, 1);

      const lines = await writtenLines(metrics);

      expect(warnings).toEqual([]);
      expect(lines.flatMap((line) => definitionNames(JSON.parse(line.text)))).toHaveLength(100);
      for (const line of lines) expect(line.bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    });
  });

  it('warns, naming the metrics, when dimensions and metadata leave no room for metrics in a split', async () => {
    const warnings: string[] = [];
    const metrics = new Metrics({ namespace: 'shop', logger: { warn: (message) => warnings.push(message) } });
    metrics.addMetadata('payload', 'p'.repeat(899_000));
    for (let i = 0; i < 29; i++) metrics.addDimension(`d${i}`, 'v'.repeat(1024));
    for (let i = 0; i < 101; i++) metrics.addMetric(`metric${i}`, MetricUnit.Count, i);

    const lines = await writtenLines(metrics);

    expect(lines).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Metrics "metric0", .* could not be published; what was not yet written is dropped: dimensions and metadata: \d+ bytes leave no room for metrics in an EMF document \(at most 900000 bytes\)$/,
    );
  });
});

describe('what every document of a split repeats', () => {
  it('repeats each dimension set of addDimensions, led by the defaults, when there is no addDimension', async () => {
    const metrics = new Metrics({ namespace: 'shop', defaultDimensions: { service: 'cart', stage: 'prod' } });
    metrics.addDimensions({ tenant: 'acme' });
    metrics.addDimensions({ region: 'eu-west-1', plan: 'pro' });
    for (let i = 0; i < 101; i++) metrics.addMetric(`metric${i}`, MetricUnit.Count, i);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents).toHaveLength(2);
    for (const document of documents) {
      expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([
        ['service', 'stage', 'tenant'],
        ['service', 'stage', 'region', 'plan'],
      ]);
      expect(document).toMatchObject({ service: 'cart', stage: 'prod', tenant: 'acme', region: 'eu-west-1' });
    }
  });

  it('repeats the addDimension set and then each addDimensions set', async () => {
    const metrics = newMetrics();
    metrics.addDimension('region', 'eu-west-1');
    metrics.addDimensions({ tenant: 'acme' });
    metrics.addMetadata('orderId', 'o-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['service', 'region'],
      ['service', 'tenant'],
    ]);
  });

  it('writes a default dimension with the value the invocation gave it, and the metadata beside it', async () => {
    const metrics = new Metrics({ namespace: 'shop', defaultDimensions: { service: 'cart', stage: 'prod' } });
    metrics.addDimension('stage', 'canary');
    metrics.addMetadata('orderId', 'o-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]).toMatchObject({ service: 'cart', stage: 'canary', orderId: 'o-1', items: 1 });
    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage']]);
  });

  it('keeps a default dimension over metadata of the same key', async () => {
    const metrics = new Metrics({
      namespace: 'shop',
      defaultDimensions: { service: 'cart' },
      logger: { warn() {} },
    });
    metrics.addMetadata('service', 'from-metadata');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0].service).toBe('cart');
  });

  it('writes no dimension but the empty set when there are none, with metadata', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    metrics.clearDefaultDimensions();
    metrics.addMetadata('orderId', 'o-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
    expect(documents[0]).toMatchObject({ orderId: 'o-1', items: 1 });
  });
});

describe('documents built past the cache of serialized pieces', () => {
  it('writes every document whole after more distinct metric names than the cache keeps', async () => {
    const metrics = newMetrics();
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 100; i++) metrics.addMetric(`round${round}metric${i}`, MetricUnit.Count, i);
      await captureEmf(() => metrics.publishStoredMetrics());
    }
    metrics.addMetric('afterTheCache', MetricUnit.Count, 1);

    const { documents, stderr } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(stderr).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'afterTheCache', Unit: 'Count' },
    ]);
  });

  it('leads a dimension set with default dimensions set after the dimension was added', async () => {
    const metrics = newMetrics();
    metrics.addDimension('region', 'eu-west-1');
    metrics.setDefaultDimensions({ stage: 'prod' });
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage', 'region']]);
    expect(documents[0]).toMatchObject({ service: 'cart', stage: 'prod', region: 'eu-west-1' });
  });
});

describe('documents with metadata and no default dimensions', () => {
  it('lists the dimensions of the invocation alone when there are no defaults', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    metrics.clearDefaultDimensions();
    metrics.addDimension('region', 'eu-west-1');
    metrics.addDimension('tenant', 'acme');
    metrics.addMetadata('orderId', 'o-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const { documents } = await captureEmf(() => metrics.publishStoredMetrics());

    expect(documents[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['region', 'tenant']]);
  });

  it('writes a key that is both metadata and a dimension once, with the dimension value', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart', logger: { warn() {} } });
    metrics.addMetadata('region', 'from-metadata');
    metrics.addMetadata('service', 'from-metadata-too');
    metrics.addDimension('region', 'eu-west-1');
    metrics.addMetric('items', MetricUnit.Count, 1);

    const [line] = await writtenLines(metrics);

    expect(line.text).not.toContain('from-metadata');
    expect(JSON.parse(line.text)).toMatchObject({ region: 'eu-west-1', service: 'cart' });
  });
});
