/**
 * The public surface of a package as its published declarations describe it: every subpath of
 * its exports map, and every name each subpath exports, as a value (it exists at run time) or as a
 * type only. Read with the TypeScript compiler API over the installed packages, so the lists come
 * from what npm delivers, never from a hand-written list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-api';

const compatRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(compatRoot, 'package.json'));

/** The Powertools packages a switcher may import, and the lambkit package each maps to. */
export const powertoolsPackages = [
  'logger',
  'metrics',
  'tracer',
  'parameters',
  'batch',
  'parser',
  'idempotency',
  'commons',
] as const;
export type PackageName = (typeof powertoolsPackages)[number];

export interface ExportedName {
  name: string;
  kind: 'value' | 'type';
}

/** Where the package.json of an installed package is (not every package exports it). */
function packageJsonPath(specifier: string): string {
  for (const folder of require.resolve.paths(specifier) ?? []) {
    const file = join(folder, specifier, 'package.json');
    if (existsSync(file)) return file;
  }
  throw new Error(`${specifier} is not installed in compat/`);
}

/**
 * Every subpath of a package's exports map (without `./package.json`), with wildcard subpaths
 * such as `./schemas/*` expanded to the files the package ships for them.
 */
export function subpathsOf(specifier: string): string[] {
  const file = packageJsonPath(specifier);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { exports?: Record<string, unknown> };
  const subpaths: string[] = [];
  for (const key of Object.keys(manifest.exports ?? { '.': '' })) {
    if (key === './package.json') continue;
    if (!key.includes('*')) {
      subpaths.push(key);
      continue;
    }
    subpaths.push(...expandWildcard(dirname(file), key, manifest.exports?.[key]));
  }
  return subpaths.sort();
}

function expandWildcard(packageDir: string, key: string, target: unknown): string[] {
  const importTarget = findImportTarget(target);
  if (importTarget === undefined) return [];
  const [before, after] = importTarget.split('*') as [string, string];
  const slash = before.lastIndexOf('/');
  const folder = join(packageDir, before.slice(0, slash));
  const prefix = before.slice(slash + 1);
  const names = readdirSync(folder)
    .filter((entry) => entry.startsWith(prefix) && entry.endsWith(after))
    .map((entry) => entry.slice(prefix.length, entry.length - after.length))
    .filter((name) => name !== 'index' && !name.includes('.'));
  return names.map((name) => key.replace('*', name));
}

function findImportTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object') return undefined;
  const conditions = target as Record<string, unknown>;
  return (
    findImportTarget(conditions.import) ??
    findImportTarget(conditions.default) ??
    findImportTarget(conditions.require)
  );
}

const resolutionOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
};

/** The declaration file TypeScript picks for `import ... from '<specifier>'` in an ES module. */
export function declarationFileOf(specifier: string): string | undefined {
  const resolved = ts.resolveModuleName(
    specifier,
    join(compatRoot, 'src', 'entry.mts'),
    resolutionOptions,
    ts.sys,
    undefined,
    undefined,
    ts.ModuleKind.ESNext,
  );
  return resolved.resolvedModule?.resolvedFileName;
}

/**
 * Reads the names each declaration file exports. One program serves every file, so the
 * declarations the files share are parsed once.
 */
export function exportedNames(files: string[]): Map<string, ExportedName[]> {
  const program = ts.createProgram(files, {
    ...resolutionOptions,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const result = new Map<string, ExportedName[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) {
      result.set(file, []);
      continue;
    }
    const names = checker.getExportsOfModule(moduleSymbol).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const isValue = (target.flags & ts.SymbolFlags.Value) !== 0 && !isTypeOnlyExport(symbol);
      return { name: symbol.name, kind: isValue ? 'value' : 'type' } satisfies ExportedName;
    });
    result.set(file, names);
  }
  return result;
}

function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some(
    (declaration) =>
      (ts.isExportSpecifier(declaration) &&
        (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)) ||
      (ts.isImportSpecifier(declaration) && declaration.isTypeOnly),
  );
}

/** The lambkit package a Powertools package maps to after the prefix is replaced. */
export function lambkitSpecifier(powertoolsSpecifier: string): string {
  return powertoolsSpecifier.replace('@aws-lambda-powertools/', '@lambkit/');
}

/** `@aws-lambda-powertools/logger` and `./middleware` give `@aws-lambda-powertools/logger/middleware`. */
export function withSubpath(packageSpecifier: string, subpath: string): string {
  return subpath === '.' ? packageSpecifier : `${packageSpecifier}${subpath.slice(1)}`;
}
