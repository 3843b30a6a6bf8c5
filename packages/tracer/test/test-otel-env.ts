// Test helpers: a real OpenTelemetry SDK registered as a user (or the ADOT layer) registers it, with
// X-Ray-compatible ids and an in-memory exporter, and the spans it records as trees.
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';

export interface OtelSdk {
  provider: NodeTracerProvider;
  exporter: InMemorySpanExporter;
  /** Every finished span of the trace whose X-Ray Root is `root` (`1-xxxxxxxx-yyyy...`). */
  spansOf(root: string): ReadableSpan[];
  /** The one finished span of that trace named `name`; throws if there is none or more than one. */
  span(root: string, name: string): ReadableSpan;
}

/** The OpenTelemetry trace id of an X-Ray Root: its two hex groups joined. */
export function otelTraceId(root: string): string {
  return root.slice(2).replace('-', '');
}

export function parentSpanId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** Registers a NodeTracerProvider (AsyncLocalStorage context manager) that exports to memory. */
export function registerOtelSdk(): OtelSdk {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    idGenerator: new AWSXRayIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  provider.register();
  function spansOf(root: string): ReadableSpan[] {
    const traceId = otelTraceId(root);
    return exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  }
  return {
    provider,
    exporter,
    spansOf,
    span(root, name) {
      const found = spansOf(root).filter((span) => span.name === name);
      if (found.length !== 1) {
        throw new Error(`expected one span ${JSON.stringify(name)} in ${root}, found ${found.length}`);
      }
      return found[0] as ReadableSpan;
    },
  };
}
