#!/usr/bin/env node
// `npm run docs:differences`: writes the table of deliberate differences from Powertools into
// docs/migration-powertools.md, between its `<!-- differences:start -->` and `<!-- differences:end -->`
// markers. compat/differences.json is the one list (the compatibility suite fails on a gap it does
// not name); the page shows its "deliberate" entries with their reasons, and counts the pending ones.
//   npm run docs:differences              rewrite the table
//   node scripts/differences-table.mjs --check   exit 1 when the page's table is not what it would write
// scripts/check-docs.mjs runs the check.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWithBiome } from './biome-format.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DIFFERENCES_FILE = join(root, 'compat/differences.json');
export const MIGRATION_PAGE = join(root, 'docs/migration-powertools.md');
const START = '<!-- differences:start -->';
const END = '<!-- differences:end -->';

/** The id an entry's reason points to ("See commons:export:*.", "...: see commons:export:*."), if any. */
function referenceOf(reason) {
  return /\bsee (\S+?)\.?$/i.exec(reason)?.[1];
}

/** The package a gap id belongs to: `logger:output:error` and `commons/utils/*` give logger and commons. */
function packageOf(id) {
  return /^[a-z0-9-]+/.exec(id)?.[0] ?? id;
}

function cell(text) {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/**
 * The Markdown written between the markers: one row per deliberate difference, the entries whose
 * reason only points to another entry folded into that entry's row, then the count of pending gaps
 * with their issues.
 *
 * @example
 * differencesTable({ deliberate: [{ id: 'logger:output:error', reason: 'Keeps the stack.' }], pending: [] });
 */
export function differencesTable({ deliberate, pending }) {
  const rows = [];
  const byId = new Map();
  for (const entry of deliberate) {
    const target = byId.get(referenceOf(entry.reason));
    if (target !== undefined) {
      target.also.push(entry.id);
      continue;
    }
    const row = { id: entry.id, reason: entry.reason, also: [] };
    byId.set(entry.id, row);
    rows.push(row);
  }
  const lines = [
    '| package | difference (compat id) | why |',
    '| ------- | ---------------------- | --- |',
    ...rows.map((row) => {
      const also = row.also.length === 0 ? '' : ` (and ${row.also.length} more ids of the same kind)`;
      return `| ${packageOf(row.id)} | \`${cell(row.id)}\`${also} | ${cell(row.reason)} |`;
    }),
  ];
  if (pending.length > 0) {
    const issues = [...new Set(pending.map((entry) => entry.issue))].sort((a, b) => a - b);
    lines.push(
      '',
      `${pending.length} more gaps are not deliberate: they are pending, each under an open issue (${issues.map((n) => `#${n}`).join(', ')}), and listed in compat/differences.json.`,
    );
  }
  return lines.join('\n');
}

/** `page` with the text between its markers replaced by `table`; throws when a marker is missing. */
export function withTable(page, table) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start === -1 || end === -1 || end < start)
    throw new Error(`${MIGRATION_PAGE} needs the markers ${START} and ${END}, in that order`);
  return `${page.slice(0, start + START.length)}\n\n${table}\n\n${page.slice(end)}`;
}

/** The page as `npm run docs:differences` would write it from the current list. */
export function expectedPage() {
  const differences = JSON.parse(readFileSync(DIFFERENCES_FILE, 'utf8'));
  return formatWithBiome(
    withTable(readFileSync(MIGRATION_PAGE, 'utf8'), differencesTable(differences)),
    MIGRATION_PAGE,
  );
}

/** A message when the page's table is not the one the list gives, else undefined. */
export function differencesTableProblem() {
  if (readFileSync(MIGRATION_PAGE, 'utf8') === expectedPage()) return undefined;
  return 'docs/migration-powertools.md: the table of deliberate differences is not the one compat/differences.json gives; run `npm run docs:differences`';
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const problem = differencesTableProblem();
    if (problem !== undefined) {
      console.error(problem);
      process.exit(1);
    }
    console.log('docs:differences: the table matches compat/differences.json');
  } else {
    writeFileSync(MIGRATION_PAGE, expectedPage());
    console.log(
      'docs:differences: wrote the table of deliberate differences into docs/migration-powertools.md',
    );
  }
}
