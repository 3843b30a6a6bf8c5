import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { read } from '@changesets/config';
import { describe, expect, it } from 'vitest';
import { coverageFloors } from '../vitest.config.mts';

const root = fileURLToPath(new URL('..', import.meta.url));

type Manifest = { name: string; version: string; private?: boolean; dependencies?: Record<string, string> };

const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest,
  }));
const published = packages.filter(({ manifest }) => !manifest.private);

describe('the release configuration', () => {
  it('versions every published package in one fixed group, so they always release together', async () => {
    const config = await read(root);

    const [group] = config.fixed;

    expect(config.fixed).toHaveLength(1);
    expect(group).toEqual(expect.arrayContaining(published.map(({ manifest }) => manifest.name)));
    expect(group).not.toContain('@lambkit/compat');
  });

  it('has each published package depend on the exact version of every other it uses', () => {
    const versions = new Map(published.map(({ manifest }) => [manifest.name, manifest.version]));

    const mismatches = published.flatMap(({ manifest }) =>
      Object.entries(manifest.dependencies ?? {})
        .filter(([name, range]) => versions.has(name) && range !== versions.get(name))
        .map(([name, range]) => `${manifest.name} -> ${name}@${range} (is ${versions.get(name)})`),
    );

    expect(mismatches).toEqual([]);
  });

  it('keeps a CHANGELOG.md beside every published package', () => {
    const missing = published.filter(({ dir }) => !existsSync(join(root, 'packages', dir, 'CHANGELOG.md')));

    expect(missing.map(({ manifest }) => manifest.name)).toEqual([]);
  });
});

describe('the coverage gate', () => {
  it('sets a floor for lines, branches, functions and statements on every package', () => {
    const incomplete = packages
      .map(({ dir }) => dir)
      .filter((dir) => {
        const floor = coverageFloors[dir];
        return (
          floor === undefined ||
          [floor.lines, floor.branches, floor.functions, floor.statements].some((n) => !(n > 0))
        );
      });

    expect(incomplete).toEqual([]);
  });
});
