#!/usr/bin/env node
// `npm start`: builds what the examples need, then runs every example handler on its sample events
// the way Lambda does, through the same runner as the layer's end-to-end test (@lambkit/local's
// runLambda: a local Runtime API, Lambda's Node flags and environment, cold first then warm), and
// prints for each: the response, the log lines, the EMF metrics it wrote and, for an example that
// runs a local X-Ray daemon (start-env.mjs returns it as `xray`), the trace subsegments it sent.
// Each example runs in a process of its own, as each function has an execution environment of its
// own: its first invocation is the cold start, and no state (the client cache, the cold start flag)
// leaks from one example to the next.
// An example that calls AWS services has a start-env.mjs exporting `async function setup()`, which
// starts local endpoints and returns { env, close } (and `xray`, a local X-Ray daemon, when it traces):
// the env is given to the function's process. An invocation's own "env" map in package.json may set
// _X_AMZN_TRACE_ID, sent as that invocation's Lambda-Runtime-Trace-Id header, and its "context" the
// fields of the Lambda context the handler sees, `timeoutMs` included (scripts/example-invocations.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functionOptions, invocationRequest } from './example-invocations.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);

if (process.env.LAMBKIT_START_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function indent(text, prefix = '    ') {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function describeLine(line) {
  if (line && typeof line === 'object' && line._aws?.CloudWatchMetrics) {
    const names = line._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => m.Name));
    const values = names.map((name) => `${name}=${JSON.stringify(line[name])}`).join(' ');
    const dimensions = [...new Set(line._aws.CloudWatchMetrics.flatMap((d) => d.Dimensions.flat()))]
      .map((dimension) => `${dimension}=${line[dimension]}`)
      .join(' ');
    return `metric  ${line._aws.CloudWatchMetrics[0].Namespace} [${dimensions}]: ${values}`;
  }
  if (line && typeof line === 'object' && line.level) return `log     ${JSON.stringify(line)}`;
  return `output  ${typeof line === 'string' ? line : JSON.stringify(line)}`;
}

const examplesDir = join(root, 'examples');
const examples = readdirSync(examplesDir)
  .filter((name) => existsSync(join(examplesDir, name, 'package.json')))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

if (examples.length > 1) {
  let failed = 0;
  for (const name of examples) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], {
      stdio: 'inherit',
      env: { ...process.env, LAMBKIT_START_SKIP_BUILD: '1' },
    });
    if (child.status !== 0) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}

const { runLambda } = await import('@lambkit/local');

/** Runs the example's start-env.mjs setup(), when it has one: its local endpoints and variables. */
async function setUpExample(dir) {
  const file = join(dir, 'start-env.mjs');
  if (!existsSync(file)) return { env: {}, close: async () => undefined, xray: undefined };
  const { setup } = await import(pathToFileURL(file).href);
  const { env, close, xray } = await setup();
  return { env, close: close ?? (async () => undefined), xray };
}

let failures = 0;
for (const name of examples) {
  const dir = join(examplesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const invocations = manifest.lambkit?.invocations ?? [];
  console.log(`\n=== ${name}: ${manifest.description ?? ''}`);
  const example = await setUpExample(dir);
  try {
    await runInvocations(name, dir, invocations, example.xray, example.env);
  } finally {
    await example.close();
  }
}

/** The subsegments of one invocation as an indented tree: name, duration, and what went wrong. */
function describeTrace(documents) {
  const ids = new Set(documents.map((document) => document.id));
  const byStart = [...documents].sort((a, b) => a.start_time - b.start_time);
  const lines = [];
  const visit = (document, depth) => {
    const ms =
      document.end_time === undefined
        ? 'open'
        : `${((document.end_time - document.start_time) * 1000).toFixed(1)} ms`;
    const flags = ['error', 'fault', 'throttle'].filter((flag) => document[flag]).join(' ');
    const notes = document.annotations ? ` ${JSON.stringify(document.annotations)}` : '';
    lines.push(`trace   ${'  '.repeat(depth)}${document.name} (${ms})${flags ? ` [${flags}]` : ''}${notes}`);
    for (const child of byStart) if (child.parent_id === document.id) visit(child, depth + 1);
  };
  for (const document of byStart) if (!ids.has(document.parent_id)) visit(document, 0);
  return lines;
}

/** The subsegments the run sent, by trace id (the Root of each invocation's trace header). */
async function tracesOf(xray) {
  const byTrace = new Map();
  if (xray === undefined) return byTrace;
  // Subsegments travel as UDP datagrams; give the last ones a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 150));
  for (const document of xray.documents) {
    if (!byTrace.has(document.trace_id)) byTrace.set(document.trace_id, []);
    byTrace.get(document.trace_id).push(document);
  }
  xray.clear();
  return byTrace;
}

function rootOf(traceHeader) {
  return /Root=([^;]+)/.exec(traceHeader ?? '')?.[1];
}

function handlerSetting(invocation) {
  return `${basename(invocation.handler).replace(/\.(mjs|cjs|js)$/, '')}.${invocation.export ?? 'handler'}`;
}

async function runInvocations(name, dir, invocations, xray, env) {
  // One execution environment per handler, as each is a function of its own.
  const byHandler = new Map();
  for (const invocation of invocations) {
    const key = `${invocation.handler}#${invocation.export ?? 'handler'}`;
    if (!byHandler.has(key)) byHandler.set(key, []);
    byHandler.get(key).push(invocation);
  }
  for (const group of byHandler.values()) {
    const options = functionOptions(name, group);
    const run = await runLambda({
      ...options,
      handler: handlerSetting(group[0]),
      taskRoot: dirname(join(dir, group[0].handler)),
      env: { ...env, ...options.env },
      invocations: group.map((invocation) => invocationRequest(dir, invocation)),
    });
    if (run.failure !== undefined) {
      failures++;
      console.log(indent(`INIT failed: ${run.initError?.errorMessage ?? run.failure.message}`));
      for (const line of run.lines) console.log(indent(describeLine(line.json ?? line.text)));
      continue;
    }
    console.log(indent(`INIT ${run.initDurationMs?.toFixed(0)} ms`));
    const traces = await tracesOf(xray);
    for (const [i, outcome] of run.invocations.entries()) {
      const invocation = group[i];
      console.log(
        `\n--- ${invocation.event} -> ${handlerSetting(invocation)} (${outcome.durationMs.toFixed(0)} ms)`,
      );
      for (const line of outcome.lines) console.log(indent(describeLine(line.json ?? line.text)));
      for (const line of describeTrace(traces.get(rootOf(outcome.traceHeader)) ?? []))
        console.log(indent(line));
      if (outcome.status === 'error') {
        failures++;
        console.log(indent(`error   ${outcome.error?.errorType}: ${outcome.error?.errorMessage}`));
      } else {
        console.log(indent(`response ${JSON.stringify(outcome.response ?? outcome.rawResponse, null, 2)}`));
      }
    }
  }
}
process.exitCode = failures > 0 ? 1 : 0;
