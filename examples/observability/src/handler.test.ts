import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER, PRODUCTS_TABLE } from '../start-env.mjs';
import { productEvent, sampleEvent, startLocalFunction } from './test-env.js';

let fn: Awaited<ReturnType<typeof startLocalFunction>>;

beforeAll(async () => {
  fn = await startLocalFunction();
});

afterAll(async () => {
  await fn.close();
});

const invoke: typeof fn.invoke = (event) => fn.invoke(event);
const subsegment: typeof fn.subsegment = (root, name) => fn.subsegment(root, name);

describe('observability handler', () => {
  it('answers with the product from DynamoDB', async () => {
    const { result } = await invoke(sampleEvent('get-product.json'));

    expect(result?.statusCode).toBe(200);
    expect(JSON.parse(result?.body ?? '')).toEqual({
      sku: 'SKU-1001',
      name: 'Espresso cup',
      priceCents: 1250,
      currency: 'EUR',
    });
  });

  it('traces the handler, the custom subsegment under it, and the DynamoDB call under the custom one', async () => {
    const { root } = await invoke(productEvent('SKU-1002'));

    const [handlerSegment, loadProduct, call] = await Promise.all([
      subsegment(root, `## ${HANDLER}`),
      subsegment(root, '### loadProduct'),
      subsegment(root, 'DynamoDB'),
    ]);
    expect(loadProduct.parent_id).toBe(handlerSegment.id);
    expect(call.parent_id).toBe(loadProduct.id);
    expect(call).toMatchObject({
      namespace: 'aws',
      aws: { operation: 'GetItem', region: 'us-east-1', table_name: PRODUCTS_TABLE },
      http: { response: { status: 200 } },
    });
    expect(call.start_time).toBeGreaterThanOrEqual(loadProduct.start_time);
    expect(call.end_time).toBeLessThanOrEqual(loadProduct.end_time as number);
  });

  it('annotates the handler subsegment with the service and the sku, and the lookup with its outcome', async () => {
    const { root } = await invoke(productEvent('SKU-1002'));

    const [handlerSegment, loadProduct] = await Promise.all([
      subsegment(root, `## ${HANDLER}`),
      subsegment(root, '### loadProduct'),
    ]);
    expect(handlerSegment.annotations).toMatchObject({ Service: 'catalog', sku: 'SKU-1002' });
    expect(loadProduct.annotations).toEqual({ productFound: true });
  });

  it('writes log lines carrying the X-Ray trace id and the API request id as correlation id', async () => {
    const event = productEvent('SKU-1001');

    const { root, logs } = await invoke(event);

    expect(logs).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'product found',
        service: 'catalog',
        xray_trace_id: root,
        correlation_id: event.requestContext.requestId,
        sku: 'SKU-1001',
        priceCents: 1250,
      }),
    ]);
  });

  it('publishes an EMF document with ProductViewed in the LambkitExamples namespace and the sku as metadata', async () => {
    const { metrics } = await invoke(productEvent('SKU-1001'));

    const document = metrics.find((candidate) => 'ProductViewed' in candidate);
    expect(document).toMatchObject({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'LambkitExamples',
            Dimensions: [['service']],
            Metrics: [{ Name: 'ProductViewed', Unit: 'Count' }],
          },
        ],
      },
      service: 'catalog',
      sku: 'SKU-1001',
      ProductViewed: 1,
    });
  });

  it('answers 404 for an unknown product, with a warning, a ProductNotFound metric and the lookup annotated', async () => {
    const { result, root, logs, metrics } = await invoke(sampleEvent('get-product-unknown.json'));

    expect(result?.statusCode).toBe(404);
    expect(logs.map((line) => [line.level, line.message])).toEqual([['WARN', 'product not found']]);
    expect(metrics.find((document) => 'ProductNotFound' in document)?.ProductNotFound).toBe(1);
    expect((await subsegment(root, '### loadProduct')).annotations).toEqual({ productFound: false });
  });

  it('marks a failed DynamoDB call as a fault on its subsegment and on those around it, and lets the error reach Lambda', async () => {
    fn.local.dynamodb.failNext(1, {
      status: 500,
      type: 'InternalServerError',
      message: 'Internal server error',
    });

    const { error, root } = await invoke(productEvent('SKU-1001'));

    const [handlerSegment, loadProduct, call] = await Promise.all([
      subsegment(root, `## ${HANDLER}`),
      subsegment(root, '### loadProduct'),
      subsegment(root, 'DynamoDB'),
    ]);
    expect((error as Error).name).toBe('InternalServerError');
    expect(call).toMatchObject({ fault: true, http: { response: { status: 500 } } });
    expect(call.cause?.exceptions?.[0]).toMatchObject({ type: 'InternalServerError', remote: true });
    expect([loadProduct.fault, handlerSegment.fault]).toEqual([true, true]);
  });
});
