// Speed budgets: an optimised path against the plain code it replaces, in one process, by CPU time.
// CPU time (process.cpuUsage) leaves out the time other processes take on a shared machine; the two
// paths run in alternating order round after round, so what noise is left falls on both alike, and
// the verdict is a ratio of medians, which does not depend on how fast the machine is.

const ROUNDS = 61;
// Verdicts go to the real stdout, which a check may replace to catch what the code under test writes.
const stdoutWrite = process.stdout.write.bind(process.stdout);
/** CPU time of one timed batch: long enough for the clock (microseconds), short enough to interleave. */
const BATCH_NS = 2e6;
/** CPU time each path runs before the clock starts, so both are in optimised code. */
const WARM_NS = 1.5e8;

function cpuNs() {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

function timeBatch(fn, n) {
  const start = cpuNs();
  for (let i = 0; i < n; i++) fn();
  return cpuNs() - start;
}

function warmUp(fn) {
  const until = cpuNs() + WARM_NS;
  while (cpuNs() < until) for (let i = 0; i < 100; i++) fn();
}

function batchSize(fn) {
  let n = 16;
  while (timeBatch(fn, n) < BATCH_NS / 4) n *= 2;
  return n * 4;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median CPU time per call of `optimised` and `plain` (nanoseconds), timed in interleaved batches,
 * and their ratio: below 1 the optimised path is faster.
 *
 * @example
 * const { ratio } = compareCpu(() => cached(record), () => JSON.stringify(record));
 */
export function compareCpu(optimised, plain) {
  warmUp(optimised);
  warmUp(plain);
  const paths = [
    { fn: optimised, n: batchSize(optimised), samples: [] },
    { fn: plain, n: batchSize(plain), samples: [] },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which path goes first, so neither always runs right after the other's garbage.
    const order = round % 2 === 0 ? paths : [paths[1], paths[0]];
    for (const path of order) path.samples.push(timeBatch(path.fn, path.n) / path.n);
  }
  const optimisedNs = median(paths[0].samples);
  const plainNs = median(paths[1].samples);
  return { optimisedNs, plainNs, ratio: optimisedNs / plainNs };
}

/** Attempts per budget: a shared machine can slow one path for a whole attempt. */
const ATTEMPTS = 3;

/**
 * Prints one line of the report, to the stdout the process started with.
 *
 * @example
 * print('2 speed budget(s) failed');
 */
export function print(line) {
  stdoutWrite(`${line}\n`);
}

/**
 * Checks one budget: the optimised path must cost at most `budget` times the plain path. A failed
 * attempt is measured again (up to three in all), so a burst of load on the machine does not fail
 * CI, while code that stopped paying (a ratio near 1) fails every attempt.
 *
 * @example
 * const ok = checkBudget({ name: 'piece cache', budget: 0.9, optimised, plain });
 */
export function checkBudget({ name, budget, optimised, plain }) {
  const ratios = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const result = compareCpu(optimised, plain);
    ratios.push(result.ratio.toFixed(2));
    if (result.ratio <= budget) {
      report('ok  ', name, budget, result, ratios);
      return true;
    }
    if (attempt === ATTEMPTS) report('FAIL', name, budget, result, ratios);
  }
  return false;
}

function report(verdict, name, budget, { optimisedNs, plainNs, ratio }, ratios) {
  const tries = ratios.length > 1 ? ` (attempts: ${ratios.join(', ')})` : '';
  stdoutWrite(
    `${verdict} ${name}: ${ratio.toFixed(2)}x the plain path, budget ${budget.toFixed(2)}x ` +
      `(${fmt(optimisedNs)} against ${fmt(plainNs)} CPU per call)${tries}\n`,
  );
}

function fmt(ns) {
  return ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} us` : `${ns.toFixed(0)} ns`;
}
