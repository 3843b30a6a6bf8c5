// Where the runtime client's JavaScript is, for the function process to run. Published, it is the
// package's dist/esm/runtime-client (built by tsconfig.runtime-client.json). Run from the sources (this
// repository's tests, where @lambkit/* maps to src), the client is compiled from
// src/runtime-client with the repository's tsc once per process, so a test always runs the client
// as it is in src, and no build is needed first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@lambkit/local';

/** The files of the runtime client the runner starts. */
export interface RuntimeClientFiles {
  /** The client: loads the handler and serves invocations (what /var/runtime/index.mjs is in Lambda). */
  client: string;
  /** Registers Lambda's NODE_PATH fallback for ES modules; for `--import` ahead of another client. */
  registerNodePathHooks: string;
}

let compiled: string | undefined;

/**
 * The file this code runs from, read from the call stack: one source serves the CommonJS build
 * (no import.meta), the ES module build (no __filename) and the sources under vitest.
 */
function thisModuleFile(): string {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = (_error, callSites) => callSites;
  Error.stackTraceLimit = 1;
  try {
    const file = (new Error().stack as unknown as NodeJS.CallSite[] | undefined)?.[0]?.getFileName() ?? '';
    return file.startsWith('file:') ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The directory of @lambkit/local's package.json above `file`. */
function packageRootOf(file: string): string {
  let dir = dirname(file);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} above ${file}`);
    dir = parent;
  }
}

/** Compiles src/runtime-client into a temporary directory with the repository's tsc. */
function compileFromSources(packageRoot: string): string {
  const outDir = mkdtempSync(join(tmpdir(), 'lambkit-runtime-client-'));
  const tsc = join(packageRoot, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', join(packageRoot, 'tsconfig.runtime-client.json'), '--outDir', outDir],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`${PACKAGE_NAME}: compiling src/runtime-client failed\n${result.stdout}${result.stderr}`);
  // The compiled files are ES modules; outside the package, only this says so.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  return outDir;
}

/**
 * The runtime client's files: the package's build, or, when the runner runs from its TypeScript
 * sources, the sources compiled once per process.
 *
 * @example
 * spawn(process.execPath, [runtimeClientFiles().client], { env });
 */
export function runtimeClientFiles(): RuntimeClientFiles {
  const file = thisModuleFile();
  const packageRoot = packageRootOf(file);
  const dir = file.endsWith('.ts')
    ? (compiled ??= compileFromSources(packageRoot))
    : join(packageRoot, 'dist', 'esm', 'runtime-client');
  return { client: join(dir, 'index.js'), registerNodePathHooks: join(dir, 'register-node-path-hooks.js') };
}
