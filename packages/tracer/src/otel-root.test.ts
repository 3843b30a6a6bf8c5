import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { context as otelContext, type SpanContext, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HANDLER_SUBSEGMENT,
  newTraceHeader,
  startInvocation,
  useLambdaEnvironment,
} from '../test/test-env.js';
import { type OtelSdk, otelTraceId, registerOtelSdk } from '../test/test-otel-env.js';
import { captureLambdaHandler, Tracer } from './index.js';
import { spanContextOfTraceHeader } from './otel-loader.js';

// backend 'opentelemetry' in a process where no tracer provider is registered at first, and the span
// context an X-Ray trace header stands for.
useLambdaEnvironment('127.0.0.1:9');
const tracer = new Tracer({ serviceName: 'orders', backend: 'opentelemetry' });
const handler = middy(async () => ({ ok: true })).use(captureLambdaHandler(tracer));
let sdk: OtelSdk | undefined;

afterAll(async () => {
  await sdk?.provider.shutdown();
});

describe('spanContextOfTraceHeader', () => {
  it('gives the remote span context of a header, lower-cased, sampled or not', () => {
    expect(
      spanContextOfTraceHeader('Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=1'),
    ).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      traceFlags: 1,
      isRemote: true,
    });
    expect(
      spanContextOfTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0')
        ?.traceFlags,
    ).toBe(0);
  });

  it.each([
    ['no Parent', 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1'],
    ['a Parent that is not 16 hex digits', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz;Sampled=1'],
    ['no Root', 'Parent=53995c3f42cd8ad8;Sampled=1'],
    ['an all-zero trace id', 'Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8'],
    ['an all-zero parent', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000'],
  ])('gives nothing for a header with %s', (_, header) => {
    expect(spanContextOfTraceHeader(header)).toBeUndefined();
  });
});

describe("backend 'opentelemetry' before a tracer provider is registered", () => {
  it('answers untraced and warns once, then traces once a provider is registered', async () => {
    const { stderr } = await captureOutput(async () => {
      await handler({}, startInvocation().context);
      await handler({}, startInvocation().context);
    });

    expect(
      stderr.map((line: { message?: string } | string) => (typeof line === 'string' ? line : line.message)),
    ).toEqual([
      expect.stringContaining(
        'no OpenTelemetry tracer provider is registered; nothing will be traced until one is',
      ),
    ]);

    sdk = registerOtelSdk();
    const { trace: header, context } = startInvocation();
    await handler({}, context);

    expect(sdk.span(header.root, HANDLER_SUBSEGMENT).spanContext().traceId).toBe(otelTraceId(header.root));
  });

  it('joins the span active when the invocation starts, when it belongs to the same trace', async () => {
    const provider = sdk as OtelSdk;
    const header = newTraceHeader();
    const parent = spanContextOfTraceHeader(header.header);
    const outer = provider.provider
      .getTracer('test')
      .startSpan('outer', {}, trace.setSpanContext(otelContext.active(), parent as SpanContext));
    const { context } = startInvocation();
    process.env._X_AMZN_TRACE_ID = header.header;

    await otelContext.with(trace.setSpan(otelContext.active(), outer), () => handler({}, context));
    outer.end();

    const span = provider.span(header.root, HANDLER_SUBSEGMENT);
    expect(span.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
  });

  it('starts from the trace header, not from an active span of another trace', async () => {
    const provider = sdk as OtelSdk;
    const other = provider.provider.getTracer('test').startSpan('other trace');
    const { trace: header, context } = startInvocation();

    await otelContext.with(trace.setSpan(otelContext.active(), other), () => handler({}, context));
    other.end();

    const span = provider.span(header.root, HANDLER_SUBSEGMENT);
    expect(span.parentSpanContext?.spanId).toBe(header.parent);
  });

  it('leaves an invocation without a trace header and without an active span untraced', async () => {
    const provider = sdk as OtelSdk;
    const { context } = startInvocation();
    delete process.env._X_AMZN_TRACE_ID;
    const before = provider.exporter.getFinishedSpans().length;

    const response = await handler({}, context);

    expect(response).toEqual({ ok: true });
    expect(provider.exporter.getFinishedSpans().length).toBe(before);
  });
});
