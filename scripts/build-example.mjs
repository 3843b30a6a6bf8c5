#!/usr/bin/env node
// Bundles the handlers of the example in the current directory the way `sam build` does with
// BuildMethod esbuild: one ES module per handler, @aws-sdk/* left to the Lambda runtime.
// Handlers are the distinct "handler" files named in package.json's "lambkit.invocations";
// dist/<name>.mjs is built from src/<name>.ts.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const cwd = process.cwd();
const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
const invocations = manifest.lambkit?.invocations ?? [];
if (invocations.length === 0) {
  console.error(`${manifest.name}: package.json has no "lambkit.invocations" to build`);
  process.exit(1);
}
const entryPoints = [...new Set(invocations.map((i) => i.handler))].map((handler) => ({
  in: join(cwd, 'src', `${basename(handler, '.mjs')}.ts`),
  out: basename(handler, '.mjs'),
}));
await build({
  entryPoints,
  outdir: join(cwd, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@aws-sdk/*'],
  // Bundled CommonJS dependencies (aws-xray-sdk-core) call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __lambkitRequire } from 'node:module'; const require = __lambkitRequire(import.meta.url);",
  },
  logLevel: 'error',
});
