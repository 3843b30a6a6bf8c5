/**
 * The checks of the compatibility suite. Each returns the gaps it finds as ids
 * (`logger/types:export:LogLevel`, `logger:snippet:README.md#4`) for compat/differences.json.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileEach, snippetsOf, switchPrefix } from './snippets.js';
import {
  declarationFileOf,
  exportedNames,
  lambkitSpecifier,
  type PackageName,
  subpathsOf,
  withSubpath,
} from './surface.js';

const require = createRequire(join(fileURLToPath(new URL('..', import.meta.url)), 'package.json'));

/** `logger` and `./middleware` give the id prefix `logger/middleware`. */
function idOf(name: PackageName, subpath: string): string {
  return subpath === '.' ? name : `${name}${subpath.slice(1)}`;
}

/** Compares what Powertools declares for each subpath of a package with what lambkit declares. */
export function declaredGaps(name: PackageName): string[] {
  const powertools = `@aws-lambda-powertools/${name}`;
  const pairs = subpathsOf(powertools).map((subpath) => ({
    subpath,
    theirs: declarationFileOf(withSubpath(powertools, subpath)),
    ours: declarationFileOf(lambkitSpecifier(withSubpath(powertools, subpath))),
  }));
  const files = pairs.flatMap(({ theirs, ours }) => [theirs, ours].filter((f) => f !== undefined));
  const names = exportedNames(files);
  const gaps: string[] = [];
  for (const { subpath, theirs, ours } of pairs) {
    const id = idOf(name, subpath);
    if (theirs === undefined) continue; // Powertools ships no declarations for it: nothing to match.
    if (ours === undefined) {
      gaps.push(`${id}:subpath`);
      continue;
    }
    const ourKinds = new Map(names.get(ours)?.map((entry) => [entry.name, entry.kind]));
    for (const entry of names.get(theirs) ?? []) {
      const kind = ourKinds.get(entry.name);
      if (kind === undefined) gaps.push(`${id}:export:${entry.name}`);
      else if (entry.kind === 'value' && kind !== 'value') gaps.push(`${id}:value:${entry.name}`);
    }
  }
  return gaps;
}

function importUrl(specifier: string): string | undefined {
  try {
    return pathToFileURL(require.resolve(specifier)).href;
  } catch {
    return undefined;
  }
}

/** Loads each subpath of both packages, as Node resolves them, and compares the exported names. */
export async function runtimeGaps(name: PackageName): Promise<string[]> {
  const powertools = `@aws-lambda-powertools/${name}`;
  const gaps: string[] = [];
  for (const subpath of subpathsOf(powertools)) {
    const theirUrl = importUrl(withSubpath(powertools, subpath));
    const ourUrl = importUrl(lambkitSpecifier(withSubpath(powertools, subpath)));
    if (theirUrl === undefined || ourUrl === undefined) continue; // reported by the subpath check
    const theirs = Object.keys(await import(theirUrl));
    const ours = new Set(Object.keys(await import(ourUrl)));
    for (const key of theirs) {
      if (key !== 'default' && !ours.has(key)) gaps.push(`${idOf(name, subpath)}:runtime:${key}`);
    }
  }
  return gaps;
}

export function requireSubpathGaps(name: PackageName): string[] {
  const powertools = `@aws-lambda-powertools/${name}`;
  const gaps: string[] = [];
  for (const subpath of subpathsOf(powertools)) {
    const ours = lambkitSpecifier(withSubpath(powertools, subpath));
    if (importUrl(withSubpath(powertools, subpath)) === undefined) continue;
    try {
      require.resolve(ours);
    } catch {
      gaps.push(`${idOf(name, subpath)}:subpath`);
    }
  }
  return gaps;
}

export interface SnippetResult {
  /** How many documented usages compile against Powertools itself (the ones that count). */
  usages: number;
  /** Ids of the usages that do not compile against lambkit, with the first error of each. */
  failures: { id: string; error: string }[];
}

/**
 * Compiles every documented usage of the given packages against Powertools, then each that
 * compiles there against lambkit with only the import prefix replaced.
 */
export function snippetGaps(names: readonly PackageName[]): Map<PackageName, SnippetResult> {
  const all = names.flatMap((name) => snippetsOf(name).map((snippet) => ({ name, ...snippet })));
  const onPowertools = compileEach(all.map((snippet) => snippet.code));
  const usages = all.filter((_, index) => onPowertools[index]?.length === 0);
  const onLambkit = compileEach(usages.map((snippet) => switchPrefix(snippet.code)));
  const results = new Map<PackageName, SnippetResult>(
    names.map((name) => [name, { usages: 0, failures: [] }]),
  );
  usages.forEach((snippet, index) => {
    const result = results.get(snippet.name) as SnippetResult;
    result.usages += 1;
    const errors = onLambkit[index] ?? [];
    if (errors.length > 0) {
      result.failures.push({ id: `${snippet.name}:snippet:${snippet.source}`, error: errors[0] ?? '' });
    }
  });
  return results;
}
