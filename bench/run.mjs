// Runs every scenario in bench/scenarios (or those named on the command line) in a fresh process
// each, stdout sent to /dev/null so that log and metric writes cost what a real write costs without
// flooding the terminal, and prints the tables they report.
//   npm run bench                 all scenarios
//   npm run bench -- logger       scenarios whose file name contains "logger"
//   BENCH_QUICK=1 npm run bench   fewer samples (a smoke run)
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRoot, printTable } from './lib/harness.mjs';

const filters = process.argv.slice(2);
const dir = join(benchRoot, 'scenarios');
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

const all = [];
let failed = false;
process.stderr.write(`lambkit bench on Node ${process.version}, ${new Date().toISOString()}\n`);
for (const file of files) {
  const results = await new Promise((resolve) => {
    const collected = [];
    const child = fork(join(dir, file), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', (message) => {
      collected.push(message);
      printTable(message, process.stdout);
    });
    child.on('exit', (code) => {
      if (code !== 0) {
        failed = true;
        process.stderr.write(`scenario ${file} exited with code ${code}\n`);
      }
      resolve(collected);
    });
  });
  all.push({ scenario: file, results });
}
mkdirSync(join(benchRoot, '.out'), { recursive: true });
writeFileSync(
  join(benchRoot, '.out', 'results.json'),
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), all }, null, 2)}\n`,
);
process.exitCode = failed ? 1 : 0;
