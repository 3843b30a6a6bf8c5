#!/usr/bin/env node
// `npm run test:mutation [-- <module>...] [--changed] [--force] [--concurrency N]`: mutation testing with
// Stryker, one module of stryker/modules.mjs after the other, then one summary.
//
// Each module runs in Stryker's incremental mode from its committed state,
// stryker/incremental/<module>.json.gz: only mutants in code or tests that changed since are run
// again, and the state is written back for the next commit. `--changed` (CI) runs only the gated
// modules whose sources or tests differ from their state and fails when one is below the floor.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
// fs.globSync and path.matchesGlob came with Node 22: read them off the modules, not as named imports,
// so that on Node 20 this script still loads and moves itself to Node 22.
import fs, { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { outputDir } from './base.config.mjs';
import { MINIMUM_SCORE, modules, testsOutsideMutation } from './modules.mjs';
import { formatSummary, readEquivalents, summarize } from './summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const strykerBin = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');

/** Stryker 10 needs Node 22; its parser, Babel 8, needs ^22.18.0 || >=24.11.0. */
function nodeIsRecentEnough([major, minor] = process.versions.node.split('.').map(Number)) {
  return (major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24;
}

/** Runs this script again on Node 22 from the npm registry's `node` package, as CI does for tests. */
function rerunOnNode22() {
  console.log(
    `test:mutation: Stryker needs Node ^22.18 or >=24.11, this is ${process.version}: running on Node 22 from the npm registry's node package`,
  );
  const args = [
    '-y',
    '-p',
    'node@22',
    '--',
    'node',
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  const run = spawnSync('npx', args, { stdio: 'inherit', cwd: root });
  process.exit(run.status ?? 1);
}

function parseArguments(argv) {
  const options = { names: [], changed: false, passThrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--changed') options.changed = true;
    else if (arg === '--concurrency') options.passThrough.push(arg, argv[++i]);
    // Runs every mutant again, ignoring the state: incremental mode trusts a killing test whose name
    // did not change, and never retries a surviving static mutant (one that runs at import).
    else if (arg === '--force') options.passThrough.push(arg);
    else if (arg.startsWith('-')) throw new Error(`test:mutation: unknown option ${arg}`);
    else if (modules[arg] === undefined)
      throw new Error(`test:mutation: no module "${arg}"; modules: ${Object.keys(modules).join(', ')}`);
    else options.names.push(arg);
  }
  if (options.names.length === 0) options.names = Object.keys(modules);
  return options;
}

function statePath(name) {
  return join(root, 'stryker/incremental', `${name}.json.gz`);
}

function workingStatePath(name) {
  return join(root, outputDir(name), 'incremental.json');
}

/** The committed state of a module, or undefined before its first run. */
export function readState(name) {
  const path = statePath(name);
  return existsSync(path) ? JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) : undefined;
}

function isWanted(file, patterns) {
  let wanted = false;
  for (const pattern of patterns)
    if (pattern.startsWith('!')) wanted &&= !path.matchesGlob(file, pattern.slice(1));
    else wanted ||= path.matchesGlob(file, pattern);
  return wanted;
}

/** The files whose change can change a module's score: the code it mutates and the tests that judge it. */
function filesOf(name) {
  const candidates = fs.globSync(`packages/${name}/src/**/*.ts`, { cwd: root });
  const mutated = candidates.filter((file) => isWanted(file, modules[name].mutate));
  const tests = candidates.filter(
    (file) => file.endsWith('.test.ts') && !testsOutsideMutation.some((glob) => path.matchesGlob(file, glob)),
  );
  return { mutated, tests };
}

/**
 * The files a module depends on that Stryker's state leaves out, by the sha-256 of their text: the
 * mutated files without a mutant (a constant, a re-export) and the test files without a test. Written
 * into the committed state under this key, since Stryker reads the state as a report and ignores it.
 */
const LEFT_OUT = 'filesWithoutMutantsOrTests';

function hashOf(file) {
  return createHash('sha256')
    .update(readFileSync(join(root, file)))
    .digest('hex');
}

/** The hashes of a module's files as a run starts, since Stryker reads them then. */
function hashesOf(name) {
  const { mutated, tests } = filesOf(name);
  const hashes = (list) => Object.fromEntries(list.map((file) => [file, hashOf(file)]));
  return { files: hashes(mutated), testFiles: hashes(tests) };
}

/** Adds to a state Stryker wrote the hashes of the files it left out, if it left out any. */
function withLeftOutFiles(state, hashes) {
  const leftOut = (all, recorded = {}) =>
    Object.fromEntries(Object.entries(all).filter(([file]) => recorded[file] === undefined));
  const files = leftOut(hashes.files, state.files);
  const testFiles = leftOut(hashes.testFiles, state.testFiles);
  if (Object.keys(files).length === 0 && Object.keys(testFiles).length === 0) return state;
  return { ...state, [LEFT_OUT]: { files, testFiles } };
}

/** Which of the current files differs from its record: the source Stryker kept, or the hash of one it left out. */
function changedFile(current, withSource, withHash) {
  for (const file of [...Object.keys(withSource), ...Object.keys(withHash)])
    if (!current.includes(file)) return `${file} is in the state, no longer in the module`;
  for (const file of current) {
    if (withSource[file] !== undefined) {
      if (withSource[file].source !== readFileSync(join(root, file), 'utf8')) return `${file} changed`;
    } else if (withHash[file] === undefined) return `${file} is new`;
    else if (withHash[file] !== hashOf(file)) return `${file} changed`;
  }
  return undefined;
}

/**
 * Why a module needs a run against its committed state, or undefined when nothing it depends on changed.
 * @example changeOf('batch', readState('batch')) // 'packages/batch/src/event-type.ts changed'
 */
export function changeOf(name, state) {
  if (state === undefined) return 'no committed state';
  const { mutated, tests } = filesOf(name);
  const leftOut = state[LEFT_OUT] ?? {};
  return (
    changedFile(mutated, state.files ?? {}, leftOut.files ?? {}) ??
    changedFile(tests, state.testFiles ?? {}, leftOut.testFiles ?? {})
  );
}

/** Runs Stryker on one module from its committed state; returns the report, or undefined if Stryker failed. */
function runStryker(name, passThrough) {
  const working = workingStatePath(name);
  mkdirSync(join(working, '..'), { recursive: true });
  const state = existsSync(statePath(name)) ? gunzipSync(readFileSync(statePath(name))) : undefined;
  // Without a committed state Stryker runs every mutant.
  if (state === undefined) rmSync(working, { force: true });
  else writeFileSync(working, state);
  const hashes = hashesOf(name);
  const started = Date.now();
  const run = spawnSync(process.execPath, [strykerBin, 'run', `stryker/${name}.config.mjs`, ...passThrough], {
    stdio: 'inherit',
    cwd: root,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) return undefined;
  // Stryker's own output, 2-space JSON, with the files it left out: the same text when nothing changed.
  const report = withLeftOutFiles(JSON.parse(readFileSync(working, 'utf8')), hashes);
  const next = Buffer.from(JSON.stringify(report, null, 2));
  // gzip without a timestamp, so an unchanged state is byte for byte the committed file.
  const stateUpdated = state === undefined || !next.equals(state);
  if (stateUpdated) writeFileSync(statePath(name), gzipSync(next, { level: 9 }));
  return { report, seconds, stateUpdated };
}

function main() {
  const started = Date.now();
  if (!nodeIsRecentEnough()) rerunOnNode22();
  const options = parseArguments(process.argv.slice(2));
  const equivalents = readEquivalents(join(root, 'stryker/equivalent-mutants.json'));
  const results = [];
  const updated = [];
  let failed = false;
  for (const name of options.names) {
    const { gated } = modules[name];
    if (options.changed) {
      if (!gated) {
        console.log(`::: mutation ${name}: not gated yet (not at ${MINIMUM_SCORE} % yet, issue 23), not run`);
        continue;
      }
      const change = changeOf(name, readState(name));
      if (change === undefined) {
        console.log(`::: mutation ${name}: sources and tests as in its committed state, not run`);
        continue;
      }
      console.log(`::: mutation ${name}: ${change}, incremental run`);
    }
    const run = runStryker(name, options.passThrough);
    if (run === undefined) {
      console.error(`test:mutation: Stryker failed on ${name} (its output is above)`);
      failed = true;
      continue;
    }
    if (run.stateUpdated) updated.push(`stryker/incremental/${name}.json.gz`);
    const summary = summarize(name, run.report, equivalents[name] ?? []);
    results.push({ ...summary, gated, seconds: run.seconds });
    if (gated && summary.score < MINIMUM_SCORE) failed = true;
  }
  if (results.length > 0) {
    const text = formatSummary(results, MINIMUM_SCORE);
    console.log(`\n${text}`);
    mkdirSync(join(root, '.tmp/mutation'), { recursive: true });
    writeFileSync(join(root, '.tmp/mutation/summary.md'), text);
  }
  // A state left behind makes every later run test the same mutants again, so say which to commit.
  if (updated.length > 0 && options.changed)
    console.log(
      `The committed mutation state is behind the code: run \`npm run test:mutation -- <module>\` and commit ${updated.join(', ')}, so later runs do not test these mutants again.`,
    );
  else if (updated.length > 0)
    console.log(`Mutation state updated: commit ${updated.join(', ')} with the change it records.`);
  console.log(
    `test:mutation: ${failed ? 'FAILED' : 'done'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  process.exit(failed ? 1 : 0);
}

// Run as a script; imported (by a test), it only exports.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
