import { randomBytes } from 'node:crypto';
import type { OtlpSpan } from '@lambkit/local';
import { createContext } from '@lambkit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HANDLER, type ObservabilityEnvironment, setup } from '../start-env.mjs';
import { productEvent } from './test-env.js';

// The OpenTelemetry variant (a process of its own): handler.ts unchanged, the SDK registered first by
// otel-setup.ts, spans exported over OTLP/HTTP to start-env's local receiver.
let local: ObservabilityEnvironment;
let handler: typeof import('./handler-otel.js').handler;

beforeAll(async () => {
  local = await setup();
  for (const [name, value] of Object.entries(local.env)) vi.stubEnv(name, value);
  vi.stubEnv('_HANDLER', HANDLER);
  ({ handler } = await import('./handler-otel.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await local.close();
});

async function invoke(sku: string) {
  const traceId = `${Math.floor(Date.now() / 1000).toString(16)}${randomBytes(12).toString('hex')}`;
  const parent = randomBytes(8).toString('hex');
  vi.stubEnv(
    '_X_AMZN_TRACE_ID',
    `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${parent};Sampled=1`,
  );
  const result = await handler(productEvent(sku), createContext({ functionName: 'observability' })).catch(
    (error: Error) => error,
  );
  const span = (name: string): Promise<OtlpSpan> =>
    local.otlp.waitFor((s) => s.traceId === traceId && s.name === name);
  return { result, parent, span };
}

describe('observability handler on OpenTelemetry', () => {
  it('exports the handler, the lookup and the DynamoDB call as nested spans in the Lambda trace', async () => {
    const { result, parent, span } = await invoke('SKU-1001');

    const [handlerSpan, loadProduct, call] = await Promise.all([
      span(`## ${HANDLER}`),
      span('### loadProduct'),
      span('DynamoDB.GetItem'),
    ]);
    expect(result).toMatchObject({ statusCode: 200 });
    expect(handlerSpan).toMatchObject({ kind: 'SERVER', parentSpanId: parent });
    expect(handlerSpan.attributes).toMatchObject({
      Service: 'catalog',
      sku: 'SKU-1001',
      'faas.trigger': 'http',
    });
    expect(loadProduct).toMatchObject({
      parentSpanId: handlerSpan.spanId,
      attributes: { productFound: true },
    });
    expect(call).toMatchObject({
      kind: 'CLIENT',
      parentSpanId: loadProduct.spanId,
      attributes: { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'rpc.method': 'GetItem' },
    });
    expect(local.daemon.documents).toEqual([]);
  });

  it('sets an error status on the call and the spans around it when DynamoDB fails', async () => {
    local.dynamodb.failNext(1, { status: 500, type: 'InternalServerError', message: 'boom' });
    const { result, span } = await invoke('SKU-1002');

    const [handlerSpan, call] = await Promise.all([span(`## ${HANDLER}`), span('DynamoDB.GetItem')]);
    expect(result).toMatchObject({ name: 'InternalServerError', message: 'boom' });
    expect(call.status.code).toBe('ERROR');
    expect(handlerSpan.status.code).toBe('ERROR');
  });
});
