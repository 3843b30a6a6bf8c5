#!/usr/bin/env node
// Builds dist/cjs/xray-sdk.js: aws-xray-sdk-core (as installed in the repository) and the packages
// it needs at run time (cls-hooked, semver, atomic-batcher, @smithy/service-error-classification...)
// joined by esbuild into one CommonJS file, with every bundled package's licence at its top. Loading
// the SDK as npm installs it opens ~84 files (~40-63 ms in Lambda); this one file, where what a
// Lambda start never uses is required on first use (LAZY_REQUIRES), loads in about a quarter of that
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

/**
 * Modules of the SDK and its dependencies whose top-level require() of a module they use only in a
 * rare path (a failed assertion, captureAWS of the SDK v2, an ECS host name, an AWS SDK v3 throttle)
 * is made to run on first use instead: each module still gets the very same functions, but a Lambda
 * start no longer pays for loading them. Each `from` must occur exactly once in its file, so that a
 * new SDK release that moves one fails the build rather than ships unchanged.
 */
/** node:http's request functions, looked up on the module when called. */
const LAZY_HTTP = [
  'var http = {',
  "  get request() { return require('http').request; },",
  "  get __request() { return require('http').__request; },",
  '};',
].join('\n');

const LAZY_REQUIRES = [
  {
    // semver (46 KiB of 60 modules, ~3 ms to load: it builds its regular expressions at load) only
    // serves captureAWS's check of the AWS SDK v2 version; requiring gte alone also leaves its ranges
    // code out of the file.
    file: 'aws-xray-sdk-core/dist/lib/patchers/aws_p.js',
    from: "var semver = require('semver');",
    to: "var semver = { gte: function gte(version, range) { return require('semver/functions/gte')(version, range); } };",
  },
  {
    // node:assert is only needed to throw: cls-hooked asserts on every namespace enter and exit.
    file: 'cls-hooked/context.js',
    from: "const assert = require('assert');",
    to: "const assert = { ok: function ok(...args) { if (!args[0]) require('assert').ok(...args); } };",
  },
  {
    // node:os gives the ECS plugin its host name, when an ECS task configures the plugin.
    file: 'aws-xray-sdk-core/dist/lib/segments/plugins/ecs_plugin.js',
    from: "var os = require('os');",
    to: "var os = { hostname: function hostname() { return require('os').hostname(); } };",
  },
  {
    // node:http (19 modules, ~1 ms) serves the EC2 and Elastic Beanstalk plugins' metadata requests,
    // when one is configured; read at the request, so a capture of http that sets __request is seen.
    file: 'aws-xray-sdk-core/dist/lib/segments/plugins/plugin.js',
    from: "var http = require('http');",
    to: LAZY_HTTP,
  },
  {
    file: 'aws-xray-sdk-core/dist/lib/segments/plugins/ec2_plugin.js',
    from: "var http = require('http');",
    to: LAZY_HTTP,
  },
  {
    // Only asked about an error of an AWS SDK v3 call captured by the SDK's own captureAWSv3Client.
    file: 'aws-xray-sdk-core/dist/lib/patchers/aws3_p.js',
    from: 'const service_error_classification_1 = require("@smithy/service-error-classification");',
    to: 'const service_error_classification_1 = { isThrottlingError: function isThrottlingError(error) { return require("@smithy/service-error-classification").isThrottlingError(error); } };',
  },
  {
    // Centralized sampling (its rule and target pollers, its X-Ray API client) is what the SDK starts
    // with, but its Lambda setup replaces it with local sampling at once: the sampler is loaded on
    // first use, then stays a plain property, as before.
    file: 'aws-xray-sdk-core/dist/lib/middleware/mw_utils.js',
    from: "    sampler: require('./sampling/default_sampler'),",
    to: [
      "    get sampler() { return (this.sampler = require('./sampling/default_sampler')); },",
      "    set sampler(value) { Object.defineProperty(this, 'sampler', { value, writable: true, enumerable: true, configurable: true }); },",
    ].join('\n'),
  },
  {
    // The whitelist of AWS parameters (11 KiB of JSON) is read for the first AWS call recorded, or
    // when a function changes it: `capturer` is made then.
    file: 'aws-xray-sdk-core/dist/lib/segments/attributes/aws.js',
    from: 'var capturer = new CallCapturer();',
    to: 'var capturer;\nfunction defaultCapturer() { return (capturer ??= new CallCapturer()); }',
  },
  {
    file: 'aws-xray-sdk-core/dist/lib/segments/attributes/aws.js',
    from: 'this.addData(capturer.capture(',
    to: 'this.addData(defaultCapturer().capture(',
  },
  {
    file: 'aws-xray-sdk-core/dist/lib/segments/attributes/aws.js',
    from: '    capturer.append(source);',
    to: '    defaultCapturer().append(source);',
  },
  {
    file: 'aws-xray-sdk-core/dist/lib/patchers/call_capturer.js',
    from: "var whitelist = require('../resources/aws_whitelist.json');",
    to: "var whitelist = { get services() { return require('../resources/aws_whitelist.json').services; } };",
  },
];

/** The path of a bundled module below its node_modules ('cls-hooked/context.js'). */
function modulePath(path) {
  return path.split('node_modules/').pop();
}

/**
 * An esbuild plugin that applies LAZY_REQUIRES, and turns the SDK's JSON resources (the 11 KiB
 * whitelist of AWS parameters) into a JSON.parse() of a string, which V8 reads faster than the same
 * object literal.
 */
function lambdaStartPlugin() {
  return {
    name: 'lambkit-xray-sdk-start',
    setup(build) {
      const applied = new Set();
      build.onLoad({ filter: /\.js$/ }, (args) => {
        const rewrites = LAZY_REQUIRES.filter((rewrite) => modulePath(args.path) === rewrite.file);
        if (rewrites.length === 0) return undefined;
        let contents = readFileSync(args.path, 'utf8');
        for (const rewrite of rewrites) {
          if (contents.split(rewrite.from).length !== 2) {
            throw new Error(`${rewrite.file} no longer holds \`${rewrite.from}\` once: review LAZY_REQUIRES`);
          }
          contents = contents.replace(rewrite.from, rewrite.to);
          applied.add(rewrite);
        }
        return { contents, loader: 'js' };
      });
      build.onLoad({ filter: /aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/].*\.json$/ }, (args) => {
        const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
        return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
      });
      build.onEnd((result) => {
        const missed = LAZY_REQUIRES.filter((rewrite) => !applied.has(rewrite));
        if (result.errors.length === 0 && missed.length > 0) {
          throw new Error(
            `not bundled any more: ${missed.map((rewrite) => rewrite.file).join(', ')}; review LAZY_REQUIRES`,
          );
        }
      });
    },
  };
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
    plugins: [lambdaStartPlugin()],
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
