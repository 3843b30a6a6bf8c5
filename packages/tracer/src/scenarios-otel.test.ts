import { type OtlpReceiver, type OtlpSpan, startOtlpReceiver } from '@lambkit/local';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, useLambdaEnvironment } from '../test/test-env.js';
import { otelTraceId } from '../test/test-otel-env.js';
import { runScenarioSuite, type ScenarioBackend, type TraceTree } from '../test/test-scenarios.js';
import { startHttpServer, startSsmEndpoint } from '../test/test-servers.js';
import { Tracer } from './index.js';

// The shared scenarios through the OpenTelemetry SDK and its OTLP/HTTP exporter to a local receiver:
// the trees are read from what arrived on the wire (a process of its own).
let receiver: OtlpReceiver;
let provider: NodeTracerProvider;
let backend: ScenarioBackend;

/**
 * A span as the X-Ray console shows it once exported (AWS's X-Ray exporter names an AWS call for its
 * service and an HTTP call for its host, and indexes the attributes listed in aws.xray.annotations).
 */
function toTree(span: OtlpSpan, spans: OtlpSpan[]): TraceTree {
  const { attributes } = span;
  const keys = (attributes['aws.xray.annotations'] as string[] | undefined) ?? [];
  const annotations: TraceTree['annotations'] = {};
  for (const key of keys) if (key !== 'ColdStart') annotations[key] = attributes[key] as string;
  const name =
    attributes['rpc.system'] === 'aws-api'
      ? (attributes['rpc.service'] as string)
      : span.kind === 'CLIENT'
        ? (attributes['server.address'] as string)
        : span.name;
  return {
    name,
    annotations,
    error: span.status.code === 'ERROR',
    children: spans
      .filter((child) => child.parentSpanId === span.spanId)
      .map((child) => toTree(child, spans)),
  };
}

beforeAll(async () => {
  useLambdaEnvironment('127.0.0.1:9');
  receiver = await startOtlpReceiver();
  provider = new NodeTracerProvider({
    idGenerator: new AWSXRayIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.tracesUrl }))],
  });
  provider.register();
  backend = {
    tracer: new Tracer({ serviceName: 'orders', backend: 'opentelemetry' }),
    ssmEndpoint: await startSsmEndpoint(),
    httpServer: await startHttpServer(),
    async tree(root, count) {
      const traceId = otelTraceId(root);
      const inTrace = (span: OtlpSpan) => span.traceId === traceId;
      await receiver.waitFor(() => receiver.spans.filter(inTrace).length >= count);
      const spans = receiver.spans.filter(inTrace);
      const handler = spans.find((span) => span.name === HANDLER_SUBSEGMENT) as OtlpSpan;
      return toTree(handler, spans);
    },
  };
});

afterAll(async () => {
  await provider.shutdown();
  await receiver.close();
  await backend.ssmEndpoint.close();
  await backend.httpServer.close();
});

runScenarioSuite('opentelemetry', () => backend);

it("never records the exporter's own requests to the collector, which would feed themselves", () => {
  // Runs after the scenarios above, whose spans were all exported through the receiver.
  const exporterCalls = receiver.spans.filter((span) =>
    String(span.attributes['url.full']).endsWith('/v1/traces'),
  );

  expect(receiver.spans.length).toBeGreaterThan(0);
  expect(exporterCalls).toEqual([]);
});
