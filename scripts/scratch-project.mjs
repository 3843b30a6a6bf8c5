// A project outside the monorepo with lambkit installed from its packed tarballs, as a user gets
// it from npm. Inside the monorepo, tsconfig paths and workspace links resolve @lambkit/* to the
// sources or to dist/ folders next to everything else, and hide what the tarballs really hold.
// Used by the size check (scripts/size-check.mjs) and the bench's bundle and import scenarios.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackages } from './pack-local.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * `name@version` of a package as the monorepo has it installed, so the scratch project gets the
 * version the tests ran with (for Powertools and middy: the same for both sides of a comparison).
 *
 * @example
 * installedSpec('@middy/core'); // '@middy/core@7.9.2'
 */
export function installedSpec(name, from = root) {
  const manifest = JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8'));
  return `${name}@${manifest.version}`;
}

/**
 * Packs every published package (dist/ as built: build first) and installs the tarballs, plus
 * `extra` specs from the npm registry, into a new project under the system's temporary folder.
 * Returns the project's folder.
 *
 * @example
 * const project = installPacked({ extra: [installedSpec('@middy/core')] });
 */
export function installPacked({ extra = [], dir = mkdtempSync(join(tmpdir(), 'lambkit-scratch-')) } = {}) {
  const tarballs = packPackages(join(dir, 'tarballs'));
  const project = join(dir, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), '{ "name": "scratch", "private": true, "type": "module" }\n');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--omit=peer',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs,
      ...extra,
    ],
    { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return project;
}
