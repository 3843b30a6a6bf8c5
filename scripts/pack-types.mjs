// Type-checks the published declarations the way users compile against them: from the installed
// tarballs, with skipLibCheck off, in an ES module project ("type": "module", module nodenext) that
// imports every subpath and in a CommonJS one ("type": "commonjs", module node16) that require()s
// every subpath. Each package is compiled on its own, with no @types package in scope but the ones
// its manifest asks for as peers (so a declaration needing @types/node, or an optional peer such as
// aws-xray-sdk-core, fails here as it would for a user without them), and must resolve each import
// to the declarations of its own condition: dist/esm for import, dist/cjs for require().
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two kinds of project users have, and where their declarations must come from. */
export const PROJECT_KINDS = [
  { name: 'esm', type: 'module', module: 'nodenext', dist: 'dist/esm' },
  { name: 'cjs', type: 'commonjs', module: 'node16', dist: 'dist/cjs' },
];

/** The @types packages a manifest asks for as peers, by the name `types` takes ('aws-lambda'). */
export function typesPeers(manifest) {
  return Object.keys(manifest.peerDependencies ?? {})
    .filter((name) => name.startsWith('@types/'))
    .map((name) => name.slice('@types/'.length));
}

/**
 * One subpath's imports. A CommonJS project compiles both `import ... from` (the usual way to write
 * it, emitted as require(): what failed with TS1479) and `import x = require(...)`.
 */
function importLines(kind, specifier, i) {
  const from = `import * as m${i} from ${JSON.stringify(specifier)};\nexport type T${i} = typeof m${i};\n`;
  if (kind.type === 'module') return from;
  return `${from}import r${i} = require(${JSON.stringify(specifier)});\nexport type R${i} = typeof r${i};\n`;
}

/** Writes `<project>/types-<kind>/<package>/` with a package.json, a tsconfig.json and index.ts. */
function writeScratch(project, kind, manifest, specifiers) {
  const dir = join(project, `types-${kind.name}`, manifest.name.replace('/', '__'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: kind.type })}\n`);
  const compilerOptions = {
    target: 'es2022',
    lib: ['es2023'],
    module: kind.module,
    moduleResolution: kind.module,
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    types: typesPeers(manifest),
  };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files: ['index.ts'] })}\n`);
  writeFileSync(
    join(dir, 'index.ts'),
    specifiers.map((specifier, i) => importLines(kind, specifier, i)).join(''),
  );
  return dir;
}

/**
 * Compiles each package's subpaths in both kinds of project; returns one line per failure (the
 * compiler's errors, or a declaration file read from the other condition's build).
 *
 * @example
 * const failures = checkPublishedTypes({ project, tsc, packages: [{ manifest, specifiers: ['@lambkit/core'] }] });
 */
export function checkPublishedTypes({ project, tsc, packages }) {
  const failures = [];
  for (const kind of PROJECT_KINDS) {
    for (const { manifest, specifiers } of packages) {
      const dir = writeScratch(project, kind, manifest, specifiers);
      const result = spawnSync(
        process.execPath,
        [tsc, '-p', 'tsconfig.json', '--listFiles', '--pretty', 'false'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
      const errors = lines.filter((line) => /error TS\d+/.test(line));
      const otherBuild = lines.filter(
        (line) =>
          /\/node_modules\/@lambkit\/[^/]+\/dist\//.test(line) &&
          !line.includes(`/${kind.dist}/`) &&
          line.endsWith('.d.ts'),
      );
      const label = `${kind.name} project ("type": "${kind.type}", module ${kind.module}) ${manifest.name}`;
      if (result.status !== 0 || errors.length > 0) {
        failures.push(`${label}: ${errors.length > 0 ? errors.join(' | ') : lines.slice(-6).join(' | ')}`);
      } else if (otherBuild.length > 0) {
        failures.push(`${label}: read declarations of the other build: ${otherBuild.join(', ')}`);
      } else {
        const own = lines.filter((line) => line.includes(`/node_modules/${manifest.name}/${kind.dist}/`));
        console.log(`ok   types ${label} (${specifiers.length} subpaths, ${own.length} declaration files)`);
      }
    }
  }
  return failures;
}
