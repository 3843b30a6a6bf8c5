import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attwProblems, publintProblems } from './pack-lint.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'lambkit-pack-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Packs the given files under `package/`, as `npm pack` lays a tarball out; returns its path. */
function tarball(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'package', path)), { recursive: true });
    writeFileSync(join(dir, 'package', path), text);
  }
  const file = join(dir, `${name}.tgz`);
  execFileSync('tar', ['czf', file, '-C', dir, 'package']);
  return file;
}

/** A package laid out as lambkit builds one: each condition with its own code and declarations. */
function lambkitLayout(requireTypes: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'dual',
      version: '1.0.0',
      type: 'module',
      engines: { node: '>=20' },
      main: './dist/cjs/index.js',
      types: './dist/cjs/index.d.ts',
      exports: {
        '.': {
          import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' },
          require: { types: requireTypes, default: './dist/cjs/index.js' },
        },
        './package.json': './package.json',
      },
    }),
    'dist/esm/index.js': 'export const answer = 42;\n',
    'dist/esm/index.d.ts': 'export declare const answer = 42;\n',
    'dist/cjs/package.json': '{ "type": "commonjs" }\n',
    'dist/cjs/index.js':
      '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.answer = 42;\n',
    'dist/cjs/index.d.ts': 'export declare const answer = 42;\n',
  };
}

describe('attwProblems', () => {
  it('accepts per-condition declarations: ESM ones for import, CommonJS ones for require', async () => {
    const file = tarball('dual-ok', lambkitLayout('./dist/cjs/index.d.ts'));

    expect(await attwProblems(file)).toEqual([]);
  });

  it('reports require() given the ES module declarations, which TypeScript reads as ESM', async () => {
    const file = tarball('dual-false-esm', lambkitLayout('./dist/esm/index.d.ts'));

    const problems = await attwProblems(file);

    expect(problems).toEqual([expect.stringMatching(/^attw FalseESM: .* \(dist\/esm\/index\.d\.ts for /)]);
  });
});

describe('publintProblems', () => {
  it('accepts a package whose exports point at files it ships', async () => {
    const file = tarball('publint-ok', lambkitLayout('./dist/cjs/index.d.ts'));

    expect(await publintProblems(file)).toEqual([]);
  });

  it('reports an exports target the tarball does not hold', async () => {
    const files = lambkitLayout('./dist/cjs/index.d.ts');
    delete files['dist/cjs/index.js'];
    const file = tarball('publint-missing', files);

    const problems = await publintProblems(file);

    expect(problems).toContainEqual(expect.stringMatching(/^publint error: .*dist\/cjs\/index\.js/));
  });
});
