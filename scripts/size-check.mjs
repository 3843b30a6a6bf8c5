#!/usr/bin/env node
// The size budgets: every entry point of every published package, and the bundles that show
// tree-shaking works (one class alone, the logger + metrics + middy handler), bundled from the
// packed tarballs installed in a project outside the monorepo, as a user bundles them: esbuild,
// platform node, ES module, minified, the AWS SDK external (Lambda provides it), and optional peers
// (aws-xray-sdk-core, OpenTelemetry, valibot, zod) external too: they are the user's, not lambkit's.
// Fails when a bundle is larger than its budget in scripts/size-budgets.json (raw or gzip bytes),
// when it holds a name it must not (what tree-shaking should have dropped), or when a budget
// matches no bundle.
//   node scripts/size-check.mjs            check (build first: npm run build)
//   node scripts/size-check.mjs --update   rewrite the budgets to the sizes measured now
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { formatWithBiome } from './biome-format.mjs';
import { publishedPackages } from './pack-local.mjs';
import { installedSpec, installPacked } from './scratch-project.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const budgetsFile = join(root, 'scripts', 'size-budgets.json');
const update = process.argv.includes('--update');

const EXTERNAL = ['@aws-sdk/*', 'aws-xray-sdk-core', '@opentelemetry/*', 'valibot', 'zod', '@middy/core'];

/** The bundles beyond one per entry point: what a handler imports, and what it must not drag in. */
const HANDLERS = {
  'logger: Logger alone': {
    source: "import { Logger } from '@lambkit/logger';\nexport const logger = new Logger();\n",
  },
  'metrics: Metrics alone': {
    source: "import { Metrics } from '@lambkit/metrics';\nexport const metrics = new Metrics();\n",
  },
  'tracer: Tracer alone': {
    source: "import { Tracer } from '@lambkit/tracer';\nexport const tracer = new Tracer();\n",
  },
  'handler: logger + metrics + middy': {
    withMiddy: true,
    source: `import middy from '@middy/core';
import { injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
const logger = new Logger({ serviceName: 'hello' });
const metrics = new Metrics({ namespace: 'bench', serviceName: 'hello' });
export const handler = middy(async () => {
  logger.info('hello');
  metrics.addMetric('greetings', MetricUnit.Count, 1);
  return { statusCode: 200 };
}).use(injectLambdaContext(logger)).use(logMetrics(metrics));
`,
  },
};

/** One bundle per runtime entry point: `export *` keeps all of it, the entry's full size. */
function entryBundles() {
  const bundles = {};
  for (const { manifest } of publishedPackages()) {
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath === './package.json' || typeof target !== 'object' || target.import === undefined) continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      if (isTypesOnly(specifier)) continue;
      bundles[`entry: ${specifier}`] = { source: `export * from '${specifier}';\n` };
    }
  }
  return bundles;
}

/** Subpaths that hold declarations only (their JavaScript is empty). */
function isTypesOnly(specifier) {
  return specifier.endsWith('/types');
}

async function measure(project, name, { source }) {
  const entry = join(project, `size-entry-${Object.keys(measured).length}.mjs`);
  writeFileSync(entry, source);
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      write: false,
      external: name.startsWith('handler:') ? EXTERNAL.filter((e) => e !== '@middy/core') : EXTERNAL,
      logLevel: 'error',
    });
    const text = result.outputFiles[0].contents;
    return {
      raw: text.byteLength,
      gzip: gzipSync(text, { level: 9 }).byteLength,
      text: Buffer.from(text).toString(),
    };
  } finally {
    rmSync(entry, { force: true });
  }
}

const measured = {};
const project = installPacked({ extra: [installedSpec('@middy/core')] });
try {
  for (const [name, bundle] of Object.entries({ ...entryBundles(), ...HANDLERS })) {
    measured[name] = await measure(project, name, bundle);
  }
} finally {
  rmSync(dirname(project), { recursive: true, force: true });
}

const budgets = JSON.parse(readFileSync(budgetsFile, 'utf8'));
if (update) {
  const next = {};
  for (const [name, { raw, gzip }] of Object.entries(measured)) {
    // Rounded up to the next 100 bytes (raw) and 50 (gzip): esbuild's output is deterministic, so
    // any growth past the rounding fails; a budget is raised on purpose, with --update, in a commit.
    next[name] = { raw: Math.ceil(raw / 100) * 100, gzip: Math.ceil(gzip / 50) * 50 };
    if (budgets[name]?.absent) next[name].absent = budgets[name].absent;
  }
  writeFileSync(budgetsFile, formatWithBiome(`${JSON.stringify(next, null, 2)}\n`, budgetsFile));
  console.log(`size-check: ${Object.keys(next).length} budgets written to scripts/size-budgets.json`);
  process.exit(0);
}

let failures = 0;
function fail(message) {
  failures++;
  console.error(`FAIL ${message}`);
}
for (const [name, budget] of Object.entries(budgets)) {
  const size = measured[name];
  if (size === undefined) {
    fail(`${name}: a budget, but no such bundle (an entry point removed? run --update)`);
    continue;
  }
  const line = `${name}: ${size.raw} B raw (budget ${budget.raw}), ${size.gzip} B gzip (budget ${budget.gzip})`;
  if (size.raw > budget.raw || size.gzip > budget.gzip) fail(`${line}: over budget`);
  else console.log(`ok   ${line}`);
  for (const word of budget.absent ?? []) {
    if (size.text.includes(word)) fail(`${name} holds "${word}", which tree-shaking should have dropped`);
  }
}
for (const name of Object.keys(measured)) {
  if (budgets[name] === undefined) fail(`${name}: no budget (run node scripts/size-check.mjs --update)`);
}
if (failures > 0) {
  console.error(`size-check: ${failures} failure(s)`);
  process.exit(1);
}
console.log(`size-check: ${Object.keys(budgets).length} bundles within budget`);
