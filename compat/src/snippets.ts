/**
 * Powertools' own documented usages: every TypeScript block of a package's README and of the
 * JSDoc in its published declarations. Each block that compiles against Powertools is a usage a
 * switcher may have written; with `@aws-lambda-powertools/` replaced by `@lambkit/` it must
 * compile against lambkit too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-api';

const compatRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(compatRoot, 'package.json'));

export interface Snippet {
  /** Where the block is: `README.md#2`, `lib/esm/Logger.d.ts#1` (the n-th block of the file). */
  source: string;
  code: string;
}

const FENCE = /```(?:ts|typescript)\s*\n([\s\S]*?)```/g;
// Powertools' JSDoc writes `@decorator` as U+2063 followed by `@`, so it is not read as a tag.
const INVISIBLE_SEPARATOR = /\u2063/g;
// A line of only `...` stands for the reader's own code.
const PLACEHOLDER = /^(\s*)\.\.\.;?\s*$/gm;

function normalize(code: string): string {
  return code.replace(INVISIBLE_SEPARATOR, '').replace(PLACEHOLDER, '$1// ...');
}

function packageDir(name: string): string {
  for (const folder of require.resolve.paths(name) ?? []) {
    try {
      readdirSync(join(folder, name));
      return join(folder, name);
    } catch {}
  }
  throw new Error(`${name} is not installed in compat/`);
}

function declarationFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function blocksOf(text: string): string[] {
  return [...text.matchAll(FENCE)].map((match) => match[1] ?? '');
}

function stripJsDoc(block: string): string {
  return block
    .split('\n')
    .map((line) => line.replace(/^\s*\*( |$)/, ''))
    .join('\n');
}

/** Every TypeScript block of a Powertools package's README and published declarations. */
export function snippetsOf(name: string): Snippet[] {
  const dir = packageDir(`@aws-lambda-powertools/${name}`);
  const snippets: Snippet[] = [];
  blocksOf(readFileSync(join(dir, 'README.md'), 'utf8')).forEach((code, index) => {
    snippets.push({ source: `README.md#${index + 1}`, code: normalize(code) });
  });
  for (const file of declarationFiles(join(dir, 'lib', 'esm'))) {
    const source = relative(dir, file);
    blocksOf(readFileSync(file, 'utf8')).forEach((code, index) => {
      snippets.push({ source: `${source}#${index + 1}`, code: normalize(stripJsDoc(code)) });
    });
  }
  return snippets;
}

/** The options Powertools' documentation is written for: legacy decorators, loose typing. */
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  experimentalDecorators: true,
  strict: false,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
};

/**
 * Type-checks each code as its own ES module in compat/ (where both Powertools and lambkit are
 * installed) and returns, per code, the first errors found in it; an empty list means it compiles.
 */
export function compileEach(codes: string[]): string[][] {
  const folder = join(compatRoot, 'src', '.snippets');
  const files = codes.map((_, index) => join(folder, `snippet-${index}.mts`));
  const byPath = new Map(files.map((file, index) => [file, codes[index] ?? '']));
  const host = ts.createCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => byPath.get(file) ?? readFile(file);
  host.fileExists = (file) => byPath.has(file) || fileExists(file);
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const code = byPath.get(file);
    return code === undefined
      ? getSourceFile(file, language, onError, shouldCreate)
      : ts.createSourceFile(file, code, language, true, ts.ScriptKind.TS);
  };
  const program = ts.createProgram(files, compilerOptions, host);
  return files.map((file) => {
    const source = program.getSourceFile(file);
    if (source === undefined) return ['not compiled'];
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    return diagnostics
      .slice(0, 3)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  });
}

/** The code a switcher has after replacing the import prefix, and nothing else. */
export function switchPrefix(code: string): string {
  return code.replaceAll('@aws-lambda-powertools/', '@lambkit/');
}
