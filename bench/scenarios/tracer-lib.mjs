// Shared by the tracer scenarios (tracer.bench.mjs for X-Ray, tracer-otel.bench.mjs for
// OpenTelemetry): the Lambda environment, trace headers, entry modules for import times measured in
// turn, the pool of invocations and the group of warm invocations, and Powertools' manual subsegment.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRoot, importTimes } from '../lib/harness.mjs';

/** A new X-Ray trace header, as Lambda passes one per invocation. */
export function traceHeader(sampled = true) {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=${sampled ? 1 : 0}`;
}

/** The environment of a traced Lambda function, its X-Ray daemon at `daemonAddress`. */
export function lambdaEnvironment(daemonAddress) {
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    _X_AMZN_TRACE_ID: traceHeader(),
  };
}

/**
 * Writes small entry modules (name to source) beside the scenarios, so that bare specifiers resolve;
 * returns their paths by name. Remove them with removeEntryModules once measured.
 */
export function writeEntryModules(prefix, entries) {
  const files = {};
  for (const [name, source] of Object.entries(entries)) {
    files[name] = join(benchRoot, `.${prefix}-${process.pid}-${name}.mjs`);
    writeFileSync(files[name], `${source}\n`);
  }
  return files;
}

/** Removes what writeEntryModules wrote. */
export function removeEntryModules(files) {
  for (const file of Object.values(files)) rmSync(file, { force: true });
}

/**
 * 256 invocations, each with its own request id and trace header, as in Lambda (reused in turn);
 * `context` adds fields to every invocation's context.
 */
export function invocationPool(sampled = true, context = {}) {
  return Array.from({ length: 256 }, (_, i) => ({
    header: traceHeader(sampled),
    context: {
      awsRequestId: `${randomBytes(4).toString('hex')}-bench-${i}`,
      functionName: 'bench',
      ...context,
      getRemainingTimeInMillis: () => 3000,
    },
  }));
}

const event = { orderId: 'o-1' };

/**
 * Returns `invoke(handler, pool = defaultPool)`, which makes one invocation as the runtime runs it: a
 * new _X_AMZN_TRACE_ID, the handler, then turns of the event loop until the UDP sockets the X-Ray SDK
 * opened to send the closed subsegments are closed again (in Lambda it sends each batch from a new
 * socket). Every row does the same, so each row pays for its own sends and none for another's.
 */
export function invoker(defaultPool) {
  let next = 0;
  return function invoke(handler, pool = defaultPool) {
    return async function benchInvocation() {
      const invocation = pool[next++ & 255];
      process.env._X_AMZN_TRACE_ID = invocation.header;
      await handler(event, invocation.context);
      do await new Promise(setImmediate);
      while (process.getActiveResourcesInfo().includes('UDPWrap'));
    };
  };
}

/**
 * A handler that runs `step` in a nested subsegment the way Powertools does it without decorators
 * (getSegment, addNewSubsegment, setSegment, close).
 */
export function withManualSubsegment(powertoolsTracer, step) {
  return async function manuallyTraced() {
    const parent = powertoolsTracer.getSegment();
    const subsegment = parent.addNewSubsegment('### step');
    powertoolsTracer.setSegment(subsegment);
    try {
      return await step();
    } finally {
      subsegment.close();
      powertoolsTracer.setSegment(parent);
    }
  };
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
