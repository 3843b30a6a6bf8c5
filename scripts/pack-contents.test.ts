import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportsProblems, tarballProblems } from './pack-contents.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const published = readdirSync(join(root, 'packages'))
  .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
  .map((name) => ({
    dir: join(root, 'packages', name),
    manifest: JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => !manifest.private);

const GOOD_TARBALL = [
  'LICENSE',
  'README.md',
  'package.json',
  'dist/cjs/package.json',
  'dist/cjs/index.js',
  'dist/cjs/index.d.ts',
  'dist/cjs/schemas/index.d.ts',
  'dist/esm/index.js',
  'dist/esm/index.d.ts',
  'dist/esm/_chunks/chunk-4QX7BZ2M.js',
];

describe('tarballProblems', () => {
  it('accepts a tarball of the manifest, README.md, LICENSE and the two builds', () => {
    expect(tarballProblems(GOOD_TARBALL)).toEqual([]);
  });

  it('names each required file that is missing', () => {
    const files = GOOD_TARBALL.filter((file) => file !== 'LICENSE' && file !== 'README.md');

    expect(tarballProblems(files)).toEqual(['README.md is missing', 'LICENSE is missing']);
  });

  it.each([
    'dist/esm/index.test.js',
    'dist/cjs/test-helpers.js',
    'dist/esm/__fixtures__/event.js',
    'dist/esm/index.js.map',
    'dist/tsconfig.build.tsbuildinfo',
    'src/index.ts',
    'CHANGELOG.md',
  ])('names %s as outside the allow-list', (stray) => {
    expect(tarballProblems([...GOOD_TARBALL, stray])).toEqual([
      `ships files outside the allow-list (package.json, README.md, LICENSE, dist/{esm,cjs}/**/*.{js,d.ts}, no tests): ${stray}`,
    ]);
  });
});

describe('exportsProblems', () => {
  it('names a subpath whose one types condition serves require() too', () => {
    const exports = {
      '.': { types: './dist/esm/index.d.ts', import: './dist/esm/index.js', require: './dist/cjs/index.js' },
    };

    expect(exportsProblems(exports)).toEqual([
      '"." import: no { "types", "default" } pair',
      '"." require: no { "types", "default" } pair',
      '".": conditions other than import and require: types',
    ]);
  });

  it('names a require condition given the ES module declarations', () => {
    const exports = {
      './schemas': {
        import: { types: './dist/esm/schemas/index.d.ts', default: './dist/esm/schemas/index.js' },
        require: { types: './dist/esm/schemas/index.d.ts', default: './dist/cjs/schemas/index.js' },
      },
    };

    expect(exportsProblems(exports)).toEqual([
      '"./schemas" require: types ./dist/esm/schemas/index.d.ts and code ./dist/cjs/schemas/index.js must both be in ./dist/cjs/',
    ]);
  });
});

describe('the published packages', () => {
  it.each(published.map(({ manifest, dir }) => [manifest.name, dir, manifest]))(
    '%s gives import and require their own declarations in its exports map',
    (_name, _dir, manifest) => {
      expect(exportsProblems(manifest.exports)).toEqual([]);
      expect(manifest.types).toBe('./dist/cjs/index.d.ts');
    },
  );

  it.each(published.map(({ manifest, dir }) => [manifest.name, dir, manifest]))(
    '%s has a README.md and the MIT LICENSE its manifest names, and packs both',
    (_name, dir, manifest) => {
      expect(manifest.license).toBe('MIT');
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
      expect(existsSync(join(dir, 'README.md'))).toBe(true);
      expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
    },
  );

  // The declarations of @lambkit/core use AsyncLocalStorage from node:async_hooks; every package
  // depends on core. The pack check compiles each package with only the @types peers it declares.
  it('@lambkit/core declares @types/node, which its declarations use, as an optional peer', () => {
    const core = published.find(({ manifest }) => manifest.name === '@lambkit/core');
    const manifest = core?.manifest;

    expect(manifest?.peerDependencies?.['@types/node']).toBe('>=20');
    expect(manifest?.peerDependenciesMeta?.['@types/node']).toEqual({ optional: true });
  });
});
