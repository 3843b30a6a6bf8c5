#!/usr/bin/env node
// Builds the package in the current directory twice with tsc: an ES module build with declarations
// (dist/esm) and a CommonJS build (dist/cjs). Lambda's Node 20 and 22 runtimes cannot require() an
// ES module, so both are shipped; the exports map picks one by condition.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tsc = join(dirname(fileURLToPath(import.meta.url)), '../node_modules/typescript/bin/tsc');
const cwd = process.cwd();

function run(args) {
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed in ${cwd}: tsc ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

rmSync(join(cwd, 'dist'), { recursive: true, force: true });
run(['-p', 'tsconfig.build.json', '--outDir', 'dist/esm']);
run([
  '-p',
  'tsconfig.build.json',
  '--outDir',
  'dist/cjs',
  '--module',
  'commonjs',
  '--moduleResolution',
  'bundler',
  '--declaration',
  'false',
]);
mkdirSync(join(cwd, 'dist/cjs'), { recursive: true });
writeFileSync(join(cwd, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n');
