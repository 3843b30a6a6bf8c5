import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertValidEmf } from '../test/test-emf.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

describe('dual package', () => {
  // Needs the build: turbo runs the package's build before its tests.
  it('publishes the same documents from the ES module and the CommonJS builds, subpath included', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(packageRoot)});
      const esm = await import('@lambkit/metrics');
      const esmMiddleware = await import('@lambkit/metrics/middleware');
      const cjs = require('@lambkit/metrics');
      const cjsMiddleware = require('@lambkit/metrics/middleware');
      if (esmMiddleware.logMetrics !== esm.logMetrics) throw new Error('ESM subpath differs');
      if (cjsMiddleware.logMetrics !== cjs.logMetrics) throw new Error('CommonJS subpath differs');
      for (const { Metrics, MetricUnit } of [esm, cjs]) {
        const metrics = new Metrics({ namespace: 'shop', serviceName: 'cart' });
        metrics.addDimension('region', 'eu-west-1');
        metrics.addMetric('orders', MetricUnit.Count, 2);
        metrics.publishStoredMetrics();
      }
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageRoot,
      encoding: 'utf8',
    });

    const documents = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toHaveLength(2);
    for (const document of documents) assertValidEmf(document);
    expect(documents[1]).toEqual({
      ...documents[0],
      _aws: { ...documents[0]._aws, Timestamp: documents[1]._aws.Timestamp },
    });
    expect(documents[0]).toMatchObject({ service: 'cart', region: 'eu-west-1', orders: 2 });
  });
});
