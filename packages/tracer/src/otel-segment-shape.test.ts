import { runInInvocation } from '@lambkit/core';
import middy from '@middy/core';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { type OtelSdk, otelTraceId, registerOtelSdk } from '../test/test-otel-env.js';
import { captureLambdaHandler, type SubsegmentLike, Tracer } from './index.js';

// backend 'opentelemetry': the segment objects code written for aws-xray-sdk-core gets from
// tracer.getSegment() are spans, and what that code calls on them lands on the spans.
let sdk: OtelSdk;
let tracer: Tracer;

beforeAll(() => {
  useLambdaEnvironment('127.0.0.1:9');
  sdk = registerOtelSdk();
  tracer = new Tracer({ serviceName: 'orders', backend: 'opentelemetry' });
});

afterAll(async () => {
  await sdk.provider.shutdown();
});

async function invoke(body: () => unknown) {
  const handler = middy(async () => body()).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  await handler({}, context).catch(() => undefined);
  return trace.root;
}

describe('a span seen as an X-Ray subsegment', () => {
  it('turns an http block into HTTP attributes and any other block into an attribute', async () => {
    const root = await invoke(() => {
      const segment = tracer.getSegment() as SubsegmentLike;
      const call = segment.addNewSubsegment('api.example.com');
      call.addAttribute('http', {
        request: { url: 'https://api.example.com/orders', method: 'POST' },
        response: { status: 201, content_length: 12 },
      });
      call.addAttribute('namespace', 'remote');
      call.addAttribute('aws', { operation: 'PutItem' });
      call.addAttribute('http', { response: {} });
      call.close();
    });

    expect(sdk.span(root, 'api.example.com').attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': 'https://api.example.com/orders',
      'http.response.status_code': 201,
      'http.response.body.size': 12,
      namespace: 'remote',
      aws: '{"operation":"PutItem"}',
    });
  });

  it('writes metadata as JSON text, bigints as strings, and a note for what JSON cannot write', async () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;

    const root = await invoke(() => {
      const step = (tracer.getSegment() as SubsegmentLike).addNewSubsegment('### metadata');
      step.addMetadata('big', { count: 10n });
      step.addMetadata('loop', circular, 'orders');
      step.addMetadata('nothing', undefined);
      step.addMetadata('refuses', {
        toJSON() {
          throw 'not today';
        },
      });
      step.addSqlData({ sanitized_query: 'SELECT 1' });
      step.close();
    });

    const { attributes } = sdk.span(root, '### metadata');
    expect(attributes['metadata.default.big']).toBe('{"count":"10"}');
    expect(attributes['metadata.orders.loop']).toMatch(
      /^\[lambkit: metadata not serializable: Converting circular structure to JSON/,
    );
    expect(attributes['metadata.default.nothing']).toBe('undefined');
    expect(attributes['metadata.default.refuses']).toBe('[lambkit: metadata not serializable: not today]');
    expect(attributes.sql).toBe('{"sanitized_query":"SELECT 1"}');
  });

  it('records an error given as text or as an Error, closes once, and says it is closed', async () => {
    let closedAfter: boolean[] = [];
    let json: unknown;
    const root = await invoke(() => {
      const parent = tracer.getSegment() as SubsegmentLike;
      const byText = parent.addNewSubsegment('### text');
      byText.close('out of stock');
      const byError = parent.addNewSubsegment('### error');
      json = JSON.parse(byError.format());
      byError.addErrorFlag();
      byError.addFaultFlag();
      byError.addThrottleFlag();
      closedAfter = [byError.isClosed()];
      byError.close(new RangeError('quantity'));
      byError.close(new Error('ignored: already closed'));
      closedAfter.push(byError.isClosed());
    });

    expect(sdk.span(root, '### text').status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'out of stock',
    });
    const byError = sdk.span(root, '### error');
    expect(byError.status).toEqual({ code: SpanStatusCode.ERROR, message: 'quantity' });
    expect(byError.events.map((event) => event.attributes?.['exception.message'])).toEqual(['quantity']);
    expect(closedAfter).toEqual([false, true]);
    expect(json).toMatchObject({ name: '### error', trace_id: root, id: byError.spanContext().spanId });
  });

  it('removes a child it was given back, and names itself in text', async () => {
    let names: string[] = [];
    const root = await invoke(() => {
      const parent = tracer.getSegment() as SubsegmentLike;
      const child = parent.addNewSubsegmentWithoutSampling('### dropped');
      parent.removeSubsegment(child);
      parent.removeSubsegment(child);
      names = [String(parent).includes(HANDLER_SUBSEGMENT) ? 'handler' : String(parent)];
      child.close();
    });

    expect(names).toEqual(['handler']);
    expect(sdk.span(root, '### dropped').spanContext().traceId).toBe(otelTraceId(root));
  });

  it('shows the invocation root, outside the handler span, as an open segment named for the handler', async () => {
    const { trace: header } = startInvocation();

    const seen = await runInInvocation(() => {
      const root = tracer.getSegment() as SubsegmentLike;
      // Nothing to remove yet: a no-op.
      root.removeSubsegment(root);
      const child = root.addNewSubsegment('### under the root');
      const streamed = child.streamSubsegments();
      child.close();
      return { closed: root.isClosed(), format: root.format(), text: String(root), streamed };
    });

    expect(seen).toEqual({
      closed: false,
      format: expect.any(String),
      text: seen.format,
      streamed: undefined,
    });
    expect(sdk.span(header.root, '### under the root').parentSpanContext?.spanId).toBe(header.parent);
  });
});
