import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { reportDifferences, reportFileName, reportsOf } from './api-report.mjs';

// Under the repository, so the fixture's declarations find @types/node in its node_modules.
const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(join(root, '.tmp'), { recursive: true });
const scratch = mkdtempSync(join(root, '.tmp', 'api-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A built package with a root entry, a ./greeting subpath with the declarations given, and an ./alias
 * subpath that gives the root's declarations again.
 */
function builtPackage(name: string, greetingDeclarations: string) {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'dist/esm/greeting'), { recursive: true });
  const manifest = {
    name: `@fixture/${name}`,
    version: '1.0.0',
    type: 'module',
    exports: {
      '.': { import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' } },
      './greeting': {
        import: { types: './dist/esm/greeting/index.d.ts', default: './dist/esm/greeting/index.js' },
      },
      './alias': { import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' } },
      './package.json': './package.json',
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'dist/esm/index.d.ts'), 'export declare const version: string;\n');
  writeFileSync(join(dir, 'dist/esm/greeting/index.d.ts'), greetingDeclarations);
  return { dir, manifest };
}

describe('reportFileName', () => {
  it('names the root entry after the package without its scope', () => {
    expect(reportFileName('@lambkit/logger', '.')).toBe('logger.api.md');
  });

  it('names a subpath entry after the package and each part of the subpath', () => {
    expect(reportFileName('@lambkit/parser', './envelopes/sqs')).toBe('parser.envelopes.sqs.api.md');
  });
});

describe('reportDifferences', () => {
  it('names a changed, a missing and a stale report', () => {
    const committed = new Map([
      ['a.api.md', 'old'],
      ['gone.api.md', 'x'],
    ]);
    const generated = new Map([
      ['a.api.md', 'new'],
      ['b.api.md', 'y'],
    ]);

    expect(reportDifferences(committed, generated)).toEqual([
      'a.api.md: the public API changed',
      'b.api.md: missing (a new entry, or reports never written)',
      'gone.api.md: stale (its entry left the exports map)',
    ]);
  });

  it('finds nothing when every report matches', () => {
    const reports = new Map([['a.api.md', 'same']]);

    expect(reportDifferences(reports, new Map(reports))).toEqual([]);
  });
});

describe('reportsOf', () => {
  it('writes one report per entry, titled with the entry and listing its declarations', () => {
    const pkg = builtPackage('one', 'export declare function greet(name: string): string;\n');

    const reports = reportsOf(pkg, scratch);

    expect([...reports.keys()]).toEqual(['one.api.md', 'one.greeting.api.md']);
    const greeting = reports.get('one.greeting.api.md');
    expect(greeting).toMatch(/^## API Report File for "@fixture\/one\/greeting"/);
    expect(greeting).toContain('export function greet(name: string): string;');
  });

  it('writes one report for entries that share a declaration file, naming the others in it', () => {
    const pkg = builtPackage('shared', 'export declare function greet(name: string): string;\n');

    const reports = reportsOf(pkg, scratch);

    expect(reports.has('shared.alias.api.md')).toBe(false);
    expect(reports.get('shared.api.md')).toMatch(
      /^## API Report File for "@fixture\/shared"\n\n> Also exported as "@fixture\/shared\/alias"\.\n/,
    );
  });

  it('gives a different report when a public signature changes, so the check fails on it', () => {
    const before = reportsOf(
      builtPackage('before', 'export declare function greet(name: string): string;\n'),
      scratch,
    );
    const after = reportsOf(
      builtPackage('after', 'export declare function greet(name: string, loud?: boolean): string;\n'),
      scratch,
    );

    const greetingBefore = before.get('before.greeting.api.md')?.replace('before', 'after');

    expect(greetingBefore).not.toBe(after.get('after.greeting.api.md'));
    expect(after.get('after.greeting.api.md')).toContain('greet(name: string, loud?: boolean)');
  });

  it('fails naming the package and telling to build when the declarations are missing', () => {
    const pkg = builtPackage('unbuilt', '');
    rmSync(join(pkg.dir, 'dist'), { recursive: true });

    expect(() => reportsOf(pkg, scratch)).toThrow(
      /^@fixture\/unbuilt: no declarations at .*dist\/esm\/index\.d\.ts.*; build first \(npm run build\)$/,
    );
  });
});
