// @lambkit/tracer with tracing on, cold: INIT plus the first invocation of a logger + metrics + tracer
// handler under middy, each sample a fresh Lambda process (Lambda's flags and environment, lambkit's
// runtime client against a local Runtime API, subsegments sent over UDP to the local X-Ray daemon
// emulator). aws-xray-sdk-core is installed (npm), not bundled: lambkit from its packed tarballs and
// Powertools from npm in one scratch project outside the monorepo, one @middy/core and one
// aws-xray-sdk-core for both. Rows: lambkit as published (it loads its single-file copy of the SDK in
// the installed one's place, see docs/tracer.md), lambkit made to load the installed SDK's files (its
// single file removed: the behaviour before it existed), Powertools, and the same lambkit handler from
// the layer (node_modules linked to the layer's folder, as layer.bench.mjs does, so no resolve hook is
// counted). Then the load of aws-xray-sdk-core alone, as installed and as the single file.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLambda, startXrayDaemon } from '@lambkit/local';
import { buildLayer } from '../../layer/src/build-layer.mjs';
import { extractZip } from '../../layer/src/zip.mjs';
import { report, scratchProject } from '../lib/harness.mjs';
import { traceHeader } from './tracer-lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const ROUNDS = quick ? 5 : 15;
const work = mkdtempSync(join(tmpdir(), 'lambkit-tracer-init-'));

const LAMBKIT_HANDLER = `import middy from '@middy/core';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import { captureLambdaHandler, Tracer } from '@lambkit/tracer';

const logger = new Logger();
const metrics = new Metrics({ namespace: 'Orders' });
const tracer = new Tracer();

export const handler = middy(async (event) => {
  logger.info('order received', { orderId: event.orderId });
  metrics.addMetric('OrderReceived', MetricUnit.Count, 1);
  return { statusCode: 200 };
})
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(injectLambdaContext(logger));
`;

const POWERTOOLS_HANDLER = `import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

const logger = new Logger();
const metrics = new Metrics({ namespace: 'Orders' });
const tracer = new Tracer();

export const handler = middy(async (event) => {
  logger.info('order received', { orderId: event.orderId });
  metrics.addMetric('OrderReceived', MetricUnit.Count, 1);
  return { statusCode: 200 };
})
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(injectLambdaContext(logger));
`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** A task root holding `index.mjs`, its bare imports resolved from `modules` (linked as node_modules). */
function taskRoot(name, source, modules) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.mjs'), source);
  if (modules !== undefined) symlinkSync(modules, join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * A node_modules where @lambkit/tracer lacks its single-file SDK and every other package is the
 * project's: the tracer then loads the installed aws-xray-sdk-core's files, as before the single
 * file existed.
 */
function modulesWithoutSingleFile(project) {
  // Named node_modules, so the copied tracer resolves @lambkit/core from beside it.
  const modules = join(work, 'installed-sdk', 'node_modules');
  mkdirSync(join(modules, '@lambkit'), { recursive: true });
  for (const entry of ['@middy', '@aws-lambda-powertools', 'aws-xray-sdk-core']) {
    symlinkSync(join(project, 'node_modules', entry), join(modules, entry), 'dir');
  }
  for (const name of ['core', 'logger', 'metrics', 'commons']) {
    symlinkSync(join(project, 'node_modules', '@lambkit', name), join(modules, '@lambkit', name), 'dir');
  }
  const tracer = join(modules, '@lambkit', 'tracer');
  cpSync(join(project, 'node_modules', '@lambkit', 'tracer'), tracer, { recursive: true });
  rmSync(join(tracer, 'dist', 'cjs', 'xray-sdk.js'));
  return modules;
}

async function coldStarts(daemon) {
  const project = await scratchProject([
    '@middy/core',
    'aws-xray-sdk-core',
    '@aws-lambda-powertools/logger',
    '@aws-lambda-powertools/metrics',
    '@aws-lambda-powertools/tracer',
  ]);
  const modules = join(project, 'node_modules');
  const layer = await buildLayer({ outFile: join(work, 'lambkit-layer.zip') });
  const opt = join(work, 'opt');
  extractZip(readFileSync(layer.outFile), opt);
  const rows = [
    {
      name: 'empty handler (no imports)',
      role: 'floor',
      taskRoot: taskRoot('empty', 'export const handler = async () => ({});\n'),
    },
    {
      name: 'lambkit, SDK installed (its single-file copy loaded in its place)',
      role: 'lambkit',
      taskRoot: taskRoot('lambkit', LAMBKIT_HANDLER, modules),
    },
    {
      name: "lambkit, SDK installed, loading the installed SDK's files (before)",
      role: 'other',
      taskRoot: taskRoot('lambkit-installed-sdk', LAMBKIT_HANDLER, modulesWithoutSingleFile(project)),
    },
    {
      name: 'Powertools, SDK installed',
      role: 'anchor',
      taskRoot: taskRoot('powertools', POWERTOOLS_HANDLER, modules),
    },
    {
      name: 'lambkit layer (the SDK is its single file), same handler',
      role: 'lambkit',
      taskRoot: taskRoot('layer', LAMBKIT_HANDLER, join(opt, 'nodejs', 'node_modules')),
      optDir: opt,
      note: `zip ${(layer.zipBytes / 1024).toFixed(0)} KiB`,
    },
  ];
  const env = { POWERTOOLS_SERVICE_NAME: 'orders', AWS_XRAY_DAEMON_ADDRESS: daemon.address };
  const init = rows.map(() => []);
  const cold = rows.map(() => []);
  const roots = rows.map(() => new Set());
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, row] of rows.entries()) {
      const fn = await startLambda({
        handler: 'index.handler',
        taskRoot: row.taskRoot,
        optDir: row.optDir,
        env,
        functionName: 'orders',
        // Every task root links node_modules, so no row needs (or pays for) the NODE_PATH resolve hook.
        esmNodePath: false,
      });
      try {
        const { initDurationMs } = await fn.ready();
        const header = traceHeader(true);
        roots[i].add(header.slice(5, header.indexOf(';')));
        const first = await fn.invoke({ orderId: `o-${round}` }, { traceHeader: header });
        if (first.status !== 'success')
          throw new Error(`${row.name}: the first invocation failed: ${JSON.stringify(first.error)}`);
        init[i].push(initDurationMs);
        cold[i].push(initDurationMs + first.durationMs);
      } finally {
        await fn.close();
      }
    }
  }
  // Every traced row must have sent its subsegments: a row that traced nothing would look cheap.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const [i, row] of rows.entries()) {
    if (row.role === 'floor') continue;
    const sent = daemon.documents.filter((doc) => roots[i].has(doc.trace_id)).length;
    if (sent < ROUNDS)
      throw new Error(`${row.name}: ${sent} documents reached the daemon in ${ROUNDS} invocations`);
  }
  const table = (what, values) => ({
    title: `tracer: ${what}, logger + metrics + tracer handler, tracing on, aws-xray-sdk-core installed (${ROUNDS} rounds, Node ${process.versions.node})`,
    unit: 'ms',
    rows: rows.map((row, i) => ({
      name: row.name,
      role: row.role,
      median: median(values[i]),
      note: row.note,
    })),
  });
  // What each handler adds to a process that loads nothing: each sample less the empty handler's of
  // the same round, so that load on the machine during a round falls on both sides of the difference.
  const floor = rows.findIndex((row) => row.role === 'floor');
  const added = cold.map((samples) => samples.map((ms, round) => ms - cold[floor][round]));
  const addedTable = table('cold start less the empty handler of the same round', added);
  addedTable.rows = addedTable.rows.filter((row) => row.role !== 'floor');
  return {
    project,
    tables: [
      table('cold start, INIT plus the first invocation, wall time', cold),
      addedTable,
      table('INIT alone, wall time', init),
    ],
  };
}

/** Milliseconds to load aws-xray-sdk-core in a fresh process started as Lambda starts Node, as `script` loads it. */
function loadTime(project, script) {
  const result = spawnSync(
    process.execPath,
    ['-e', `const t0 = performance.now(); ${script}; process.stdout.write(String(performance.now() - t0));`],
    {
      cwd: project,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        LAMBDA_TASK_ROOT: project,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      },
    },
  );
  if (result.status !== 0) throw new Error(`loading the SDK failed: ${result.stderr}`);
  return Number(result.stdout);
}

function sdkLoadTimes(project) {
  const single = join(project, 'node_modules', '@lambkit', 'tracer', 'dist', 'cjs', 'xray-sdk.js');
  const entries = [
    {
      name: 'aws-xray-sdk-core as installed, require()',
      role: 'anchor',
      script: "require('aws-xray-sdk-core')",
    },
    {
      name: "the tracer's single file, require() + loadSdk()",
      role: 'lambkit',
      script: `require(${JSON.stringify(single)}).loadSdk()`,
    },
  ];
  const samples = entries.map(() => []);
  for (let round = 0; round < ROUNDS * 2; round++) {
    for (const [i, entry] of entries.entries()) samples[i].push(loadTime(project, entry.script));
  }
  return {
    title: `tracer: loading aws-xray-sdk-core alone in a fresh process, Lambda environment (${ROUNDS * 2} rounds)`,
    unit: 'ms',
    rows: entries.map((entry, i) => ({ name: entry.name, role: entry.role, median: median(samples[i]) })),
  };
}

const daemon = await startXrayDaemon();
try {
  const { project, tables } = await coldStarts(daemon);
  for (const table of tables) report(table);
  report(sdkLoadTimes(project));
} finally {
  await daemon.close();
  rmSync(work, { recursive: true, force: true });
}
