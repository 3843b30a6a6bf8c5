import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { type OtelSdk, otelTraceId, parentSpanId, registerOtelSdk } from '../test/test-otel-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// Backend 'opentelemetry' with @opentelemetry/api only in the bundle: require() does not find it,
// and the bundle's import() hands it over as a bundler's CommonJS interop does, every export under
// `default`.
vi.mock('node:module', async (importOriginal) => {
  const { withHiddenModules } = await import('../test/test-bundle.js');
  return withHiddenModules(await importOriginal(), (id) => id === '@opentelemetry/api');
});
// ROOT_CONTEXT is listed (undefined) only because a vitest mock throws on reading a key it lacks.
vi.mock('@opentelemetry/api', async (importOriginal) => ({
  default: await importOriginal(),
  ROOT_CONTEXT: undefined,
}));

let sdk: OtelSdk;

beforeAll(() => {
  useLambdaEnvironment('127.0.0.1:9');
  sdk = registerOtelSdk();
});

afterAll(async () => {
  await sdk.provider.shutdown();
});

describe("backend 'opentelemetry' with the API a bundle holds", () => {
  it('loads it through import() and records the invocation span and its subsegments', async () => {
    const tracer = new Tracer({ serviceName: 'orders', backend: 'opentelemetry' });
    expect(await tracer.ready()).toBe(true);

    const handler = middy(async () => tracer.subsegment('### work', () => 'done')).use(
      captureLambdaHandler(tracer),
    );
    const { trace, context } = startInvocation();
    expect(await handler({}, context)).toBe('done');

    const span = sdk.span(trace.root, HANDLER_SUBSEGMENT);
    expect(span.spanContext().traceId).toBe(otelTraceId(trace.root));
    expect(parentSpanId(span)).toBe(trace.parent);
    expect(parentSpanId(sdk.span(trace.root, '### work'))).toBe(span.spanContext().spanId);
  });
});
