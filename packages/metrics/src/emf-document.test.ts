// The directive cache of emf-document.ts: a document is the same text whether its directive comes
// from the cache or is built, so these tests drive renderDocuments directly and check both the text
// (a cached directive is only reused for the same metrics and dimensions, never with metadata or
// dimension sets) and the cache itself (what it keeps, and that it keeps at most 16).
import { describe, expect, it } from 'vitest';
import { type DimensionEntry, dimensionEntry } from './dimension-entry.js';
import { buildDocumentConfig, type DocumentConfig, renderDocuments } from './emf-document.js';
import { type InvocationMetrics, newInvocationMetrics } from './invocation-metrics.js';
import { type MetricShape, metricShape } from './metric-shape.js';

const shapes = new Map<string, MetricShape>();
const entries = new Map<string, DimensionEntry>();

function entry(name: string, value: string): DimensionEntry {
  return dimensionEntry(entries, name, value) as DimensionEntry;
}

/** A store with one value per metric and `dimensions` added with addDimension. */
function storeOf(metrics: readonly string[], dimensions: Record<string, string> = {}): InvocationMetrics {
  const store = newInvocationMetrics();
  metrics.forEach((name, i) => {
    store.metrics.set(name, { shape: metricShape(shapes, name, 'Count', 60), first: i + 1, rest: undefined });
  });
  for (const [name, value] of Object.entries(dimensions)) {
    store.dimensions.set(name, entry(name, value));
    store.mainKeys.push(name);
  }
  return store;
}

function newConfig(): DocumentConfig {
  return buildDocumentConfig('shop', new Map([['service', entry('service', 'orders')]]));
}

/** The one document of a render, parsed. */
function render(config: DocumentConfig, store: InvocationMetrics): any {
  const documents: string[] = [];
  renderDocuments(config, store, 1_700_000_000_000, (document) => documents.push(document));
  expect(documents).toHaveLength(1);
  return JSON.parse(documents[0] as string);
}

function directiveOf(document: any): unknown {
  return document._aws.CloudWatchMetrics[0];
}

describe('the directive cache', () => {
  it('keeps the directive of a document, keyed by its metric shapes then its dimensions, and reuses it', () => {
    const config = newConfig();
    const first = render(config, storeOf(['a', 'b'], { env: 'prod', region: 'eu' }));

    expect(config.directives).toHaveLength(1);
    expect(config.directives[0]?.key).toEqual([
      metricShape(shapes, 'a', 'Count', 60),
      metricShape(shapes, 'b', 'Count', 60),
      entry('env', 'prod'),
      entry('region', 'eu'),
    ]);
    const again = render(config, storeOf(['a', 'b'], { env: 'prod', region: 'eu' }));
    expect(config.directives).toHaveLength(1);
    expect(again).toEqual(first);
  });

  it('keeps at most 16 directives, and still writes the others', () => {
    const config = newConfig();
    for (let i = 0; i < 20; i++) render(config, storeOf([`metric${i}`]));

    expect(config.directives).toHaveLength(16);
    expect(directiveOf(render(config, storeOf(['metric19'])))).toEqual({
      Namespace: 'shop',
      Dimensions: [['service']],
      Metrics: [{ Name: 'metric19', Unit: 'Count' }],
    });
    render(config, storeOf(['metric0']));
    expect(config.directives).toHaveLength(16);
  });

  it('keeps nothing for a document with metadata or dimension sets', () => {
    const config = newConfig();
    const withMetadata = storeOf(['a']);
    withMetadata.metadata = new Map([['orderId', ',"orderId":"o-1"']]);
    render(config, withMetadata);
    const withSet = storeOf(['a'], { env: 'prod' });
    withSet.sets = [['env']];
    render(config, withSet);

    expect(config.directives).toEqual([]);
  });

  it('does not reuse a directive for fewer metrics, other metrics or another dimension value', () => {
    const config = newConfig();
    render(config, storeOf(['a', 'b'], { env: 'prod' }));

    expect(directiveOf(render(config, storeOf(['a'], { env: 'prod' })))).toMatchObject({
      Metrics: [{ Name: 'a', Unit: 'Count' }],
    });
    expect(render(config, storeOf(['b', 'a'], { env: 'prod' }))._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'b', Unit: 'Count' },
      { Name: 'a', Unit: 'Count' },
    ]);
    expect(render(config, storeOf(['a', 'b'], { env: 'dev' })).env).toBe('dev');
    expect(render(config, storeOf(['a', 'b'], { region: 'eu' })).region).toBe('eu');
    expect(render(config, storeOf(['a', 'b'])).env).toBeUndefined();
  });

  it('does not reuse a directive for an empty store', () => {
    const config = newConfig();
    render(config, storeOf(['a']));

    expect(directiveOf(render(config, storeOf([])))).toMatchObject({ Metrics: [] });
  });

  it('does not reuse a directive for the same metrics and dimensions with metadata or a dimension set', () => {
    const config = newConfig();
    render(config, storeOf(['a'], { env: 'prod' }));
    const withMetadata = storeOf(['a'], { env: 'prod' });
    withMetadata.metadata = new Map([['orderId', ',"orderId":"o-1"']]);
    const withSet = storeOf(['a'], { env: 'prod' });
    withSet.sets = [['env']];

    expect(render(config, withMetadata).orderId).toBe('o-1');
    expect(render(config, withSet)._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['service', 'env'],
      ['service', 'env'],
    ]);
  });
});
