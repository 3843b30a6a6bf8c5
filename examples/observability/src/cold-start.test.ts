import { afterAll, beforeAll, expect, it } from 'vitest';
import { HANDLER } from '../start-env.mjs';
import { productEvent, startLocalFunction } from './test-env.js';

// A file of its own: vitest gives each test file a fresh module graph, so the handler's INIT runs
// here anew and its first invocation is the execution environment's cold start.
let fn: Awaited<ReturnType<typeof startLocalFunction>>;

beforeAll(async () => {
  fn = await startLocalFunction();
});

afterAll(async () => {
  await fn.close();
});

it('records the cold start on the first invocation only: the ColdStart metric and annotation', async () => {
  const first = await fn.invoke(productEvent('SKU-1001'));
  const second = await fn.invoke(productEvent('SKU-1001'));

  const coldStarts = (run: typeof first) => run.metrics.filter((document) => 'ColdStart' in document);
  expect(coldStarts(first)).toEqual([
    expect.objectContaining({
      _aws: expect.objectContaining({
        CloudWatchMetrics: [
          {
            Namespace: 'LambkitExamples',
            Dimensions: [['service', 'function_name']],
            Metrics: [{ Name: 'ColdStart', Unit: 'Count' }],
          },
        ],
      }),
      service: 'catalog',
      function_name: 'observability',
      ColdStart: 1,
    }),
  ]);
  expect(coldStarts(second)).toEqual([]);
  const [cold, warm] = await Promise.all([
    fn.subsegment(first.root, `## ${HANDLER}`),
    fn.subsegment(second.root, `## ${HANDLER}`),
  ]);
  expect([cold.annotations?.ColdStart, warm.annotations?.ColdStart]).toEqual([true, false]);
});
