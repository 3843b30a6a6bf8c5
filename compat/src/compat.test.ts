import { describe, expect, it } from 'vitest';
import { compareWithList, readDifferences } from './differences.js';
import { declaredGaps, requireSubpathGaps, runtimeGaps, type SnippetResult, snippetGaps } from './gaps.js';
import { signatureGaps } from './signatures.js';
import { type PackageName, powertoolsPackages } from './surface.js';

const differences = readDifferences();

let snippets: Map<PackageName, SnippetResult> | undefined;
function snippetResults(): Map<PackageName, SnippetResult> {
  snippets ??= snippetGaps(powertoolsPackages);
  return snippets;
}

const declared = new Map<PackageName, string[]>();
function declaredGapsOnce(name: PackageName): string[] {
  if (!declared.has(name)) declared.set(name, declaredGaps(name));
  return declared.get(name) as string[];
}

const signatures = new Map<PackageName, string[]>();
function signatureGapsOnce(name: PackageName): string[] {
  if (!signatures.has(name)) signatures.set(name, signatureGaps(name));
  return signatures.get(name) as string[];
}

async function allGaps(name: PackageName): Promise<string[]> {
  const documented =
    snippetResults()
      .get(name)
      ?.failures.map((failure) => failure.id) ?? [];
  return [
    ...declaredGapsOnce(name),
    ...requireSubpathGaps(name),
    ...(await runtimeGaps(name)),
    ...documented,
    ...signatureGapsOnce(name),
  ];
}

describe.each(powertoolsPackages)('@lambkit/%s against @aws-lambda-powertools/%s', (name) => {
  it('declares every subpath and exported name Powertools declares, but the listed ones', () => {
    const { unlisted } = compareWithList(differences, declaredGapsOnce(name), name);
    expect(unlisted, 'not in compat/differences.json').toEqual([]);
  });

  it('resolves every subpath with require() and exports every run-time name, but the listed ones', async () => {
    const gaps = [...requireSubpathGaps(name), ...(await runtimeGaps(name))];
    const { unlisted } = compareWithList(differences, gaps, name);
    expect(unlisted, 'not in compat/differences.json').toEqual([]);
  });

  it("compiles every usage of Powertools' README and JSDoc with only the import prefix replaced, but the listed ones", () => {
    const result = snippetResults().get(name) as SnippetResult;
    expect(result.usages, 'documented usages that compile against Powertools').toBeGreaterThan(0);
    const failing = result.failures.filter(
      (failure) => compareWithList(differences, [failure.id], name).unlisted.length > 0,
    );
    expect(failing, 'not in compat/differences.json').toEqual([]);
  }, 120_000);

  it("has every public method of Powertools' classes and accepts the parameters Powertools accepts, but the listed ones", () => {
    const { unlisted } = compareWithList(differences, signatureGapsOnce(name), name);
    expect(unlisted, 'not in compat/differences.json').toEqual([]);
  }, 120_000);

  it('lists no difference in compat/differences.json that no longer exists', async () => {
    const { stale } = compareWithList(differences, await allGaps(name), name);
    // Output differences are checked by the side-by-side runs (*-output.test.ts).
    expect(stale.filter((id) => !id.includes(':output:'))).toEqual([]);
  }, 120_000);
});
