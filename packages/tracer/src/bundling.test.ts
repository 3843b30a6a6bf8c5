import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LambdaRun, runLambda, startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import { type BuildOptions, build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTraceHeader, type TraceHeader } from '../test/test-env.js';

// Bundles resolve @lambkit/tracer through its exports map, so they hold dist/ as users get it:
// turbo builds the package before its tests.
const handlerSource = fileURLToPath(new URL('./__fixtures__/manual-handler.mjs', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
/** The banner docs/tracer.md gives, and the shorter one many projects use. */
const BANNERS = [
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
];

let daemon: XrayDaemon;
const taskRoots: string[] = [];

beforeAll(async () => {
  daemon = await startXrayDaemon();
});

afterAll(async () => {
  await daemon.close();
  for (const taskRoot of taskRoots) rmSync(taskRoot, { recursive: true, force: true });
});

/** Bundles the handler as `sam build` does with esbuild, into a directory standing for /var/task. */
async function bundle(options: BuildOptions & { format: 'esm' | 'cjs' }): Promise<string> {
  const taskRoot = mkdtempSync(join(tmpdir(), 'lambkit-tracer-bundle-'));
  taskRoots.push(taskRoot);
  await build({
    entryPoints: [handlerSource],
    outfile: join(taskRoot, options.format === 'esm' ? 'index.mjs' : 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['@aws-sdk/*'],
    logLevel: 'error',
    ...options,
  });
  return taskRoot;
}

/**
 * The handler unbundled, in the given module format, with @lambkit/tracer installed where a layer
 * puts it (/opt/nodejs/node_modules, on NODE_PATH); aws-xray-sdk-core resolves from the package.
 */
async function install(format: 'esm' | 'cjs'): Promise<{ taskRoot: string; optDir: string }> {
  const taskRoot = await bundle({ format, bundle: false, external: undefined });
  const scope = join(taskRoot, 'opt/nodejs/node_modules/@lambkit');
  mkdirSync(scope, { recursive: true });
  symlinkSync(packageRoot, join(scope, 'tracer'), 'dir');
  return { taskRoot, optDir: join(taskRoot, 'opt') };
}

/** Runs the function as Lambda does, one invocation per trace header (the first is the cold start). */
function invoke(taskRoot: string, traces: TraceHeader[], optDir?: string): Promise<LambdaRun> {
  return runLambda({
    handler: 'index.handler',
    taskRoot,
    optDir,
    env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address, POWERTOOLS_SERVICE_NAME: 'orders' },
    invocations: traces.map((trace, n) => ({ event: { orderId: `o-${n}` }, traceHeader: trace.header })),
  });
}

function tracerWarnings(run: LambdaRun): string[] {
  return run.lines.filter((line) => line.text.includes('@lambkit/tracer')).map((line) => line.text);
}

/** Asserts both invocations sent their hand-made subsegment, each to its own trace. */
async function expectTraced(run: LambdaRun, traces: TraceHeader[]): Promise<void> {
  expect(run.failure).toBeUndefined();
  expect(run.invocations.map((invocation) => invocation.response)).toEqual([
    { orderId: 'o-0', traced: true },
    { orderId: 'o-1', traced: true },
  ]);
  for (const [n, trace] of traces.entries()) {
    const [handler, work] = await Promise.all(
      ['### handler', '### work'].map((name) =>
        daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === name, 5000),
      ),
    );
    expect(handler.parent_id).toBe(trace.parent);
    expect(handler.annotations).toEqual({ orderId: `o-${n}` });
    expect(handler.metadata).toEqual({ orders: { event: { orderId: `o-${n}` } } });
    expect(work.parent_id).toBe(handler.id);
  }
  expect(tracerWarnings(run)).toEqual([]);
}

describe('a handler bundled with @lambkit/tracer and aws-xray-sdk-core inside', () => {
  it('traces from an ES module bundle made without a createRequire banner', async () => {
    const taskRoot = await bundle({ format: 'esm' });
    const traces = [newTraceHeader(), newTraceHeader()];

    const run = await invoke(taskRoot, traces);

    await expectTraced(run, traces);
  });

  it.each(BANNERS)('traces from an ES module bundle made with the banner %s', async (banner) => {
    const taskRoot = await bundle({ format: 'esm', banner: { js: banner }, minify: true });
    const traces = [newTraceHeader(), newTraceHeader()];

    const run = await invoke(taskRoot, traces);

    await expectTraced(run, traces);
  });

  it('traces from a CommonJS bundle', async () => {
    const taskRoot = await bundle({ format: 'cjs' });
    const traces = [newTraceHeader(), newTraceHeader()];

    const run = await invoke(taskRoot, traces);

    await expectTraced(run, traces);
  });
});

describe('a handler importing @lambkit/tracer as installed, with no await of tracer.ready()', () => {
  it('traces from the first invocation as an ES module', async () => {
    const { taskRoot, optDir } = await install('esm');
    const traces = [newTraceHeader(), newTraceHeader()];

    const run = await invoke(taskRoot, traces, optDir);

    await expectTraced(run, traces);
  });

  it('traces from the first invocation as CommonJS', async () => {
    const { taskRoot, optDir } = await install('cjs');
    const traces = [newTraceHeader(), newTraceHeader()];

    const run = await invoke(taskRoot, traces, optDir);

    await expectTraced(run, traces);
  });
});

describe('a bundle that leaves aws-xray-sdk-core out', () => {
  it('warns once that it is not installed, and still answers every invocation', async () => {
    const taskRoot = await bundle({ format: 'esm', external: ['@aws-sdk/*', 'aws-xray-sdk-core'] });

    const run = await invoke(taskRoot, [newTraceHeader(), newTraceHeader()]);

    expect(run.invocations.map((invocation) => invocation.response)).toEqual([
      { orderId: 'o-0', traced: true },
      { orderId: 'o-1', traced: true },
    ]);
    const warnings = tracerWarnings(run);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"package":"@lambkit/tracer","code":"TRACER_XRAY_SDK_UNAVAILABLE"');
    expect(warnings[0]).toMatch(
      /"level":"WARN","message":"@lambkit\/tracer: tracing is on but aws-xray-sdk-core is not installed \(Cannot find (module|package) 'aws-xray-sdk-core'.*\); nothing will be traced\. Install aws-xray-sdk-core 3 next to @lambkit\/tracer/,
    );
  });
});
