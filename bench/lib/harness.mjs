// The bench harness: measures tasks side by side in one process, round-robin so that machine noise
// falls on every task alike, and reports medians and ratios to the floor and to the anchor.
// Each sample times a batch of calls (calibrated to ~2 ms) so timer resolution does not distort
// sub-microsecond operations.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(benchRoot, '..');

const quick = process.env.BENCH_QUICK === '1';
const SAMPLES = quick ? 7 : 31;
const TARGET_NS = quick ? 1e6 : 2e6;
const WARM_NS = quick ? 3e7 : 2e8;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeBatch(fn, n, isAsync) {
  const start = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start);
}

/**
 * Runs fn until the JIT has settled: at least 200 calls and WARM_NS of time. A fixed small count
 * left middy-sized tasks in the interpreter and their first samples inflated.
 */
async function warmUp(fn, isAsync) {
  const until = process.hrtime.bigint() + BigInt(WARM_NS);
  for (let calls = 0; calls < 200 || process.hrtime.bigint() < until; calls++) {
    if (isAsync) await fn();
    else fn();
  }
}

async function calibrate(fn, isAsync) {
  let n = 1;
  for (;;) {
    const ns = await timeBatch(fn, n, isAsync);
    if (ns >= TARGET_NS / 4 || n >= 1 << 24)
      return Math.max(1, Math.round((n * TARGET_NS) / Math.max(ns, 1)));
    n *= 4;
  }
}

// Ids and trace headers are drawn ahead (randomUUID and randomBytes cost ~0.3-1 us each, which
// would fall on every row alike but blur the ratios); 4096 of them, so no two calls in a row share one.
const POOL = 4096;
const requestIds = Array.from({ length: POOL }, () => randomUUID());
const traceHeaders = Array.from({ length: POOL }, () => {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
});
let nextId = 0;

/**
 * Starts one warm invocation as the Lambda runtime does: a new _X_AMZN_TRACE_ID and a new context
 * object with a new request id, shaped as the Node.js runtime interface client builds it. Every
 * warm scenario calls it for every invocation of every row: with one request id for all calls,
 * whatever a library caches per invocation is built once and the figures hold nowhere but here.
 *
 * @example
 * .lambkit('handler', () => handler(event, nextInvocation()), { async: true })
 */
export function nextInvocation(functionName = 'hello') {
  const i = nextId++ & (POOL - 1);
  process.env._X_AMZN_TRACE_ID = traceHeaders[i];
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionVersion: '$LATEST',
    functionName,
    memoryLimitInMB: '1024',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    awsRequestId: requestIds[i],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

/**
 * One comparison group. Tasks have a role: 'floor' (what the operation cannot beat), 'anchor' (the
 * competitor we are compared to, Powertools), 'lambkit', or 'other'.
 */
export class Group {
  constructor(title) {
    this.title = title;
    this.tasks = [];
  }
  floor(name, fn, options) {
    return this.#add('floor', name, fn, options);
  }
  anchor(name, fn, options) {
    return this.#add('anchor', name, fn, options);
  }
  lambkit(name, fn, options) {
    return this.#add('lambkit', name, fn, options);
  }
  other(name, fn, options) {
    return this.#add('other', name, fn, options);
  }
  #add(role, name, fn, options = {}) {
    this.tasks.push({ role, name, fn, async: options.async ?? false });
    return this;
  }
  async run() {
    for (const task of this.tasks) {
      await warmUp(task.fn, task.async);
      task.n = await calibrate(task.fn, task.async);
      task.samples = [];
    }
    for (let s = 0; s < SAMPLES; s++) {
      for (const task of this.tasks)
        task.samples.push((await timeBatch(task.fn, task.n, task.async)) / task.n);
    }
    return {
      title: this.title,
      unit: 'ns/op',
      rows: this.tasks.map((task) => ({ name: task.name, role: task.role, median: median(task.samples) })),
    };
  }
}

/**
 * Times `import()` of each module in a fresh Node process, `runs` times, and reports the median
 * milliseconds. `env` is merged into the child's environment.
 */
export function importTimes(title, entries, { runs = quick ? 5 : 15, env = {} } = {}) {
  const rows = [];
  for (const entry of entries) {
    const samples = [];
    for (let r = 0; r < runs; r++)
      samples.push(timeImport(entry.specifier, entry.cwd ?? importCwd, { ...env, ...entry.env }));
    rows.push({ name: entry.name, role: entry.role, median: median(samples) });
  }
  return { title, unit: 'ms', rows };
}

/** Where import timings run: bare specifiers resolve from here (fixtures/node_modules, then bench's, then the root's). */
const importCwd = join(benchRoot, 'fixtures');

/** An empty package: the floor of any package import (package.json lookup, exports, one module). */
export const EMPTY_PACKAGE = '@lambkit-bench/empty';

function timeImport(specifier, cwd, env) {
  // The first dynamic import pays for starting Node's ES module loader, and the first bare specifier
  // for its package resolution machinery (together ~3-8 ms here), whatever is loaded. Importing an
  // empty module and an empty package first keeps those one-time costs out of every figure.
  // The elapsed time is read before process.stdout is touched: its first use sets up the stream
  // (~2-3 ms here), which would otherwise be counted in every figure.
  const empty = join(benchRoot, 'fixtures', 'empty.mjs');
  const script = `await import(${JSON.stringify(empty)}); await import('@lambkit-bench/warmup'); const t0 = performance.now(); await import(${JSON.stringify(specifier)}); const ms = performance.now() - t0; process.stdout.write(String(ms));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`import of ${specifier} failed: ${result.stderr}`);
  return Number(result.stdout);
}

/**
 * Bundles each entry source with esbuild (platform node, ESM, minified, @aws-sdk/* external as in the
 * Lambda runtime), then times importing the bundle in a fresh process. Rows also carry the bundle size.
 */
export async function bundleImportTimes(title, entries, options = {}) {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'lambkit-bench-'));
  // Bare specifiers resolve from `options.project` (a scratch project with the packed tarballs, see
  // scratchProject) when given, else from bench/ (the workspace links).
  const sourceDir = options.project ?? benchRoot;
  try {
    const files = [];
    for (const [i, entry] of entries.entries()) {
      const source = join(sourceDir, `.bundle-${process.pid}-${i}.mjs`);
      writeFileSync(source, entry.source);
      const outfile = join(dir, `bundle-${i}.mjs`);
      try {
        const result = await build({
          entryPoints: [source],
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          minify: true,
          outfile,
          metafile: true,
          external: ['@aws-sdk/*'],
          banner: {
            js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
          },
          logLevel: 'error',
        });
        files.push({ ...entry, specifier: outfile, bytes: Object.values(result.metafile.outputs)[0].bytes });
      } finally {
        rmSync(source, { force: true });
      }
    }
    const result = importTimes(title, files, options);
    result.rows.forEach((row, i) => {
      const gzip = gzipSync(readFileSync(files[i].specifier), { level: 9 }).byteLength;
      row.note = `${(files[i].bytes / 1024).toFixed(1)} KiB, gzip ${(gzip / 1024).toFixed(1)} KiB`;
      row.bytes = files[i].bytes;
      row.gzipBytes = gzip;
    });
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends a result table to the runner (or prints it when the scenario runs on its own). */
export function report(result) {
  if (process.send) process.send(result);
  else printTable(result);
}

function fmt(value, unit) {
  if (unit === 'ms') return `${value.toFixed(2)} ms`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} ms`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)} us`;
  return `${value.toFixed(1)} ns`;
}

/** Prints one result table with each row's ratio to the floor and to the anchor. */
export function printTable({ title, unit, rows }, stream = process.stderr) {
  const floor = rows.find((row) => row.role === 'floor');
  const anchor = rows.find((row) => row.role === 'anchor');
  const lines = [`\n## ${title}`, ''];
  lines.push('| task | role | median | x floor | x anchor | note |', '|---|---|---|---|---|---|');
  for (const row of rows) {
    const vsFloor = floor ? `${(row.median / floor.median).toFixed(2)}x` : '';
    const vsAnchor = anchor ? `${(row.median / anchor.median).toFixed(2)}x` : '';
    lines.push(
      `| ${row.name} | ${row.role} | ${fmt(row.median, unit)} | ${vsFloor} | ${vsAnchor} | ${row.note ?? ''} |`,
    );
  }
  stream.write(`${lines.join('\n')}\n`);
}

/**
 * A project outside the monorepo with lambkit's packed tarballs installed, next to the given
 * packages from npm at the versions the monorepo has (Powertools, middy: one version for both
 * sides), as users get them; bundles and imports made inside the monorepo resolve @lambkit/* to
 * workspace links and hide what the tarballs hold. Built packages needed (npm run build). Removed
 * when the process exits.
 *
 * @example
 * const project = await scratchProject(['@middy/core', '@aws-lambda-powertools/logger']);
 */
export async function scratchProject(names) {
  const { installPacked, installedSpec } = await import('../../scripts/scratch-project.mjs');
  const project = installPacked({ extra: names.map((name) => installedSpec(name)) });
  process.on('exit', () => rmSync(dirname(project), { recursive: true, force: true }));
  return project;
}
