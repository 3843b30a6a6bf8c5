#!/usr/bin/env node
// Packs every published package and checks what users get:
// - each tarball holds package.json, README.md, LICENSE and the two builds, nothing else
//   (scripts/pack-contents.mjs), and each exports map gives import and require their own types;
// - installed from the tarballs into a scratch project (optional peers left out; dependencies, such
//   as the tracer's aws-xray-sdk-core, installed as npm installs them), the declarations type-check with skipLibCheck off in an ES module project and in
//   a CommonJS one (scripts/pack-types.mjs);
// - every export loads both as an ES module and with require() under the flags Lambda's runtimes use
//   (--no-experimental-require-module on Node 20 and 22, plus --no-experimental-detect-module on 22),
//   so a broken exports map, a missing build or a missing file fails CI. Both loads must expose the
//   same names. Each extra argument is another Node binary (or command) to run the loads on too;
// - publint and @arethetypeswrong/cli's checks (attw) pass on every tarball (scripts/pack-lint.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportsProblems, tarballProblems } from './pack-contents.mjs';
import { attwProblems, publintProblems } from './pack-lint.mjs';
import { publishedPackages } from './pack-local.mjs';
import { checkPublishedTypes, typesPeers } from './pack-types.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'lambkit-pack-'));
const extraNodes = process.argv.slice(2).filter((arg) => arg !== '--keep');

function specifiersOf(manifest) {
  return Object.keys(manifest.exports)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

// Each export's name, and for functions and classes the name they carry (stack traces, error.name):
// the ES module and CommonJS builds must agree on both.
const describeExports = `const describe = (m) => JSON.stringify(Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort().map((k) => typeof m[k] === 'function' ? k + ':' + m[k].name : k))`;

// No module may do anything at import time: importing must leave the environment, the event loop's
// handles (timers, sockets; pending file requests of the loader itself aside) and the global object
// as they were. Node's own doings are left out: on Node 22 and later, loading node:http registers
// undici's global dispatcher symbol and opens the stdio pipe handles.
const SIDE_EFFECT = ' SIDE-EFFECT';
const SIDE_EFFECT_MARK = JSON.stringify(SIDE_EFFECT);
const snapshotState =
  "const snapshot = () => [JSON.stringify(process.env), process.getActiveResourcesInfo().filter((r) => !r.includes(`Req`) && r !== `PipeWrap` && r !== `TTYWrap`).join(`,`), Object.getOwnPropertyNames(globalThis).join(','), Object.getOwnPropertySymbols(globalThis).map(String).filter((s) => !s.includes(`undici`)).join(`,`)].join('|')";

/**
 * Whether an entry is types only (as @lambkit/commons/types): nothing at run time, and declarations
 * that export types and nothing else. Such an entry may export nothing.
 */
function isTypesOnly(project, specifier) {
  const [scope, name, ...rest] = specifier.split('/');
  const manifest = JSON.parse(
    readFileSync(join(project, 'node_modules', scope, name, 'package.json'), 'utf8'),
  );
  const entry = manifest.exports[rest.length === 0 ? '.' : `./${rest.join('/')}`];
  const types = entry?.import?.types;
  if (typeof types !== 'string') return false;
  const text = readFileSync(join(project, 'node_modules', scope, name, types), 'utf8');
  return /^export type /m.test(text) && !/^export (declare|const|function|class|\{)/m.test(text);
}

/** Packs one package; returns the tarball's path and the files in it. */
function pack(dir) {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
    cwd: dir,
    encoding: 'utf8',
  });
  const [{ filename, files }] = JSON.parse(out);
  return { tarball: join(scratch, filename), files: files.map((file) => file.path) };
}

/**
 * The @types packages the packages ask for as peers, at the versions the monorepo is tested with:
 * a TypeScript user installs them, as the package's README says.
 */
function typesPeerSpecs(published) {
  const names = new Set(
    published.flatMap(({ manifest }) => typesPeers(manifest).map((name) => `@types/${name}`)),
  );
  return [...names].map((name) => {
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return `${name}@${version}`;
  });
}

/**
 * The optional peers a package's declarations import (zod and valibot for parser's schema
 * subpaths): a user of those subpaths has them, so the scratch project installs them at the
 * versions the monorepo is tested with. Peers loaded only when used (aws-xray-sdk-core, the AWS SDK,
 * middy) stay out, and the check below proves the packages do without them.
 */
function importedOptionalPeers({ dir, manifest }) {
  const optional = Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([name, meta]) => meta.optional && !name.startsWith('@types/'))
    .map(([name]) => name);
  const declarations = readdirSync(join(dir, 'dist', 'esm'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  // An import or export statement, or an import() type; JSDoc examples (lines starting ` * `) aside.
  const imports = (peer) => {
    const name = peer.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return new RegExp(`(^(import|export)\\b[^\\n]*from ['"]|import\\(['"])${name}(/[^'"]*)?['"]`, 'm');
  };
  return optional.filter((peer) => declarations.some((text) => imports(peer).test(text)));
}

function peerSpecs(names) {
  return [...new Set(names)].map((name) => {
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return `${name}@${version}`;
  });
}

let failed = 0;
function fail(message) {
  failed++;
  console.error(`FAIL ${message}`);
}

try {
  const published = publishedPackages();
  const tarballs = [];
  for (const { dir, manifest } of published) {
    const { tarball, files } = pack(dir);
    tarballs.push(tarball);
    const problems = [...tarballProblems(files), ...exportsProblems(manifest.exports)];
    if (problems.length > 0) fail(`${manifest.name} tarball: ${problems.join('; ')}`);
    else console.log(`ok   ${manifest.name} tarball (${files.length} files: LICENSE, README.md, builds)`);
    const lint = [...(await publintProblems(tarball)), ...(await attwProblems(tarball))];
    // A broken exports map repeats one problem per entry (parser has ~60): the first 20 say enough.
    const shown = lint.length > 20 ? [...lint.slice(0, 20), `... and ${lint.length - 20} more`] : lint;
    if (lint.length > 0) fail(`${manifest.name} tarball:\n  ${shown.join('\n  ')}`);
    else console.log(`ok   ${manifest.name} publint and attw (node16 and bundler resolution)`);
  }
  const imported = new Map(published.map((pkg) => [pkg.manifest.name, importedOptionalPeers(pkg)]));
  const project = join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "scratch", "private": true }\n');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--omit=peer',
      '--loglevel=error',
      ...tarballs,
      ...typesPeerSpecs(published),
      ...peerSpecs([...imported.values()].flat()),
    ],
    { cwd: project, stdio: 'inherit' },
  );

  // Optional peers stay out, as for a user who does not use them; the type check proves the
  // declarations do without them.
  for (const { manifest } of published) {
    for (const [peer, meta] of Object.entries(manifest.peerDependenciesMeta ?? {})) {
      const needed = peer.startsWith('@types/') || imported.get(manifest.name)?.includes(peer);
      if (meta.optional && !needed && existsSync(join(project, 'node_modules', peer)))
        fail(
          `the scratch project has ${peer} installed, so the check cannot show ${manifest.name} works without it`,
        );
    }
  }
  const typeFailures = checkPublishedTypes({
    project,
    tsc,
    packages: published.map(({ manifest }) => ({ manifest, specifiers: specifiersOf(manifest) })),
  });
  for (const failure of typeFailures) fail(`types ${failure}`);

  const nodes = [[process.execPath], ...extraNodes.map((cmd) => cmd.split(' '))];
  for (const node of nodes) {
    const [bin, ...prefix] = node;
    const version = execFileSync(bin, [...prefix, '-p', 'process.versions.node'], {
      encoding: 'utf8',
    }).trim();
    const major = Number(version.split('.')[0]);
    // The flags Lambda's nodejs20.x / nodejs22.x runtimes start Node with; nodejs24.x uses neither.
    const flags =
      major === 22
        ? ['--no-experimental-require-module', '--no-experimental-detect-module']
        : major === 20
          ? ['--no-experimental-require-module']
          : [];
    for (const { manifest } of published) {
      for (const specifier of specifiersOf(manifest)) {
        const cjs = spawnSync(
          bin,
          [
            ...prefix,
            ...flags,
            '-e',
            `${describeExports}; process.stdout.write(describe(require(${JSON.stringify(specifier)})))`,
          ],
          { cwd: project, encoding: 'utf8' },
        );
        const esm = spawnSync(
          bin,
          [
            ...prefix,
            ...flags,
            '--input-type=module',
            '-e',
            // The peers its declarations import load first: what they do at import time (zod
            // keeps a global registry) is theirs, not lambkit's.
            `${describeExports}; ${snapshotState}; for (const peer of ${JSON.stringify(imported.get(manifest.name) ?? [])}) await import(peer); const before = snapshot(); const m = await import(${JSON.stringify(specifier)}); const after = snapshot(); process.stdout.write(describe(m) + (before === after ? '' : ${SIDE_EFFECT_MARK}))`,
          ],
          { cwd: project, encoding: 'utf8' },
        );
        const problems = [];
        if (cjs.status !== 0)
          problems.push(`require() failed: ${cjs.stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
        if (esm.status !== 0)
          problems.push(`import failed: ${esm.stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
        if (esm.stdout.endsWith(SIDE_EFFECT)) {
          problems.push('does work at import time: environment variables, active handles or globals changed');
          esm.stdout = esm.stdout.slice(0, -SIDE_EFFECT.length);
        }
        if (problems.length === 0 && cjs.stdout !== esm.stdout)
          problems.push(`exports or their names differ: require ${cjs.stdout} vs import ${esm.stdout}`);
        if (problems.length === 0 && cjs.stdout === '[]' && !isTypesOnly(project, specifier)) {
          problems.push('exports nothing');
        }
        if (problems.length > 0) {
          fail(`node ${version} ${specifier}: ${problems.join('; ')}`);
        } else {
          console.log(
            `ok   node ${version} ${specifier} (${JSON.parse(cjs.stdout).length} exports, ESM and CommonJS)`,
          );
        }
      }
    }
  }
} finally {
  if (!process.argv.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`pack-check: ${failed} failure(s)`);
  process.exit(1);
}
