#!/usr/bin/env node
// `npm run bench:results`: writes the tables of the last `npm run bench` (bench/.out/results.json)
// into docs/benchmark-results.md, one section per scenario file. A run of some scenarios only
// (`npm run bench -- logger`) replaces those scenarios' sections and keeps the others, each section
// saying which run it comes from. docs/benchmarks.md summarises this file.
//   npm run bench && npm run bench:results
//   node scripts/bench-results.mjs <results.json>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from '../bench/lib/harness.mjs';
import { formatWithBiome } from './biome-format.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_PAGE = join(root, 'docs/benchmark-results.md');
const SECTION = /<!-- bench: (\S+) -->\n[\s\S]*?<!-- \/bench -->\n/g;

const HEADER = `# Benchmark results

Every table of \`npm run bench\`, as \`npm run bench:results\` writes them from \`bench/.out/results.json\`:
one section per scenario file of [bench/scenarios](../bench/scenarios), each from the run it names.
[Benchmarks](benchmarks.md) explains the method and sums them up against the targets. Medians; "x
floor" and "x anchor" are ratios to the rows marked \`floor\` and \`anchor\` of the same table. The
machine is shared and noisy: ratios within one table are the figures to trust.
`;

/** The Markdown of one result table, as the bench runner prints it, one heading level down. */
function tableText(result) {
  let text = '';
  printTable(result, { write: (chunk) => (text += chunk) });
  return text.replace(/^\n## /, '### ');
}

/**
 * One scenario's section, between its markers.
 *
 * @example
 * scenarioSection({ scenario: 's3.bench.mjs', results: [] }, { node: 'v20.20.2', date: '2026-12-04T10:00:00.000Z' });
 */
export function scenarioSection({ scenario, results }, { node, date }) {
  const name = scenario.replace(/\.bench\.mjs$/, '');
  const tables = results.map(tableText).join('\n');
  // When the run wrote its results, to the minute: the sections of one `npm run bench` share it; a
  // scenario run again alone (the command named) gets its own.
  const written = `${date.slice(0, 10)} ${date.slice(11, 16)} UTC`;
  return `<!-- bench: ${scenario} -->\n## ${name}\n\nNode ${node.replace(/^v/, '')}, run of ${written} (\`npm run bench -- ${name}\` runs it alone).\n\n${tables}\n<!-- /bench -->\n`;
}

/** The page with the sections of `run` replacing those of the same scenarios, sorted by scenario. */
export function mergeResults(page, run) {
  const sections = new Map();
  for (const match of (page ?? '').matchAll(SECTION)) sections.set(match[1], match[0]);
  for (const scenario of run.all) sections.set(scenario.scenario, scenarioSection(scenario, run));
  const ordered = [...sections.keys()].sort().map((key) => sections.get(key));
  return `${HEADER}\n${ordered.join('\n')}`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = resolve(process.argv[2] ?? join(root, 'bench/.out/results.json'));
  if (!existsSync(source)) {
    console.error(`bench:results: ${source} does not exist; run \`npm run bench\` first`);
    process.exit(1);
  }
  const run = JSON.parse(readFileSync(source, 'utf8'));
  const page = existsSync(RESULTS_PAGE) ? readFileSync(RESULTS_PAGE, 'utf8') : undefined;
  writeFileSync(RESULTS_PAGE, formatWithBiome(mergeResults(page, run), RESULTS_PAGE));
  console.log(
    `bench:results: ${run.all.map((scenario) => scenario.scenario).join(', ')} written to docs/benchmark-results.md`,
  );
}
