#!/usr/bin/env node
// Writes or checks the API report of every published package: for each entry of the exports map, the
// public declarations that `import` gives (dist/esm/**/*.d.ts), as API Extractor prints them, in
// packages/<name>/api/<name>[.<subpath>].api.md. The reports are committed, so a change to the public
// API shows up in review as a diff of these files.
//
//   node scripts/api-report.mjs            checks: fails when a report is missing, differs or is stale
//   node scripts/api-report.mjs --update   rewrites the reports (npm run api:update builds first)
//
// The reports are read from the builds, so build before checking (npm test does). API Extractor runs
// on its own bundled TypeScript (6.0): the repository's TypeScript 7 has no JavaScript compiler API.
// One compiler program per package serves all its entries: parser has ~60 subpaths, and a program per
// entry took about a second each.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerState, Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { publishedPackages as allPublishedPackages } from './pack-local.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const update = process.argv.includes('--update');
const UPDATE_HINT = 'run `npm run api:update` (builds, then rewrites the reports) and commit packages/*/api';

/** Published packages (private ones have no public API to report), optionally only those named. */
function publishedPackages() {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  return allPublishedPackages().filter(({ dir }) => only.length === 0 || only.includes(basename(dir)));
}

/**
 * The report file of an entry, flat and named so the specifier reads back from it: `.` is
 * packages/logger/api/logger.api.md, `./correlationId` logger.correlationId.api.md, `./envelopes/sqs`
 * parser.envelopes.sqs.api.md.
 */
export function reportFileName(packageName, subpath) {
  const unscoped = packageName.replace(/^@[^/]+\//, '');
  const parts = subpath === '.' ? [] : subpath.slice(2).split('/');
  return `${[unscoped, ...parts].join('.')}.api.md`;
}

/** Each exports entry with its ES module declarations: [{ subpath, specifier, types }]. */
function entriesOf(dir, manifest) {
  return Object.entries(manifest.exports ?? {})
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => ({
      subpath,
      specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      types: join(dir, target?.import?.types ?? ''),
    }));
}

// Messages that say nothing about the API's shape: lambkit does not tag releases (@public, @beta) and
// its JSDoc follows TypeScript's, not TSDoc's stricter grammar. A type used by an export but not
// exported itself is worth seeing, so it goes into the report instead of the console.
const messages = {
  compilerMessageReporting: { default: { logLevel: 'warning' } },
  extractorMessageReporting: {
    default: { logLevel: 'none' },
    'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
  },
  tsdocMessageReporting: { default: { logLevel: 'none' } },
};

function extractorConfig(dir, entry, reportFolder) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: dir,
      mainEntryPointFilePath: entry.types,
      compiler: {
        // The declarations as a user's ES module project reads them; skipLibCheck so a dependency's
        // declarations (the AWS SDK's, Middy's) cannot fail the report.
        overrideTsconfig: {
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            lib: ['es2023'],
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
          files: [entry.types],
        },
      },
      apiReport: {
        enabled: true,
        reportFolder,
        reportTempFolder: reportFolder,
        reportFileName: 'entry',
        includeForgottenExports: false,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages,
    },
    configObjectFullPath: join(dir, 'api-extractor.json'),
    packageJsonFullPath: join(dir, 'package.json'),
  });
}

/**
 * Biome's binary: the reports are Markdown, which `npm run lint` formats, so they are written as Biome
 * formats them. The platform binary directly: through the Node wrapper each file took ~0.25 s, ~18 s
 * for all reports.
 */
function biomeBinary() {
  try {
    return createRequire(import.meta.url).resolve(`@biomejs/cli-${process.platform}-${process.arch}/biome`);
  } catch {
    return join(root, 'node_modules/.bin/biome');
  }
}
const biome = biomeBinary();

function formatted(text, file) {
  const result = spawnSync(biome, ['format', `--stdin-file-path=${file}`], {
    cwd: root,
    input: text,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`biome format failed for ${file}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Runs API Extractor on every entry of one package; returns Map(file name -> report text). */
export function reportsOf({ dir, manifest }, scratch) {
  const entries = entriesOf(dir, manifest);
  // Several entries may share one declaration file (parser's envelopes all point at the root's).
  const declarations = [...new Set(entries.map((entry) => entry.types))];
  const missing = declarations.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `${manifest.name}: no declarations at ${missing.map((file) => relative(root, file)).join(', ')}; build first (npm run build)`,
    );
  }
  const reports = new Map();
  let compilerState;
  for (const types of declarations) {
    // One report per declaration file, named after the first entry that gives it: parser's 20
    // envelope subpaths re-export its root, and 20 copies of one API would bury a change in review.
    const [entry, ...aliases] = entries.filter((e) => e.types === types);
    const folder = mkdtempSync(join(scratch, 'entry-'));
    let config;
    try {
      config = extractorConfig(dir, entry, folder);
    } catch (error) {
      throw new Error(`${entry.specifier}: ${error.message}`);
    }
    compilerState ??= CompilerState.create(config, {
      additionalEntryPoints: declarations,
    });
    const problems = [];
    const result = Extractor.invoke(config, {
      localBuild: true,
      compilerState,
      messageCallback(message) {
        if (message.logLevel === 'error' || message.logLevel === 'warning')
          problems.push(message.formatMessageWithLocation(dir));
        message.handled = true;
      },
    });
    if (!result.succeeded || problems.length > 0) {
      throw new Error(`${entry.specifier}: API Extractor failed:\n  ${problems.join('\n  ')}`);
    }
    // Every entry's report would be titled with the package name; the title names the entry.
    const also =
      aliases.length === 0
        ? ''
        : `\n\n> Also exported as ${aliases.map((a) => `"${a.specifier}"`).join(', ')}.`;
    // API Extractor ends its lines with CRLF; the repository's files end them with LF.
    const text = readFileSync(join(folder, 'entry.api.md'), 'utf8')
      .replaceAll('\r\n', '\n')
      .replace(/^## API Report File for "[^"]+"/, `## API Report File for "${entry.specifier}"${also}`);
    const name = reportFileName(manifest.name, entry.subpath);
    reports.set(name, formatted(text, relative(root, join(dir, 'api', name))));
  }
  return reports;
}

/** What differs between the committed reports and the generated ones, one line each. */
export function reportDifferences(committed, generated) {
  const lines = [];
  for (const [name, text] of generated) {
    if (!committed.has(name)) lines.push(`${name}: missing (a new entry, or reports never written)`);
    else if (committed.get(name) !== text) lines.push(`${name}: the public API changed`);
  }
  for (const name of committed.keys())
    if (!generated.has(name)) lines.push(`${name}: stale (its entry left the exports map)`);
  return lines;
}

/** The first differing line of a report, to show what changed without a diff tool. */
function firstChange(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}: - ${a[at] ?? '(end)'}\n      + ${b[at] ?? '(end)'}`;
}

function committedReports(apiDir) {
  const reports = new Map();
  if (!existsSync(apiDir)) return reports;
  for (const name of readdirSync(apiDir))
    if (name.endsWith('.api.md')) reports.set(name, readFileSync(join(apiDir, name), 'utf8'));
  return reports;
}

function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'lambkit-api-'));
  let failures = 0;
  try {
    for (const pkg of publishedPackages()) {
      const apiDir = join(pkg.dir, 'api');
      let generated;
      try {
        generated = reportsOf(pkg, scratch);
      } catch (error) {
        failures++;
        console.error(`FAIL ${error.message}`);
        continue;
      }
      const committed = committedReports(apiDir);
      if (update) {
        mkdirSync(apiDir, { recursive: true });
        for (const name of committed.keys()) if (!generated.has(name)) rmSync(join(apiDir, name));
        for (const [name, text] of generated) writeFileSync(join(apiDir, name), text);
        console.log(
          `ok   ${pkg.manifest.name}: ${generated.size} report(s) written to ${relative(root, apiDir)}`,
        );
        continue;
      }
      const differences = reportDifferences(committed, generated);
      if (differences.length === 0) {
        console.log(`ok   ${pkg.manifest.name}: ${generated.size} report(s) match`);
        continue;
      }
      failures++;
      console.error(
        `FAIL ${pkg.manifest.name}: the API reports in ${relative(root, apiDir)} are out of date`,
      );
      for (const line of differences) {
        console.error(`  ${line}`);
        const name = line.slice(0, line.indexOf(':'));
        if (committed.has(name) && generated.has(name))
          console.error(`    ${firstChange(committed.get(name), generated.get(name))}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(
      `api-report: ${failures} package(s) failed. If the change to the public API is intended, ${UPDATE_HINT}.`,
    );
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
