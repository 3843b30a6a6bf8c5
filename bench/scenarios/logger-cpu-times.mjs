// CPU time per call for the logger scenarios. Wall time on a shared, loaded machine swings from run to
// run; CPU time (process.cpuUsage) does not count the time other processes take.

/**
 * Median CPU time per call of each task, batches of each task interleaved as in the harness.
 *
 * @example
 * report(cpuTimes('logger: one line', [{ name: 'info', role: 'lambkit', fn: () => logger.info('x') }]));
 */
export function cpuTimes(title, tasks) {
  const rounds = process.env.BENCH_QUICK === '1' ? 7 : 31;
  const cpuOf = (fn, n) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) * 1000; // ns
  };
  for (const task of tasks) {
    for (let i = 0; i < 200; i++) task.fn();
    task.n = 16;
    while (cpuOf(task.fn, task.n) < 2e6) task.n *= 2;
    task.samples = [];
  }
  for (let r = 0; r < rounds; r++)
    for (const task of tasks) task.samples.push(cpuOf(task.fn, task.n) / task.n);
  const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  return {
    title,
    unit: 'ns/op',
    rows: tasks.map(({ name, role, samples }) => ({ name, role, median: median(samples) })),
  };
}
