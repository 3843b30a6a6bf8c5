// Builds the lambkit Lambda layer: nodejs/node_modules/@lambkit/* with the third-party code they need
// at run time, minus what the Lambda Node.js runtime already provides (@aws-sdk/*) and minus types,
// sources, tests and docs, zipped with layer/src/zip.mjs.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareLayerCode } from './prepare-code.mjs';
import { writeZip } from './zip.mjs';

/** The repository root (layer/src/../..). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lambda's quota for a function and all its layers, unzipped: 250 MB. */
export const LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000;

/**
 * Test helpers and the local runner stay out of the layer: they run on developers' machines and in
 * CI, never in Lambda.
 */
const EXCLUDED_PACKAGES = new Set(['@lambkit/local', '@lambkit/testing']);

/**
 * Optional peer dependencies the layer provides, so a function that attaches it needs nothing else:
 * @middy/core to compose the middlewares, zod and valibot for @lambkit/parser's built-in schemas
 * (/schemas, /valibot): parser in the layer resolves them from the layer's node_modules, never from
 * the function's. aws-xray-sdk-core, a dependency of @lambkit/tracer (Powertools' layer ships it
 * for its tracer too), is staged apart as one file (stageXraySdk, STAGED_APART). A copy in the
 * function's own node_modules still wins for the function's own imports: Node looks there before
 * NODE_PATH.
 */
const PROVIDED_PEERS = ['@middy/core', 'valibot', 'zod'];

/** aws-xray-sdk-core and its dependencies joined into one file by @lambkit/tracer's build. */
const XRAY_SDK_FILE = join('packages', 'tracer', 'dist', 'cjs', 'xray-sdk.js');

/**
 * Dependencies that stageXraySdk stages as the tracer's single file: @lambkit/tracer depends on
 * aws-xray-sdk-core (as Powertools' tracer does, so npm installs it for a function that switches),
 * but staging it as npm installs it would add its ~84 files (cls-hooked, semver...) that the single
 * file already holds.
 */
const STAGED_APART = new Set(['aws-xray-sdk-core']);

/** What the Lambda Node.js runtime already has in /var/runtime/node_modules, or types only. */
function providedByRuntime(name) {
  return name.startsWith('@aws-sdk/') || name.startsWith('@types/');
}

/**
 * What a layer never ships, and why: each rule names a kind of file that third-party packages often
 * publish by mistake (atomic-batcher ships test.js and example.js, async-hook-jl yarn.lock and
 * .travis.yml) and that Lambda never loads. Licences and notices always stay.
 */
const EXCLUDED = [
  {
    reason: 'a test',
    dir: /^(test|tests|__tests__|spec|__mocks__|__fixtures__|fixtures|coverage)$/i,
    file: /^(test|tests|spec)\.[cm]?js$|\.(test|spec)\.[cm]?js$/i,
  },
  { reason: 'an example', dir: /^(example|examples|demo|demos)$/i, file: /^(example|demo)s?\.[cm]?js$/i },
  { reason: 'a benchmark', dir: /^(bench|benchmark|benchmarks)$/i, file: /^bench(mark)?s?\.[cm]?js$/i },
  {
    reason: 'a lockfile',
    file: /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/i,
  },
  {
    reason: 'CI or tooling configuration',
    dir: /^(\.github|\.circleci|\.vscode|\.idea|\.husky)$/i,
    file: /^(\.travis\.yml|appveyor\.yml|\.gitlab-ci\.yml|\.eslintrc.*|\.eslintignore|\.npmignore|\.gitignore|\.gitattributes|\.editorconfig|\.prettierrc.*|\.nycrc.*|\.jshintrc|\.babelrc.*|\.zuul\.yml|\.airtap\.yml|Makefile|Gruntfile\.js|gulpfile\.js|karma\.conf\.js|jest\.config\.[cm]?js|tsconfig.*\.json)$/i,
  },
  {
    reason: 'documentation',
    dir: /^(doc|docs)$/i,
    file: /\.(md|markdown|html|txt)$|^(changelog|readme|history|contributing|authors)(\..*)?$/i,
  },
  { reason: 'types, sources or source maps', file: /\.([cm]?ts|map|tsbuildinfo)$/i },
];

/** Licences and notices ship whatever they are named (LICENSE.md, LICENCE.txt, NOTICE, tslib's CopyrightNotice.txt). */
// A name that only starts like one (a module notices.d.ts) is not a licence.
const LICENCE_FILE = /^(license|licence|notice|copying|copyright)[^.]*(\.(md|markdown|txt|rst))?$/i;

/** Why `name` (a file, or a directory when `isDir`) stays out of the layer; undefined when it ships. */
function excludedReason(name, isDir) {
  if (!isDir && LICENCE_FILE.test(name)) return undefined;
  return EXCLUDED.find((rule) => (isDir ? rule.dir : rule.file)?.test(name))?.reason;
}

/** A build error whose message says what is wrong and what to do; the CLI prints only the message. */
export class LayerBuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LayerBuildError';
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The workspace packages that go into the layer, with their manifests. */
export function layerPackages(root = repoRoot) {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => ({ dir: join(dir, name), manifest: readJson(join(dir, name, 'package.json')) }))
    .filter(({ manifest }) => !manifest.private && !EXCLUDED_PACKAGES.has(manifest.name))
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** Every file an exports map points at (import, require and default conditions; types excluded). */
function exportTargets(manifest) {
  const targets = new Set();
  const visit = (value, key) => {
    if (typeof value === 'string') {
      if (key !== 'types' && value.startsWith('./dist/')) targets.add(value);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(manifest.exports ?? {}, '');
  for (const field of ['main', 'module'])
    if (typeof manifest[field] === 'string') targets.add(manifest[field].replace(/^(?!\.\/)/, './'));
  return [...targets];
}

/** Fails with a message naming the package and the missing file when a package is not built. */
export function checkBuildOutput({ dir, manifest }, root = repoRoot) {
  const targets = exportTargets(manifest);
  if (targets.length === 0) {
    throw new LayerBuildError(
      `${manifest.name} has no exports map pointing into dist/; cannot tell what to ship`,
    );
  }
  for (const target of targets) {
    const file = join(dir, target);
    if (!existsSync(file)) {
      throw new LayerBuildError(
        `${manifest.name} has no build output: ${relative(root, file)} is missing. Run \`npm run build\` (or \`npm run layer\`, which builds first).`,
      );
    }
  }
}

/**
 * Drops `types` conditions (the layer ships no .d.ts) and keeps the rest of the exports map; a
 * condition left with only `default` (`"import": { "default": "./dist/esm/index.js" }`) becomes its
 * target.
 */
function withoutTypes(value) {
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) if (key !== 'types') out[key] = withoutTypes(inner);
  const keys = Object.keys(out);
  return keys.length === 1 && keys[0] === 'default' ? out.default : out;
}

/** The manifest a package keeps in the layer: what Node reads to resolve it, and its licence. */
function runtimeManifest(manifest) {
  const kept = {};
  for (const field of [
    'name',
    'version',
    'license',
    'type',
    'sideEffects',
    'main',
    'module',
    'exports',
    'imports',
    'dependencies',
    'peerDependencies',
    'peerDependenciesMeta',
  ]) {
    if (manifest[field] !== undefined)
      kept[field] = field === 'exports' ? withoutTypes(manifest[field]) : manifest[field];
  }
  return kept;
}

/** Copies a package's tree without what the layer never ships (nested node_modules are staged apart). */
function copyTree(from, to) {
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const rel = relative(from, source);
      if (rel === '') return true;
      const name = rel.split(sep).pop();
      const isDir = statSync(source).isDirectory();
      if (isDir && name === 'node_modules') return false;
      return excludedReason(name, isDir) === undefined;
    },
  });
}

/**
 * Fails when the staged layer holds a file it must never ship (a test, an example, a benchmark, a
 * lockfile, CI configuration, documentation other than licences, types or sources), naming each
 * file and why. The copy leaves them out; this catches any other way one gets in.
 *
 * @example
 * checkLayerFiles('/tmp/layer'); // throws LayerBuildError: ... nodejs/node_modules/x/yarn.lock (a lockfile) ...
 */
export function checkLayerFiles(stagingDir) {
  const shipped = [];
  // `names` is true where the entries are package names (node_modules and its @scope folders), which
  // the rules do not apply to: @standard-schema/spec is a package, not a folder of specs.
  const visit = (dir, names) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const isDir = entry.isDirectory();
      const isPackage = isDir && names && !entry.name.startsWith('@');
      const reason = isPackage ? undefined : excludedReason(entry.name, isDir);
      if (reason !== undefined) {
        shipped.push(`${relative(stagingDir, path).split(sep).join('/')}${isDir ? '/' : ''} (${reason})`);
      } else if (isDir) {
        visit(path, entry.name === 'node_modules' || (names && entry.name.startsWith('@')));
      }
    }
  };
  visit(stagingDir, false);
  if (shipped.length > 0) {
    throw new LayerBuildError(
      `the layer would ship ${shipped.length} file(s) Lambda never loads: ${shipped.join(', ')}. Leave them out in layer/src/build-layer.mjs (EXCLUDED) or in the step that wrote them.`,
    );
  }
}

/** Copies one workspace package's dist (no types, no maps, no tests) and its trimmed manifest. */
function stageWorkspacePackage({ dir, manifest }, modules, root) {
  const target = join(modules, manifest.name);
  mkdirSync(target, { recursive: true });
  copyTree(join(dir, 'dist'), join(target, 'dist'));
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(runtimeManifest(manifest), null, 2)}\n`);
  for (const licence of ['LICENSE', 'LICENSE.md']) {
    const own = join(dir, licence);
    const file = existsSync(own) ? own : join(root, licence);
    if (existsSync(file)) {
      cpSync(file, join(target, 'LICENSE'));
      break;
    }
  }
}

/** The directory of package `name` as Node would find it from `fromDir` (walking up node_modules). */
function findPackageDir(name, fromDir, root) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  const atRoot = join(root, 'node_modules', name);
  return existsSync(join(atRoot, 'package.json')) ? atRoot : undefined;
}

/**
 * Copies installed packages and their runtime dependencies, transitively, into `modules` (a layer's
 * nodejs/node_modules), skipping what the Lambda runtime provides. A package goes to
 * `modules/<name>` unless another version is already there, in which case it nests under the package
 * that needs it. `roots` are `{ name, fromDir }`: the package, and where Node would look it up from.
 *
 * @example
 * stageDependencies([{ name: '@middy/core', fromDir: repoRoot }], '/tmp/layer/nodejs/node_modules');
 */
export function stageDependencies(roots, modules, root = repoRoot) {
  const placed = new Map(); // layer path -> source dir
  const queue = roots.map(({ name, fromDir, optional }) => ({ name, fromDir, into: modules, optional }));
  while (queue.length > 0) {
    const { name, fromDir, into, optional } = queue.shift();
    if (providedByRuntime(name)) continue;
    const source = findPackageDir(name, fromDir, root);
    if (source === undefined) {
      if (optional) continue;
      throw new LayerBuildError(
        `dependency ${name} (needed from ${relative(root, fromDir) || '.'}) is not installed; run \`npm ci\``,
      );
    }
    let target = join(modules, name);
    if (placed.has(target) && placed.get(target) !== source) target = join(into, name);
    if (placed.get(target) === source) continue;
    placed.set(target, source);
    copyTree(source, target);
    removeEmptyDirectories(target);
    const manifest = readJson(join(source, 'package.json'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      queue.push({ name: dep, fromDir: source, into: join(target, 'node_modules') });
    }
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
      queue.push({ name: dep, fromDir: source, into: join(target, 'node_modules'), optional: true });
    }
  }
  return [...placed.keys()];
}

/**
 * Stages aws-xray-sdk-core as the single file @lambkit/tracer's build makes of it and its
 * dependencies (packages/tracer/dist/cjs/xray-sdk.js, see packages/tracer/scripts/build-xray-sdk.mjs):
 * one file to load instead of ~84 (cls-hooked, semver...), a fraction of their time at INIT. Both
 * @lambkit/tracer and the function's own `require('aws-xray-sdk-core')` (or import) resolve to this
 * package, so they share one SDK object. The SDK's LICENSE ships beside it, and every bundled
 * package's licence is at the top of the file. The tracer's own copy of the file is left out.
 *
 * @example
 * stageXraySdk('/tmp/layer/nodejs/node_modules'); // writes aws-xray-sdk-core/{package.json,index.js,xray-sdk.js,LICENSE}
 */
export function stageXraySdk(modules, root = repoRoot) {
  const file = join(root, XRAY_SDK_FILE);
  if (!existsSync(file)) {
    throw new LayerBuildError(
      `@lambkit/tracer has no single-file aws-xray-sdk-core: ${XRAY_SDK_FILE} is missing. Run \`npm run build\` (or \`npm run layer\`, which builds first).`,
    );
  }
  // Loading the file runs none of the SDK (its modules run on loadSdk()): it only gives the version.
  const { version } = createRequire(import.meta.url)(file);
  const installed = findPackageDir('aws-xray-sdk-core', join(root, 'packages', 'tracer'), root);
  const target = join(modules, 'aws-xray-sdk-core');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(file, join(target, 'xray-sdk.js'));
  writeFileSync(
    join(target, 'index.js'),
    "'use strict';\n// aws-xray-sdk-core and its dependencies in one file (xray-sdk.js), from @lambkit/tracer's build.\nmodule.exports = require('./xray-sdk.js').loadSdk();\n",
  );
  const manifest = { name: 'aws-xray-sdk-core', version, license: 'Apache-2.0', main: 'index.js' };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const name of installed === undefined ? [] : readdirSync(installed)) {
    if (LICENCE_FILE.test(name)) cpSync(join(installed, name), join(target, name));
  }
  rmSync(join(modules, '@lambkit', 'tracer', 'dist', 'cjs', 'xray-sdk.js'), { force: true });
}

/** Removes the directories the copy left empty (zod's src/ once its .ts sources are left out). */
function removeEmptyDirectories(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirectories(join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

function walkFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(path, out);
    else out.push(path);
  }
  return out;
}

function directorySize(dir) {
  return walkFiles(dir).reduce((sum, file) => sum + statSync(file).size, 0);
}

/**
 * Copies the layer's content into `stagingDir/nodejs/node_modules`. With `prepare` (the default),
 * each @lambkit package's CommonJS build is replaced by its joined ES module build converted (see
 * layer/src/prepare-code.mjs); `minify` also minifies both formats.
 *
 * @example
 * await stageLayer({ stagingDir: '/tmp/layer' });
 */
export async function stageLayer({ root = repoRoot, stagingDir, prepare = true, minify = false } = {}) {
  const packages = layerPackages(root);
  for (const pkg of packages) checkBuildOutput(pkg, root);
  const modules = join(stagingDir, 'nodejs', 'node_modules');
  mkdirSync(modules, { recursive: true });
  const workspaceNames = new Set(packages.map(({ manifest }) => manifest.name));
  const thirdParty = [];
  for (const pkg of packages) {
    stageWorkspacePackage(pkg, modules, root);
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
      if (!workspaceNames.has(dep) && !STAGED_APART.has(dep))
        thirdParty.push({ name: dep, fromDir: pkg.dir });
    }
  }
  for (const peer of PROVIDED_PEERS) thirdParty.push({ name: peer, fromDir: root });
  stageDependencies(thirdParty, modules, root);
  if (workspaceNames.has('@lambkit/tracer')) stageXraySdk(modules, root);
  if (prepare) {
    const linked = [...workspaceNames];
    for (const { manifest } of packages) {
      await prepareLayerCode(join(modules, manifest.name), { minify, modules, linked });
    }
  }
  return { modules, packages };
}

/** Sizes of what sits directly under node_modules (a scope counts per package), largest first. */
export function packageSizes(modules) {
  const rows = [];
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dirs = entry.name.startsWith('@')
      ? readdirSync(join(modules, entry.name)).map((name) => `${entry.name}/${name}`)
      : [entry.name];
    for (const name of dirs) rows.push({ name, bytes: directorySize(join(modules, name)) });
  }
  return rows.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

/** Zip entries for everything under `stagingDir`, directories included, in a stable order. */
function zipEntries(stagingDir) {
  const entries = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      const name = relative(stagingDir, path).split(sep).join('/');
      if (entry.isDirectory()) {
        entries.push({ name: `${name}/` });
        visit(path);
      } else {
        const mode = statSync(path).mode & 0o111 ? 0o100755 : 0o100644;
        entries.push({ name, data: readFileSync(path), mode });
      }
    }
  };
  visit(stagingDir, false);
  return entries;
}

/**
 * Builds the layer zip. Fails with a LayerBuildError when a package has no build output, or when
 * the layer would unzip to more than `maxUnzippedBytes` (Lambda's 250 MB limit by default).
 * Returns the zip path, its size, the unzipped size and each package's size.
 *
 * @example
 * const layer = await buildLayer({ outFile: 'dist/lambkit-layer.zip' });
 * console.log(layer.zipBytes, layer.packages);
 */
export async function buildLayer({
  root = repoRoot,
  outFile = join(root, 'dist', 'lambkit-layer.zip'),
  minify = false,
  maxUnzippedBytes = LAMBDA_UNZIPPED_LIMIT_BYTES,
} = {}) {
  const stagingDir = mkdtempSync(join(tmpdir(), 'lambkit-layer-'));
  try {
    const { modules } = await stageLayer({ root, stagingDir, minify });
    checkLayerFiles(stagingDir);
    const unzippedBytes = directorySize(stagingDir);
    if (unzippedBytes > maxUnzippedBytes) {
      throw new LayerBuildError(
        `the layer would unzip to ${formatBytes(unzippedBytes)} (${unzippedBytes} bytes), over the limit of ${formatBytes(maxUnzippedBytes)} (${maxUnzippedBytes} bytes); Lambda allows 250 MB unzipped for a function and all its layers`,
      );
    }
    const zip = writeZip(zipEntries(stagingDir));
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, zip);
    return { outFile, zipBytes: zip.length, unzippedBytes, packages: packageSizes(modules) };
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
}

/**
 * Bytes in KiB/MiB with one decimal ("48.2 KiB").
 *
 * @example
 * formatBytes(1536); // '1.5 KiB'
 */
export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
