import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.js';

let receiver: OtlpReceiver;
let provider: BasicTracerProvider;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.tracesUrl }))],
  });
});

afterAll(async () => {
  await provider.shutdown();
  await receiver.close();
});

describe('startOtlpReceiver', () => {
  it("decodes what the OpenTelemetry SDK's OTLP/HTTP exporter sends: ids, kind, attributes, events, status", async () => {
    const tracer = provider.getTracer('orders-test');
    const parent = tracer.startSpan('parent', { kind: 1 });
    const child = tracer.startSpan(
      'child',
      { kind: 2, attributes: { orderId: 'o-1', amount: 12.5, count: 3, paid: true, tags: ['a', 'b'] } },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.recordException(new TypeError('bad price'));
    child.setStatus({ code: 2, message: 'bad price' });
    child.end();
    parent.end();

    const received = await receiver.waitFor((span) => span.name === 'child');

    expect(received).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      kind: 'CLIENT',
      attributes: { orderId: 'o-1', amount: 12.5, count: 3, paid: true, tags: ['a', 'b'] },
      status: { code: 'ERROR', message: 'bad price' },
      scope: 'orders-test',
    });
    expect(received.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TypeError' },
    });
    expect(received.endTimeMs).toBeGreaterThanOrEqual(received.startTimeMs);
    expect((await receiver.waitFor((span) => span.name === 'parent')).kind).toBe('SERVER');
  });

  it('refuses what is not an OTLP/JSON trace export, and lists why', async () => {
    const wrongPath = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', body: '{}' });
    const notJson = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: 'x',
    });

    expect([wrongPath.status, notJson.status]).toEqual([404, 415]);
    expect(receiver.rejected).toEqual([
      'POST /v1/metrics: only POST /v1/traces is served',
      'content-type application/x-protobuf: only OTLP/JSON is decoded',
    ]);
  });

  it('times out a wait naming how many spans arrived', async () => {
    receiver.clear();

    await expect(receiver.waitForCount(1, 50)).rejects.toThrow(
      'OTLP receiver: 1 spans not received within 50 ms (0 spans so far)',
    );
  });
});
