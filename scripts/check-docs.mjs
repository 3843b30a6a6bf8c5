#!/usr/bin/env node
// Type-checks every TypeScript code block in docs/, README.md and packages/*/README.md against the
// packages' sources, so the documentation cannot drift from the API. Each ```ts block is compiled as
// a module of its own; an error is reported at its line in the Markdown file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { differencesTableProblem } from './differences-table.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.tmp', 'docs-check');

function markdownFiles() {
  const files = [join(root, 'README.md')];
  for (const name of readdirSync(join(root, 'docs')))
    if (name.endsWith('.md')) files.push(join(root, 'docs', name));
  for (const name of readdirSync(join(root, 'packages'))) {
    const readme = join(root, 'packages', name, 'README.md');
    if (existsSync(readme)) files.push(readme);
  }
  return files;
}

/** Finds ```ts / ```typescript blocks; returns { code, line } with the line of the block's first code line. */
function blocksOf(text) {
  const blocks = [];
  let fence; // the open fence: { lang, code, line }
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*```(\S*)/.exec(line);
    if (!marker) {
      fence?.code.push(line);
      return;
    }
    if (fence === undefined) {
      fence = { lang: marker[1], code: [], line: i + 2 };
      return;
    }
    if (['ts', 'typescript'].includes(fence.lang))
      blocks.push({ code: fence.code.join('\n'), line: fence.line });
    fence = undefined;
  });
  return blocks;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const origin = new Map();
let count = 0;
for (const file of markdownFiles()) {
  const blocks = blocksOf(readFileSync(file, 'utf8'));
  blocks.forEach((block, i) => {
    const name = `${relative(root, file).replace(/[^a-zA-Z0-9]+/g, '_')}_${i + 1}.ts`;
    // `export {}` makes every block a module, so blocks do not share a global scope.
    writeFileSync(join(out, name), `${block.code}\nexport {};\n`);
    origin.set(name, { file: relative(root, file), line: block.line });
    count++;
  });
}
// ES module scope, as in a Lambda function written as ESM (top-level await allowed).
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      noEmit: true,
      rootDir: '../..',
      // A snippet shows one thing: its handler need not read every parameter, and it indexes
      // `event.Records[0]` as users do. The packages' own source keeps these checks on.
      noUnusedLocals: false,
      noUnusedParameters: false,
      noUncheckedIndexedAccess: false,
      types: ['node', 'aws-lambda'],
      // The class-method decorators (@tracer.captureLambdaHandler() and the like) are TypeScript's
      // legacy ones, the setting Powertools' docs use and the docs tell users to set.
      experimentalDecorators: true,
    },
    include: ['*.ts'],
  }),
);
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], {
  encoding: 'utf8',
});
const report = `${result.stdout}${result.stderr}`.replace(
  /(?:\.tmp\/docs-check\/)?([A-Za-z0-9_]+\.ts)\((\d+),(\d+)\)/g,
  (match, name, line, col) => {
    const where = origin.get(name);
    return where ? `${where.file}:${where.line + Number(line) - 1}:${col}` : match;
  },
);
if (result.status !== 0) {
  process.stderr.write(report);
  console.error(`check-docs: the code blocks above do not compile (${count} blocks checked)`);
  process.exit(1);
}
// The table of deliberate differences is generated from compat/differences.json (npm run docs:differences).
const differencesProblem = differencesTableProblem();
if (differencesProblem !== undefined) {
  console.error(`check-docs: ${differencesProblem}`);
  process.exit(1);
}
console.log(`check-docs: ${count} TypeScript blocks compile`);
