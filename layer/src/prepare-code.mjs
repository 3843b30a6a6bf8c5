// Prepares a staged @lambkit package's code to load fast from the layer (figures in docs/layer.md,
// from bench/scenarios/layer.bench.mjs):
// - CommonJS: tsc writes one file per source module, and require() pays per file (resolution, read,
//   compile). The layer ships instead the ES module build (already joined per exports-map entry, shared
//   code in chunks, by scripts/build-package.mjs) converted file by file to CommonJS, so both formats
//   load the same few files and a class stays single across a package's entries. Measured: require()
//   of a package takes 2 to 4 times less CPU (logger 14.5 -> 5.0 ms, parser 20.2 -> 5.4 ms).
// - Minifying (whitespace and syntax, identifiers kept) is available but off: it changed no load time
//   measurably in either format and saves 25 KiB of a 508 KiB zip, while it would turn every stack
//   trace into "index.js:1:17962".
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';

const MINIFY = { minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: false, target: 'node20' };

function jsFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) jsFiles(path, out);
    else if (entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}

async function rewrite(file, options) {
  const { code } = await transform(readFileSync(file, 'utf8'), { ...options, sourcefile: file });
  return code;
}

/**
 * Rewrites `<packageDir>/dist`: dist/cjs replaced by the ES module files converted to CommonJS
 * (dynamic `import()` becomes a lazy `require()`, as tsc writes it), and with `minify: true` both
 * formats minified (whitespace and syntax; names kept).
 *
 * @example
 * await prepareLayerCode('/tmp/layer/nodejs/node_modules/@lambkit/logger');
 */
export async function prepareLayerCode(packageDir, { minify = false } = {}) {
  const esmDir = join(packageDir, 'dist', 'esm');
  const cjsDir = join(packageDir, 'dist', 'cjs');
  const sources = jsFiles(esmDir);
  const converted = [];
  for (const file of sources) {
    const cjs = await rewrite(file, {
      ...(minify ? MINIFY : { target: 'node20' }),
      format: 'cjs',
      supported: { 'dynamic-import': false },
    });
    converted.push({ path: join(cjsDir, relative(esmDir, file)), code: cjs });
  }
  const marker = join(cjsDir, 'package.json');
  const markerText = existsSync(marker) ? readFileSync(marker, 'utf8') : '{ "type": "commonjs" }\n';
  rmSync(cjsDir, { recursive: true, force: true });
  mkdirSync(cjsDir, { recursive: true });
  writeFileSync(marker, markerText);
  for (const { path, code } of converted) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, code);
  }
  if (minify) {
    for (const file of sources) writeFileSync(file, await rewrite(file, { ...MINIFY, format: 'esm' }));
  }
  return { files: sources.length };
}
