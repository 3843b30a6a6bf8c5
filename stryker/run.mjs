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

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const strykerBin = join(repoRoot, 'node_modules/@stryker-mutator/core/bin/stryker.js');

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
  const run = spawnSync('npx', args, { stdio: 'inherit', cwd: repoRoot });
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

function statePath(name, root = repoRoot) {
  return join(root, 'stryker/incremental', `${name}.json.gz`);
}

function workingStatePath(name) {
  return join(repoRoot, outputDir(name), 'incremental.json');
}

/**
 * The committed state of a module, or undefined before its first run; `root` is the repository's folder.
 * @example readState('s3')?.files // { 'packages/s3/src/normalize-s3-event.ts': { source, mutants }, ... }
 */
export function readState(name, root = repoRoot) {
  const path = statePath(name, root);
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
function filesOf(name, root) {
  const candidates = fs.globSync(`packages/${name}/src/**/*.ts`, { cwd: root });
  const mutated = candidates.filter((file) => isWanted(file, modules[name].mutate));
  const tests = candidates.filter(
    (file) => file.endsWith('.test.ts') && !testsOutsideMutation.some((glob) => path.matchesGlob(file, glob)),
  );
  return { mutated, tests };
}

// Test helpers (packages/<name>/test/) and fixtures: the tests load them, yet Stryker's state keeps
// neither. Declarations, type tests and notes do not run.
const SUPPORT = ['test/**/*', 'src/**/__fixtures__/**/*', 'src/**/test-*.ts'];
const NOT_RUN = ['**/*.d.ts', '**/*.test-d.ts', '**/*.md'];

/** The test helpers and fixtures of a module's package, sorted so that the state's text is stable. */
function helpersOf(name, root) {
  const cwd = join(root, 'packages', name);
  return SUPPORT.flatMap((glob) => fs.globSync(glob, { cwd }))
    .filter((file) => !NOT_RUN.some((glob) => path.matchesGlob(file, glob)))
    .filter((file) => fs.statSync(join(cwd, file)).isFile())
    .map((file) => `packages/${name}/${file.split(path.sep).join('/')}`)
    .sort();
}

/**
 * The files a module depends on that Stryker's state leaves out, by the sha-256 of their text: the
 * mutated files without a mutant (a constant, a re-export), the test files without a test and, under
 * `helperFiles`, the package's test helpers and fixtures. Written into the committed state under this
 * key, since Stryker reads the state as a report and ignores it.
 */
const LEFT_OUT = 'filesWithoutMutantsOrTests';

function hashOf(file, root) {
  return createHash('sha256')
    .update(readFileSync(join(root, file)))
    .digest('hex');
}

/**
 * The hashes of a module's files as a run starts, since Stryker reads them then.
 * @example hashesOf('s3').helperFiles // { 'packages/s3/test/test-fixtures.ts': '3f1c…', ... }
 */
export function hashesOf(name, root = repoRoot) {
  const { mutated, tests } = filesOf(name, root);
  const hashes = (list) => Object.fromEntries(list.map((file) => [file, hashOf(file, root)]));
  return { files: hashes(mutated), testFiles: hashes(tests), helperFiles: hashes(helpersOf(name, root)) };
}

/**
 * Adds to a state Stryker wrote the hashes of the files it left out and of the package's test helpers,
 * even none of them: a state without `helperFiles` predates their record (see helperChangeOf).
 * @example withLeftOutFiles(strykerState, hashesOf('s3')).filesWithoutMutantsOrTests.helperFiles
 */
export function withLeftOutFiles(state, hashes) {
  const leftOut = (all, recorded = {}) =>
    Object.fromEntries(Object.entries(all).filter(([file]) => recorded[file] === undefined));
  const files = leftOut(hashes.files, state.files);
  const testFiles = leftOut(hashes.testFiles, state.testFiles);
  return { ...state, [LEFT_OUT]: { files, testFiles, helperFiles: hashes.helperFiles } };
}

/** Which of the current files differs from its record: the source Stryker kept, or the hash of one it left out. */
function changedFile(current, withSource, withHash, root) {
  for (const file of [...Object.keys(withSource), ...Object.keys(withHash)])
    if (!current.includes(file)) return `${file} is in the state, no longer in the module`;
  for (const file of current) {
    if (withSource[file] !== undefined) {
      if (withSource[file].source !== readFileSync(join(root, file), 'utf8')) return `${file} changed`;
    } else if (withHash[file] === undefined) return `${file} is new`;
    else if (withHash[file] !== hashOf(file, root)) return `${file} changed`;
  }
  return undefined;
}

/**
 * Which test helper or fixture of a module's package differs from the state's record, or undefined.
 * A state written before helpers were recorded has no record: unknown, taken as unchanged, so that
 * those states do not send every module to a run; the module's next run records them.
 * @example helperChangeOf('s3', readState('s3')) // 'packages/s3/test/test-fixtures.ts changed'
 */
export function helperChangeOf(name, state, root = repoRoot) {
  const recorded = state?.[LEFT_OUT]?.helperFiles;
  return recorded === undefined ? undefined : changedFile(helpersOf(name, root), {}, recorded, root);
}

/**
 * Why a module needs a run against its committed state, or undefined when nothing it depends on changed;
 * `root` is the repository's folder.
 * @example changeOf('batch', readState('batch')) // 'packages/batch/src/event-type.ts changed'
 */
export function changeOf(name, state, root = repoRoot) {
  if (state === undefined) return 'no committed state';
  const { mutated, tests } = filesOf(name, root);
  const leftOut = state[LEFT_OUT] ?? {};
  return (
    changedFile(mutated, state.files ?? {}, leftOut.files ?? {}, root) ??
    changedFile(tests, state.testFiles ?? {}, leftOut.testFiles ?? {}, root) ??
    helperChangeOf(name, state, root)
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
    cwd: repoRoot,
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
  const equivalents = readEquivalents(join(repoRoot, 'stryker/equivalent-mutants.json'));
  const results = [];
  const updated = [];
  let failed = false;
  for (const name of options.names) {
    const { gated } = modules[name];
    let passThrough = options.passThrough;
    if (options.changed && !gated) {
      console.log(`::: mutation ${name}: not gated yet (not at ${MINIMUM_SCORE} % yet, issue 23), not run`);
      continue;
    }
    const state = readState(name);
    // Stryker's incremental diff sees only mutated and test files: after a helper changed, it would
    // reuse every result, so every mutant must run again.
    const helperChange = helperChangeOf(name, state);
    if (options.changed) {
      const change = changeOf(name, state);
      if (change === undefined) {
        console.log(`::: mutation ${name}: sources and tests as in its committed state, not run`);
        continue;
      }
      // A full run takes up to an hour (idempotency), too long for CI: the state is refreshed where
      // the helper changed, and CI says so rather than trusting results the helper may have changed.
      if (helperChange !== undefined) {
        console.error(
          `::: mutation ${name}: ${helperChange} since its committed state, which Stryker's incremental mode cannot see: run \`npm run test:mutation -- ${name}\` (every mutant runs again) and commit stryker/incremental/${name}.json.gz`,
        );
        failed = true;
        continue;
      }
      console.log(`::: mutation ${name}: ${change}, incremental run`);
    } else if (helperChange !== undefined && !passThrough.includes('--force')) {
      console.log(`::: mutation ${name}: ${helperChange}, every mutant runs again (--force)`);
      passThrough = [...passThrough, '--force'];
    }
    const run = runStryker(name, passThrough);
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
    mkdirSync(join(repoRoot, '.tmp/mutation'), { recursive: true });
    writeFileSync(join(repoRoot, '.tmp/mutation/summary.md'), text);
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
