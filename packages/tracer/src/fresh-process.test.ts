import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LambdaRun,
  type OtlpReceiver,
  runLambda,
  startOtlpReceiver,
  startXrayDaemon,
  type XrayDaemon,
} from '@lambkit/local';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTraceHeader, type TraceHeader } from '../test/test-env.js';
import { otelTraceId } from '../test/test-otel-env.js';

// The handler imports @lambkit/tracer through its exports map, so it runs dist/ as users get it:
// turbo builds the package before its tests. Each run is a Lambda process of its own.
const taskRoot = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const HANDLER_SPAN = '## backend-handler.handler';

let daemon: XrayDaemon;
let receiver: OtlpReceiver;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  receiver = await startOtlpReceiver();
});

const bundleDirs: string[] = [];

afterAll(async () => {
  await daemon.close();
  await receiver.close();
  for (const dir of bundleDirs) rmSync(dir, { recursive: true, force: true });
});

function run(env: Record<string, string>, traces: TraceHeader[]): Promise<LambdaRun> {
  return runLambda({
    handler: 'backend-handler.handler',
    taskRoot,
    env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address, ...env },
    invocations: traces.map((trace, n) => ({ event: { orderId: `o-${n}` }, traceHeader: trace.header })),
  });
}

function responses(result: LambdaRun) {
  expect(result.failure).toBeUndefined();
  return result.invocations.map((invocation) => invocation.response);
}

function warnings(result: LambdaRun): string[] {
  return result.lines.filter((line) => line.text.includes('@lambkit/tracer')).map((line) => line.text);
}

describe("backend 'opentelemetry' in a Lambda process of its own", () => {
  it('exports spans over OTLP that join the Lambda trace, and never loads aws-xray-sdk-core', async () => {
    const traces = [newTraceHeader(), newTraceHeader()];

    const result = await run(
      {
        LAMBKIT_TRACER_BACKEND: 'opentelemetry',
        TEST_REGISTER_PROVIDER: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      },
      traces,
    );

    expect(responses(result)).toEqual([
      { orderId: 'o-0', tracing: true, xraySdkLoaded: false, otelApiLoaded: true },
      { orderId: 'o-1', tracing: true, xraySdkLoaded: false, otelApiLoaded: true },
    ]);
    for (const [n, trace] of traces.entries()) {
      const traceId = otelTraceId(trace.root);
      const handlerSpan = await receiver.waitFor((s) => s.traceId === traceId && s.name === HANDLER_SPAN);
      const work = await receiver.waitFor((s) => s.traceId === traceId && s.name === '### work');
      expect(handlerSpan.parentSpanId).toBe(trace.parent);
      expect(handlerSpan.kind).toBe('SERVER');
      expect(handlerSpan.attributes).toMatchObject({
        'faas.coldstart': n === 0,
        'faas.invocation_id': result.invocations[n]?.requestId,
        ColdStart: n === 0,
        Service: 'orders',
      });
      expect(work).toMatchObject({ parentSpanId: handlerSpan.spanId, attributes: { orderId: `o-${n}` } });
    }
    expect(daemon.documents).toEqual([]);
    expect(warnings(result)).toEqual([]);
  });

  it('warns once that no tracer provider is registered and answers every invocation untraced', async () => {
    const result = await run({ LAMBKIT_TRACER_BACKEND: 'opentelemetry' }, [
      newTraceHeader(),
      newTraceHeader(),
    ]);

    expect(
      responses(result).map((response) => (response as { xraySdkLoaded: boolean }).xraySdkLoaded),
    ).toEqual([false, false]);
    expect(warnings(result)).toEqual([
      expect.stringContaining(
        "@lambkit/tracer: backend 'opentelemetry' is chosen but no OpenTelemetry tracer provider is registered; nothing will be traced until one is.",
      ),
    ]);
  });
});

describe("backend 'opentelemetry' from a bundle", () => {
  it('loads the @opentelemetry/api the bundle holds when none is installed, and traces', async () => {
    // Outside the repository: nothing resolves from node_modules, as in a deployed bundle.
    const bundleRoot = mkdtempSync(join(tmpdir(), 'lambkit-tracer-otel-bundle-'));
    bundleDirs.push(bundleRoot);
    await build({
      entryPoints: [join(taskRoot, 'backend-handler.mjs')],
      outfile: join(bundleRoot, 'index.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['@aws-sdk/*'],
      // The OpenTelemetry SDK's CommonJS modules require Node's: the banner docs/tracer.md gives.
      banner: {
        js: "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    const trace = newTraceHeader();

    const result = await runLambda({
      handler: 'index.handler',
      taskRoot: bundleRoot,
      env: {
        LAMBKIT_TRACER_BACKEND: 'opentelemetry',
        TEST_REGISTER_PROVIDER: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      },
      invocations: [{ event: { orderId: 'o-0' }, traceHeader: trace.header }],
    });

    expect(responses(result)).toMatchObject([{ orderId: 'o-0', tracing: true }]);
    expect(warnings(result)).toEqual([]);
    const traceId = otelTraceId(trace.root);
    const handlerSpan = await receiver.waitFor((s) => s.traceId === traceId && s.name === '## index.handler');
    expect(handlerSpan.parentSpanId).toBe(trace.parent);
  });
});

describe('tracing off in a Lambda process of its own', () => {
  it('loads neither aws-xray-sdk-core nor @opentelemetry/api, whichever backend is chosen', async () => {
    for (const backend of ['xray', 'opentelemetry']) {
      const result = await run({ LAMBKIT_TRACER_BACKEND: backend, POWERTOOLS_TRACE_ENABLED: 'false' }, [
        newTraceHeader(),
      ]);

      expect(responses(result)).toEqual([
        { orderId: 'o-0', tracing: false, xraySdkLoaded: false, otelApiLoaded: false },
      ]);
    }
  });
});

describe("backend 'xray' in a Lambda process of its own", () => {
  it('never loads @opentelemetry/api', async () => {
    const trace = newTraceHeader();

    const result = await run({}, [trace]);

    expect(responses(result)).toEqual([
      { orderId: 'o-0', tracing: true, xraySdkLoaded: true, otelApiLoaded: false },
    ]);
    await daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === HANDLER_SPAN);
  });
});
