#!/usr/bin/env node
// Builds dist/cjs/xray-sdk.js: aws-xray-sdk-core (the devDependency) and the packages it needs at run
// time (cls-hooked, semver, atomic-batcher, @smithy/service-error-classification...) joined by esbuild
// into one CommonJS file, with every bundled package's licence at its top. Loading the SDK as npm
// installs it opens ~84 files (~40-63 ms in Lambda); this one file loads in about half of that
// (docs/tracer.md, "Loading aws-xray-sdk-core"). The Lambda layer ships the same file as its
// node_modules/aws-xray-sdk-core (layer/src/build-layer.mjs).
//   node scripts/build-xray-sdk.mjs [--out <file>]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(packageRoot, 'scripts', 'xray-sdk-entry.cjs');

/** The licence file of a package directory (LICENSE, LICENSE.md, LICENCE.txt...), if it has one. */
function licenceText(dir) {
  const name = readdirSync(dir).find((file) => /^licen[cs]e(\.(md|txt))?$/i.test(file));
  return name === undefined ? undefined : readFileSync(join(dir, name), 'utf8').trim();
}

/** The package directory of a bundled input path (node_modules/<name>/... or node_modules/@s/<name>/...). */
function packageDirOf(input) {
  const match = /^(.*node_modules\/(@[^/]+\/)?[^/]+)\//.exec(input);
  return match === null ? undefined : match[1];
}

/**
 * The comment at the top of the file: for each bundled package its name, version, licence and the
 * licence's text (Apache-2.0, MIT, ISC and BSD all ask that it travels with the code).
 */
function licenceBanner(inputs, cwd) {
  const dirs = [...new Set(inputs.map(packageDirOf).filter((dir) => dir !== undefined))].sort();
  const sections = dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(cwd, dir, 'package.json'), 'utf8'));
    const text = licenceText(join(cwd, dir)) ?? `(no licence file; package.json says "${manifest.license}")`;
    return `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}`;
  });
  const body = [
    'aws-xray-sdk-core and its dependencies, joined into one file for @lambkit/tracer.',
    ...sections,
  ]
    .join(`\n\n${'-'.repeat(72)}\n\n`)
    .replaceAll('*/', '* /');
  return `/*!\n${body}\n*/`;
}

/** Fails unless the file requires nothing but Node's built-in modules. */
function checkExternals(metafile) {
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
  const others = imports.filter((item) => item.external && !builtins.has(item.path));
  if (others.length > 0) {
    throw new Error(`the SDK bundle would require ${others.map((item) => item.path).join(', ')} at run time`);
  }
}

/**
 * Builds the single-file SDK into `outfile`; returns its size and the bundled packages.
 *
 * @example
 * await buildXraySdk({ outfile: 'dist/cjs/xray-sdk.js' });
 */
export async function buildXraySdk({ outfile = join(packageRoot, 'dist', 'cjs', 'xray-sdk.js') } = {}) {
  // A first pass lists the inputs, so the banner can name every package that ends up inside.
  const options = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Whitespace and syntax only: the SDK's names (Segment, Subsegment, its functions) stay as they
    // are in stack traces and in constructor.name.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    absWorkingDir: packageRoot,
    logLevel: 'error',
  };
  const probe = await build({ ...options, write: false });
  checkExternals(probe.metafile);
  const inputs = Object.keys(probe.metafile.inputs);
  const result = await build({ ...options, outfile, banner: { js: licenceBanner(inputs, packageRoot) } });
  const bytes = Object.values(result.metafile.outputs)[0].bytes;
  const packages = [...new Set(inputs.map(packageDirOf).filter((dir) => dir !== undefined))];
  return { outfile, bytes, packages: packages.map((dir) => dir.split('node_modules/').pop()) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!existsSync(join(packageRoot, 'dist', 'cjs')) && values.out === undefined) {
    console.error('build-xray-sdk: dist/cjs is missing; run the package build first');
    process.exit(1);
  }
  const built = await buildXraySdk(values.out === undefined ? {} : { outfile: values.out });
  console.log(`${built.outfile}: ${(built.bytes / 1024).toFixed(1)} KiB (${built.packages.join(', ')})`);
}
