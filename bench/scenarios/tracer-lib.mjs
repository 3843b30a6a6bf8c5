// Shared by the tracer scenarios (tracer.bench.mjs for X-Ray, tracer-otel.bench.mjs for
// OpenTelemetry): trace headers, import times measured in turn, and the group of warm invocations.
import { randomBytes } from 'node:crypto';
import { importTimes } from '../lib/harness.mjs';

/** A new X-Ray trace header, as Lambda passes one per invocation. */
export function traceHeader(sampled = true) {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=${sampled ? 1 : 0}`;
}

/**
 * importTimes with the rows measured in turn, one fresh process each per round, rather than row by
 * row: on a machine whose load drifts, each row's median then covers the same stretch of time.
 */
export function interleavedImportTimes(title, entries, { env }) {
  const rounds = process.env.BENCH_QUICK === '1' ? 5 : 21;
  const samples = entries.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const { rows } = importTimes(title, entries, { runs: 1, env });
    for (const [i, row] of rows.entries()) samples[i].push(row.median);
  }
  const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  return {
    title: `${title} (${rounds} rounds)`,
    unit: 'ms',
    rows: entries.map((entry, i) => ({ name: entry.name, role: entry.role, median: median(samples[i]) })),
  };
}

/**
 * Like the harness's Group, for operations of hundreds of microseconds whose cost includes I/O: each
 * sample is a batch of 100 invocations rather than ~2 ms of them, and the order of the rows is
 * reversed every other round, so that a burst of load on the machine, or I/O left over from the row
 * before, falls on every row alike. Reports the median per invocation.
 */
export class InvocationGroup {
  constructor(title) {
    this.title = title;
    this.tasks = [];
  }
  floor(name, fn) {
    return this.#add('floor', name, fn);
  }
  anchor(name, fn) {
    return this.#add('anchor', name, fn);
  }
  lambkit(name, fn) {
    return this.#add('lambkit', name, fn);
  }
  other(name, fn) {
    return this.#add('other', name, fn);
  }
  #add(role, name, fn) {
    this.tasks.push({ role, name, fn, samples: [] });
    return this;
  }
  async run() {
    const quick = process.env.BENCH_QUICK === '1';
    const rounds = quick ? 7 : 31;
    const batch = quick ? 30 : 100;
    for (const task of this.tasks) for (let i = 0; i < batch; i++) await task.fn(); // warm up
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? this.tasks : [...this.tasks].reverse();
      for (const task of order) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < batch; i++) await task.fn();
        task.samples.push(Number(process.hrtime.bigint() - start) / batch);
      }
    }
    const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
    return {
      title: `${this.title} (${rounds} rounds of ${batch})`,
      unit: 'ns/op',
      rows: this.tasks.map((task) => ({ name: task.name, role: task.role, median: median(task.samples) })),
    };
  }
}
