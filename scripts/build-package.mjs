#!/usr/bin/env node
// Builds the package in the current directory.
// 1. tsc compiles src to an ES module build with declarations, and again to a CommonJS build with
//    its own declarations (dist/cjs, marked "type": "commonjs"). Lambda's Node 20 and 22 runtimes
//    cannot require() an ES module, so both ship. Each exports condition points at its own
//    declarations: TypeScript reads a .d.ts as the format of the package.json above it, and a
//    CommonJS project given the ES module ones for require() fails every import with TS1479.
// 2. esbuild joins each ES module entry of the exports map with the files it imports from the package
//    into one file (shared code goes to chunks, so classes stay single across entries), dependencies
//    left external. It only joins tsc's output: no TypeScript goes through esbuild. Measured on
//    @lambkit/core: importing 8 small ES modules takes ~5 ms on Node 20, one joined file ~1.5 ms.
//    require() of the CommonJS files costs ~1.6 ms either way, so they stay as tsc wrote them.
// 3. keepNames' side effects are made pure (scripts/pure-names.mjs), so that a bundler can drop
//    what a user does not import.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { impureNames, pureNames } from './pure-names.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const cwd = process.cwd();
const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));

function fail(message) {
  console.error(`build failed in ${manifest.name}: ${message}`);
  process.exit(1);
}

function runTsc(args) {
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd, stdio: 'inherit' });
  if (result.status !== 0) fail(`tsc ${args.join(' ')}`);
}

/**
 * The ES module targets of the exports map, e.g. ['./dist/esm/index.js', './dist/esm/schemas/index.js'],
 * each once: `"import": { "types": "./dist/esm/index.d.ts", "default": "./dist/esm/index.js" }`. A
 * subpath whose import target is the root's file reuses it and adds no entry: a second entry sharing
 * code with the root would split the root into chunks, and each extra module file adds to the import
 * (about 1 ms per file on this machine).
 */
function esmEntries() {
  const entries = new Set();
  for (const target of Object.values(manifest.exports ?? {})) {
    const esm = typeof target === 'object' ? target.import : undefined;
    const file = typeof esm === 'object' && esm !== null ? esm.default : esm;
    if (typeof file === 'string') entries.add(file);
  }
  if (entries.size === 0) fail('the exports map has no "import" condition');
  return [...entries];
}

const dist = join(cwd, 'dist');
const staging = join(dist, '.esm-tsc');
rmSync(dist, { recursive: true, force: true });
runTsc(['-p', 'tsconfig.build.json', '--outDir', staging, '--declarationDir', 'dist/esm']);
runTsc([
  '-p',
  'tsconfig.build.json',
  '--outDir',
  'dist/cjs',
  '--module',
  'commonjs',
  '--moduleResolution',
  'bundler',
]);
mkdirSync(join(dist, 'cjs'), { recursive: true });
writeFileSync(join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');

const entryPoints = esmEntries().map((target) => {
  const file = join(staging, relative(join(cwd, 'dist/esm'), join(cwd, target)));
  if (!existsSync(file)) fail(`exports target ${target} was not produced by tsc (looked for ${file})`);
  return file;
});
await build({
  entryPoints,
  outbase: staging,
  outdir: join(dist, 'esm'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // tsconfig.json maps @lambkit/* to the sources for type-checking; the build must not follow it,
  // or every package would carry its own copy of @lambkit/core.
  tsconfig: join(cwd, 'tsconfig.build.json'),
  chunkNames: '_chunks/[name]-[hash]',
  // Joining modules can rename a class that refers to itself (Logger becomes _Logger); keep the
  // names users see in stack traces, in error.name and in constructor.name.
  // keepNames' own calls have side effects that keep every function and class in a user's bundle:
  // pureNames (scripts/pure-names.mjs) keeps the names without them.
  keepNames: true,
  logLevel: 'error',
});
rmSync(staging, { recursive: true, force: true });
keepNamesWithoutSideEffects(join(dist, 'esm'));

function keepNamesWithoutSideEffects(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = pureNames(readFileSync(file, 'utf8'));
    const left = impureNames(text);
    if (left.length > 0)
      fail(`${relative(cwd, file)} keeps import-time side effects of keepNames: ${left[0]}`);
    writeFileSync(file, text);
  }
}
