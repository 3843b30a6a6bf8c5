// Test helpers: small functions and layers written to temporary directories (outside the repository,
// so no node_modules of ours is an ancestor of them).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory tree; `remove()` deletes it. */
export interface TempTree {
  dir: string;
  remove(): void;
}

/** Writes `files` (relative path to content) under a new temporary directory. */
export function writeTree(files: Record<string, string>): TempTree {
  const dir = mkdtempSync(join(tmpdir(), 'lambkit-fn-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A layer with one dual package, `greet`, whose two builds say which one was loaded. */
export const GREET_LAYER = {
  'nodejs/node_modules/greet/package.json': JSON.stringify({
    name: 'greet',
    version: '1.0.0',
    exports: { '.': { import: './esm.mjs', require: './cjs.cjs' } },
  }),
  'nodejs/node_modules/greet/esm.mjs': "export const greet = (name) => 'hello ' + name + ' (esm)';\n",
  'nodejs/node_modules/greet/cjs.cjs': "exports.greet = (name) => 'hello ' + name + ' (cjs)';\n",
};

/** An ES module handler that reports what it sees of the runtime. */
export const ESM_REPORTER = `import { greet } from 'greet';
let invocations = 0;
export const handler = async (event, context) => {
  invocations++;
  console.log('handling', event.name);
  return {
    greeting: greet(event.name),
    invocations,
    pid: process.pid,
    resolved: import.meta.resolve('greet'),
    traceEnv: process.env._X_AMZN_TRACE_ID,
    storeRequestId: globalThis.awslambda.InvokeStore.getRequestId(),
    context: { ...context, remainingMs: context.getRemainingTimeInMillis() },
    execArgv: process.execArgv,
    env: process.env,
  };
};
`;

/** The same as a CommonJS handler. */
export const CJS_REPORTER = `const { greet } = require('greet');
let invocations = 0;
exports.handler = async (event, context) => {
  invocations++;
  return { greeting: greet(event.name), invocations, pid: process.pid, resolved: require.resolve('greet') };
};
`;
