#!/usr/bin/env node
// `npm run pack:local`: builds every published package and packs it with `npm pack`, so a project
// can install lambkit from this repository before (or instead of) the npm registry:
//   npm run pack:local                    writes packed/lambkit-<name>-<version>.tgz
//   npm run pack:local -- --out <dir>     writes the tarballs to <dir> (relative to the repository)
//   npm run pack:local -- --no-build      packs the dist/ folders as they are (the tests build first)
// docs/getting-started.md uses it, and scripts/getting-started.test.ts runs it as the page says.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm run pack:local` writes the tarballs when no --out is given. */
export const DEFAULT_PACK_DIR = 'packed';

/** The published packages: every packages/* manifest not marked private. */
export function publishedPackages() {
  return readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
    .map((name) => ({
      dir: join(root, 'packages', name),
      manifest: JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => !manifest.private);
}

function fail(message) {
  console.error(`pack:local: ${message}`);
  process.exit(1);
}

function parseArgs(args) {
  const options = { out: DEFAULT_PACK_DIR, build: true };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-build') options.build = false;
    else if (args[i] === '--out' && args[i + 1] !== undefined) options.out = args[++i];
    else fail(`unknown argument ${JSON.stringify(args[i])}: use --out <dir> and --no-build`);
  }
  return options;
}

function buildPackages() {
  const turbo = join(root, 'node_modules/turbo/bin/turbo');
  const result = spawnSync(process.execPath, [turbo, 'run', 'build', '--filter=./packages/*'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) fail('the build failed (see above); nothing was packed');
}

/** Packs each published package into `outDir` (emptied of earlier tarballs first); returns the files. */
export function packPackages(outDir) {
  mkdirSync(outDir, { recursive: true });
  // A tarball of an earlier version left in the folder would be installed too by `*.tgz`.
  for (const file of readdirSync(outDir)) if (file.endsWith('.tgz')) rmSync(join(outDir, file));
  const packages = publishedPackages();
  for (const { dir, manifest } of packages)
    if (!existsSync(join(dir, 'dist')))
      fail(`${manifest.name} has no dist/: run \`npm run build\` first, or leave out --no-build`);
  // One npm process for every workspace: ~1 s in all, where one `npm pack` per package took ~14 s.
  const workspaces = packages.flatMap(({ dir }) => ['--workspace', relative(root, dir)]);
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--loglevel=error', '--pack-destination', outDir, ...workspaces],
    { cwd: root, encoding: 'utf8' },
  );
  return JSON.parse(out).map((packed) => join(outDir, packed.filename));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) buildPackages();
  const outDir = resolve(root, options.out);
  const tarballs = packPackages(outDir);
  console.log(`pack:local: ${tarballs.length} packages packed into ${outDir}`);
  for (const tarball of tarballs) console.log(`  ${relative(outDir, tarball)}`);
}
