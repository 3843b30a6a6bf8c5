// Every code lambkit's packages write with writeWarning is listed in docs/warnings.md, and every code
// listed there is one a package writes: operations filter on these codes, so the page must be whole.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__' && entry.name !== 'node_modules') files.push(...sourceFiles(path));
    } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$|^test-|\.d\.ts$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/** Codes in the packages' sources: `code: 'X_Y'` in a writeWarning call, and the members of MetricsWarningCode. */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const name of readdirSync(join(root, 'packages'))) {
    let files: string[];
    try {
      files = sourceFiles(join(root, 'packages', name, 'src'));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('writeWarning') && !text.includes('MetricsWarningCode')) continue;
      for (const match of text.matchAll(/code: '([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(match[1]);
      const union = /type MetricsWarningCode =([^;]+);/.exec(text)?.[1] ?? '';
      for (const match of union.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(match[1]);
    }
  }
  return codes;
}

/** Codes in the first column of the tables of docs/warnings.md. */
function codesInDocs(): Set<string> {
  const page = readFileSync(join(root, 'docs', 'warnings.md'), 'utf8');
  return new Set([...page.matchAll(/^\| `([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/gm)].map((match) => match[1]));
}

describe('docs/warnings.md', () => {
  it('lists every warning code the packages write, and no other', () => {
    const inSource = codesInSource();

    expect(inSource.size).toBeGreaterThan(20);
    expect([...codesInDocs()].sort()).toEqual([...inSource].sort());
  });
});
