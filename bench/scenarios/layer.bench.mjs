// The lambkit layer: INIT time of the layer end-to-end test's handler (@lambkit/logger, metrics,
// tracer, parameters and batch under middy) loaded from the layer, the same handler bundled with
// esbuild, and the same handler on Powertools installed layer-style, each in a fresh Node process
// started as Lambda starts it (Lambda's flags, environment and NODE_PATH, lambkit's runtime client
// against a local Runtime API); INIT ends when the runtime asks for its first invocation.
// Lambda resolves an ES module handler's bare imports from the layer's NODE_PATH itself; plain Node
// does not, and the stand-in for that (a resolve hook registered with module.register, which on
// Node 20 and 22 starts a loader thread: ~37 ms) is no cost of the handler's. So the layer rows link
// node_modules in the task root to the layer's folder instead, and one row more runs with the hook,
// to report its cost apart.
// Then the import time of each package from the unzipped layer: as built; as shipped (the main
// entry's chunks joined into one file, imports between @lambkit packages relative paths, and the
// CommonJS build that ES module code converted: layer/src/prepare-code.mjs); and minified
// (`node layer/build.mjs --minify`).
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaNodeFlags, startAwsEndpoint, startLambda, startParametersExtension } from '@lambkit/local';
import { createSqsEvent } from '@lambkit/testing';
import { build } from 'esbuild';
import { buildLayer, layerPackages, stageDependencies, stageLayer } from '../../layer/src/build-layer.mjs';
import { extractZip } from '../../layer/src/zip.mjs';
import { repoRoot, report } from '../lib/harness.mjs';

const quick = process.env.BENCH_QUICK === '1';
const INIT_ROUNDS = quick ? 5 : 21;
const IMPORT_ROUNDS = quick ? 3 : 11;
const fixtures = join(repoRoot, 'layer', 'test', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'lambkit-layer-bench-'));

const POWERTOOLS_HANDLER = `import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';

const logger = new Logger();
const metrics = new Metrics({ namespace: 'Orders' });
const tracer = new Tracer();
const processor = new BatchProcessor(EventType.SQS);

async function processOrder(record) {
  const order = JSON.parse(record.body);
  if (!(order.quantity > 0)) throw new RangeError('quantity must be positive');
  metrics.addMetric('OrderProcessed', MetricUnit.Count, 1);
  logger.info('order processed', { orderId: order.id });
}

async function processOrders(event, context) {
  logger.appendKeys({ table: await getParameter('/orders/table-name') });
  return processPartialResponse(event, processOrder, processor, { context });
}

export const handler = middy(processOrders)
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(injectLambdaContext(logger));
`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function taskRoot(files) {
  const dir = mkdtempSync(join(work, 'task-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function directorySize(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? directorySize(path) : statSync(path).size;
  }
  return bytes;
}

async function unusedUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

/** The lambkit layer as `npm run layer` builds it, unzipped into an /opt stand-in. */
async function lambkitOpt() {
  const layer = await buildLayer({ outFile: join(work, 'lambkit-layer.zip') });
  const opt = join(work, 'opt-lambkit');
  extractZip(readFileSync(layer.outFile), opt);
  return { opt, note: `zip ${(layer.zipBytes / 1024).toFixed(0)} KiB` };
}

/** Powertools as its layer ships it: every @aws-lambda-powertools package and its dependencies. */
function powertoolsOpt() {
  const opt = join(work, 'opt-powertools');
  const modules = join(opt, 'nodejs', 'node_modules');
  mkdirSync(modules, { recursive: true });
  const names = readdirSync(join(repoRoot, 'node_modules', '@aws-lambda-powertools')).map(
    (name) => `@aws-lambda-powertools/${name}`,
  );
  stageDependencies(
    [...names, '@middy/core'].map((name) => ({ name, fromDir: join(repoRoot, 'bench') })),
    modules,
  );
  const note = `${(directorySize(opt) / 1024 / 1024).toFixed(1)} MiB unzipped`;
  // Powertools' parameters imports @aws-sdk/client-ssm, which Lambda finds in /var/runtime/node_modules
  // through NODE_PATH. Without the resolve hook an ES module finds it only in a node_modules above the
  // importing file: a link next to nodejs/ stands for the runtime's copy (not counted in the size).
  symlinkSync(join(repoRoot, 'node_modules'), join(opt, 'node_modules'), 'dir');
  return { opt, note };
}

/** The e2e handler bundled with esbuild into the task root: what a function that bundles ships. */
async function bundledTaskRoot() {
  const dir = mkdtempSync(join(work, 'task-bundled-'));
  const result = await build({
    entryPoints: [join(fixtures, 'orders-handler.mjs')],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    metafile: true,
    logLevel: 'error',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { dir, note: `bundle ${(bytes / 1024).toFixed(0)} KiB` };
}

async function initTimes() {
  const daemon = `127.0.0.1:${await unusedUdpPort()}`;
  // lambkit reads the parameter through the Parameters and Secrets extension; Powertools through the
  // SDK, here pointed at a local SSM endpoint (AWS_ENDPOINT_URL_SSM).
  const extension = await startParametersExtension({ parameters: { [TABLE]: 'orders-prod' } });
  const ssm = await startAwsEndpoint({ parameters: { [TABLE]: 'orders-prod' } });
  const env = {
    POWERTOOLS_SERVICE_NAME: 'orders',
    AWS_XRAY_DAEMON_ADDRESS: daemon,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    ...extension.env,
  };
  try {
    return await measureColdStarts(env);
  } finally {
    await extension.close();
    await ssm.close();
  }
}

const TABLE = '/orders/table-name';

/** Two orders in one SQS batch, as the event source mapping delivers them. */
function ordersEvent() {
  return createSqsEvent({
    bodies: [JSON.stringify({ id: 'o-1', quantity: 2 }), JSON.stringify({ id: 'o-2', quantity: 1 })],
  });
}

async function measureColdStarts(env) {
  // /var/runtime/node_modules: the AWS SDK the Lambda runtime provides (Powertools' parameters loads it).
  const runtimeModules = join(repoRoot, 'node_modules');
  const lambkit = await lambkitOpt();
  const powertools = powertoolsOpt();
  const bundled = await bundledTaskRoot();
  const esmTask = taskRoot({});
  copyFileSync(join(fixtures, 'orders-handler.mjs'), join(esmTask, 'index.mjs'));
  const esmHookTask = taskRoot({});
  copyFileSync(join(fixtures, 'orders-handler.mjs'), join(esmHookTask, 'index.mjs'));
  const powertoolsTask = taskRoot({ 'index.mjs': POWERTOOLS_HANDLER });
  // What the NODE_PATH resolve hook would find, without the hook: node_modules next to the handler.
  for (const [task, opt] of [
    [esmTask, lambkit.opt],
    [powertoolsTask, powertools.opt],
  ])
    symlinkSync(join(opt, 'nodejs', 'node_modules'), join(task, 'node_modules'), 'dir');
  const cjsTask = taskRoot({});
  copyFileSync(join(fixtures, 'orders-handler.cjs'), join(cjsTask, 'index.js'));
  const rows = [
    {
      name: 'empty handler (no imports)',
      role: 'floor',
      taskRoot: taskRoot({ 'index.mjs': 'export const handler = async () => ({});\n' }),
    },
    {
      name: 'lambkit layer, ES module handler',
      role: 'lambkit',
      taskRoot: esmTask,
      optDir: lambkit.opt,
      note: lambkit.note,
    },
    {
      name: 'lambkit layer, ES module handler, NODE_PATH resolve hook (module.register) included',
      role: 'other',
      taskRoot: esmHookTask,
      optDir: lambkit.opt,
      hook: true,
      note: lambkit.note,
    },
    {
      name: 'lambkit layer, CommonJS handler',
      role: 'lambkit',
      taskRoot: cjsTask,
      optDir: lambkit.opt,
      note: lambkit.note,
    },
    {
      name: 'lambkit bundled with esbuild (no layer)',
      role: 'lambkit',
      taskRoot: bundled.dir,
      note: bundled.note,
    },
    {
      name: 'Powertools layer-style, ES module handler',
      role: 'anchor',
      taskRoot: powertoolsTask,
      optDir: powertools.opt,
      note: powertools.note,
    },
  ];
  const samples = rows.map(() => []);
  const cpuSamples = rows.map(() => []);
  const coldSamples = rows.map(() => []);
  for (let round = 0; round < INIT_ROUNDS; round++) {
    for (const [i, row] of rows.entries()) {
      const fn = await startLambda({
        handler: 'index.handler',
        taskRoot: row.taskRoot,
        optDir: row.optDir,
        env,
        runtimeModules,
        functionName: 'orders',
        esmNodePath: row.hook === true,
      });
      try {
        const { initDurationMs } = await fn.ready();
        samples[i].push(initDurationMs);
        cpuSamples[i].push(cpuMs(fn.pid));
        const first = await fn.invoke(ordersEvent());
        if (first.status !== 'success') {
          throw new Error(`${row.name}: the first invocation failed: ${JSON.stringify(first.error)}`);
        }
        coldSamples[i].push(initDurationMs + first.durationMs);
      } finally {
        await fn.close();
      }
    }
  }
  const table = (what, values) => ({
    title: `layer: INIT of the e2e handler, ${what} (${INIT_ROUNDS} rounds, Node ${process.versions.node})`,
    unit: 'ms',
    rows: rows.map((row, i) => ({
      name: row.name,
      role: row.role,
      median: median(values[i]),
      note: row.note,
    })),
  });
  return [
    table('wall time from spawn to the first request for an invocation', samples),
    table('CPU time of the process by then (user + system, 10 ms ticks)', cpuSamples),
    table('cold start: INIT plus the first invocation (a 2-record SQS batch), wall time', coldSamples),
  ];
}

/** CPU time (user + system, all threads) a running process has used so far, from /proc. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the stat line, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Wall and CPU milliseconds of loading `spec` in a fresh process (Lambda's flags, NODE_PATH). */
function loadTime(kind, modules, spec) {
  const flags = lambdaNodeFlags(Number(process.versions.node.split('.')[0]));
  const script =
    kind === 'cjs'
      ? `const t0 = performance.now(); const c0 = process.cpuUsage(); require(${JSON.stringify(spec)}); ${REPORT}`
      : `const { createRequire } = await import('node:module'); const target = createRequire(${JSON.stringify(`${modules}/`)}).resolve(${JSON.stringify(spec)}).replace('/dist/cjs/', '/dist/esm/'); const t0 = performance.now(); const c0 = process.cpuUsage(); await import(target); ${REPORT}`;
  const args = kind === 'cjs' ? [...flags, '-e', script] : [...flags, '--input-type=module', '-e', script];
  const result = spawnSync(process.execPath, args, {
    cwd: work,
    env: { PATH: process.env.PATH, NODE_PATH: modules },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`loading ${spec} (${kind}) failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const REPORT =
  // Both readings are taken before process.stdout is touched: its first use sets up the stream.
  'const wall = performance.now() - t0; const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));';

async function stage(prepare, minify) {
  const stagingDir = mkdtempSync(join(work, 'stage-'));
  await stageLayer({ stagingDir, prepare, minify });
  return join(stagingDir, 'nodejs', 'node_modules');
}

async function packageImportTimes() {
  const asBuilt = await stage(false, false);
  const joined = await stage(true, false);
  const minified = await stage(true, true);
  const variantsByKind = {
    cjs: [
      { name: 'as built (tsc, a file per module)', role: 'other', modules: asBuilt },
      { name: 'the ES module build as shipped, converted (shipped)', role: 'lambkit', modules: joined },
      { name: 'joined + minified (--minify)', role: 'other', modules: minified },
    ],
    esm: [
      { name: 'as built, joined per entry', role: 'other', modules: asBuilt },
      {
        name: "main entry's chunks joined, imports between packages relative (shipped)",
        role: 'lambkit',
        modules: joined,
      },
      { name: 'joined + minified (--minify)', role: 'other', modules: minified },
    ],
  };
  const specs = layerPackages().map(({ manifest }) => manifest.name);
  const tables = [];
  for (const [kind, variants] of Object.entries(variantsByKind)) {
    const samples = new Map();
    for (let round = 0; round < IMPORT_ROUNDS; round++) {
      for (const spec of specs) {
        for (const variant of variants) {
          const key = `${spec} ${variant.name}`;
          if (!samples.has(key)) samples.set(key, []);
          samples.get(key).push(loadTime(kind, variant.modules, spec));
        }
      }
    }
    const rows = [];
    for (const spec of specs) {
      for (const variant of variants) {
        const size = directorySize(join(variant.modules, spec, 'dist', kind));
        const measured = samples.get(`${spec} ${variant.name}`);
        const cpu = median(measured.map((sample) => sample.cpu));
        rows.push({
          name: `${spec}, ${variant.name}`,
          role: variant.role,
          median: median(measured.map((sample) => sample.wall)),
          note: `CPU ${cpu.toFixed(2)} ms; ${(size / 1024).toFixed(1)} KiB`,
        });
      }
    }
    tables.push({
      title: `layer: ${kind === 'cjs' ? 'require()' : 'import()'} of each package from the unzipped layer (${IMPORT_ROUNDS} rounds, fresh process each)`,
      unit: 'ms',
      rows,
    });
  }
  return tables;
}

try {
  for (const table of await initTimes()) report(table);
  for (const table of await packageImportTimes()) report(table);
} finally {
  rmSync(work, { recursive: true, force: true });
}
