// A traced handler run by fresh-process.test.ts through runLambda, each run in a process of its own:
// the response says which tracing modules the process loaded. With TEST_REGISTER_PROVIDER=1 it first
// registers an OpenTelemetry SDK exporting over OTLP/HTTP, as the ADOT layer does before the handler
// module loads, and flushes it at the end of each invocation, as the layer's wrapper does.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let flush = async () => undefined;
if (process.env.TEST_REGISTER_PROVIDER === '1') {
  const { NodeTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { AWSXRayIdGenerator } = await import('@opentelemetry/id-generator-aws-xray');
  const provider = new NodeTracerProvider({
    idGenerator: new AWSXRayIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  flush = () => provider.forceFlush();
}
const { captureLambdaHandler, Tracer } = await import('@lambkit/tracer');
const { default: middy } = await import('@middy/core');

const tracer = new Tracer({ serviceName: 'orders' });

function loaded(name) {
  return Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`));
}

const traced = middy(async (event) =>
  tracer.subsegment('### work', async () => {
    tracer.putAnnotation('orderId', event.orderId);
    return { orderId: event.orderId };
  }),
).use(captureLambdaHandler(tracer));

export async function handler(event, context) {
  try {
    const result = await traced(event, context);
    return {
      ...result,
      tracing: tracer.isTracingEnabled(),
      xraySdkLoaded: loaded('aws-xray-sdk-core'),
      otelApiLoaded: loaded('@opentelemetry/api'),
    };
  } finally {
    await flush();
  }
}
