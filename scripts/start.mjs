#!/usr/bin/env node
// `npm start`: builds what the examples need, then invokes every example handler on its sample
// events, as Lambda would (a fresh context with a deadline per invocation, cold first then warm), and
// prints for each: the response, the log lines, the EMF metrics it wrote and, for an example that
// runs a local X-Ray daemon (start-env.mjs returns it as `xray`), the trace subsegments it sent.
// Each example runs in a process of its own, as each function has an execution environment of its
// own: its first invocation is the cold start, and no state (the client cache, the cold start flag)
// leaks from one example to the next.
// An example that calls AWS services has a start-env.mjs exporting `async function setup()`, which
// starts local endpoints and returns { env, close }: the env is set before the example's handlers are
// loaded (their INIT reads it) and restored after its last invocation. An invocation's own "env" map in
// package.json is set around that invocation.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

const { captureOutput, createContext } = await import('@lambkit/testing');

/** Sets the variables of `env` and returns a function that puts the previous values back. */
function applyEnv(env = {}) {
  const previous = Object.entries(env).map(([key]) => [key, process.env[key]]);
  for (const [key, value] of Object.entries(env)) process.env[key] = String(value);
  return function restoreEnv() {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Runs the example's start-env.mjs setup(), when it has one: its local endpoints and variables. */
async function setUpExample(dir) {
  const file = join(dir, 'start-env.mjs');
  if (!existsSync(file))
    return { restoreEnv: () => undefined, close: async () => undefined, xray: undefined };
  const { setup } = await import(pathToFileURL(file).href);
  const { env, close, xray } = await setup();
  return { restoreEnv: applyEnv(env), close: close ?? (async () => undefined), xray };
}

let failures = 0;
for (const name of examples) {
  const dir = join(examplesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const invocations = manifest.lambkit?.invocations ?? [];
  console.log(`\n=== ${name}: ${manifest.description ?? ''}`);
  const example = await setUpExample(dir);
  try {
    await runInvocations(name, dir, invocations, example.xray);
  } finally {
    example.restoreEnv();
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

async function traceOf(xray) {
  if (xray === undefined) return [];
  // Subsegments travel as UDP datagrams; give the last ones a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const documents = xray.documents.slice();
  xray.clear();
  return describeTrace(documents);
}

async function runInvocations(name, dir, invocations, xray) {
  for (const invocation of invocations) {
    const restoreInvocationEnv = applyEnv(invocation.env);
    const module = await import(pathToFileURL(join(dir, invocation.handler)).href);
    const handler = module[invocation.export ?? 'handler'];
    const event = JSON.parse(readFileSync(join(dir, invocation.event), 'utf8'));
    const context = createContext({ functionName: name, timeoutMs: 10_000, ...invocation.context });
    const captured = await captureOutput(() => handler(event, context));
    restoreInvocationEnv();
    console.log(`\n--- ${invocation.event} -> ${invocation.handler}#${invocation.export ?? 'handler'}`);
    for (const line of [...captured.stdout, ...captured.stderr]) console.log(indent(describeLine(line)));
    for (const line of await traceOf(xray)) console.log(indent(line));
    if (captured.error !== undefined) {
      failures++;
      console.log(
        indent(`error   ${captured.error instanceof Error ? captured.error.stack : String(captured.error)}`),
      );
    } else {
      console.log(indent(`response ${JSON.stringify(captured.result, null, 2)}`));
    }
  }
}
process.exitCode = failures > 0 ? 1 : 0;
