// What the ADOT Lambda layer does before the handler module loads, for the OpenTelemetry variant of
// this function (handler-otel.ts): register the OpenTelemetry SDK with X-Ray-compatible trace ids and
// an OTLP/HTTP exporter (to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: the layer's collector in Lambda, the
// local OTLP receiver of start-env.mjs here). The template of that variant sets
// LAMBKIT_TRACER_BACKEND=opentelemetry; this file sets it for the local run, before the handler's
// `new Tracer()` reads it. The handler's own code does not change.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

process.env.LAMBKIT_TRACER_BACKEND ??= 'opentelemetry';

/** The SDK's tracer provider, registered globally (AsyncLocalStorage context manager included). */
export const provider = new NodeTracerProvider({
  idGenerator: new AWSXRayIdGenerator(),
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
});
provider.register();
