// @lambkit/tracer: import time with tracing off and on, and the warm cost of captureLambdaHandler per
// invocation with tracing on, next to Powertools' Tracer and aws-xray-sdk-core's own import.
// Traced invocations really send their subsegments over UDP, to a loopback port nobody reads.

import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRoot, EMPTY_PACKAGE, importTimes, report } from '../lib/harness.mjs';

async function unusedUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

function traceHeader(sampled = true) {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=${sampled ? 1 : 0}`;
}

/**
 * importTimes with the rows measured in turn, one fresh process each per round, rather than row by
 * row: on a machine whose load drifts, each row's median then covers the same stretch of time.
 */
function interleavedImportTimes(title, entries, { env }) {
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

const daemonAddress = `127.0.0.1:${await unusedUdpPort()}`;
const lambdaEnv = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  LAMBDA_TASK_ROOT: '/var/task',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_REGION: 'us-east-1',
  _HANDLER: 'index.handler',
  AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
  AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  _X_AMZN_TRACE_ID: traceHeader(),
};

// Small entry modules, written beside the scenarios so that bare specifiers resolve, removed after.
const entries = {
  xraySdk: "await import('aws-xray-sdk-core');",
  lambkitOn: "import { Tracer } from '@lambkit/tracer'; await new Tracer().ready();",
  lambkitOff: "import { Tracer } from '@lambkit/tracer'; new Tracer();",
  powertools: "import { Tracer } from '@aws-lambda-powertools/tracer'; new Tracer();",
};
const files = {};
for (const [name, source] of Object.entries(entries)) {
  files[name] = join(benchRoot, `.tracer-${process.pid}-${name}.mjs`);
  writeFileSync(files[name], `${source}\n`);
}
try {
  report(
    interleavedImportTimes(
      'tracer: import + new Tracer(), tracing off (POWERTOOLS_TRACE_ENABLED=false), fresh process',
      [
        { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
        { name: '@lambkit/tracer', role: 'lambkit', specifier: files.lambkitOff },
        {
          name: '@lambkit/core alone (a dependency of the above)',
          role: 'other',
          specifier: '@lambkit/core',
        },
        { name: '@aws-lambda-powertools/tracer', role: 'anchor', specifier: files.powertools },
      ],
      { env: { ...lambdaEnv, POWERTOOLS_TRACE_ENABLED: 'false' } },
    ),
  );
  report(
    interleavedImportTimes(
      'tracer: import + new Tracer() until aws-xray-sdk-core is loaded, tracing on, fresh process',
      [
        { name: 'aws-xray-sdk-core alone', role: 'floor', specifier: files.xraySdk },
        { name: '@lambkit/tracer (await tracer.ready())', role: 'lambkit', specifier: files.lambkitOn },
        { name: '@aws-lambda-powertools/tracer', role: 'anchor', specifier: files.powertools },
      ],
      { env: lambdaEnv },
    ),
  );
} finally {
  for (const file of Object.values(files)) rmSync(file, { force: true });
}

// In-process: the environment of a traced Lambda function, set before either tracer loads the SDK.
Object.assign(process.env, lambdaEnv);
const { default: middy } = await import('@middy/core');
const { Tracer, captureLambdaHandler } = await import('@lambkit/tracer');
const powertools = await import('@aws-lambda-powertools/tracer');
const { captureLambdaHandler: powertoolsCaptureLambdaHandler } = await import(
  '@aws-lambda-powertools/tracer/middleware'
);

const lambkitTracer = new Tracer({ serviceName: 'bench' });
await lambkitTracer.ready();
const lambkitOff = new Tracer({ serviceName: 'bench', enabled: false });
const powertoolsTracer = new powertools.Tracer({ serviceName: 'bench' });

// Each invocation gets its own request id and trace header, as in Lambda (a pool of 256 reused).
function invocationPool(sampled) {
  return Array.from({ length: 256 }, (_, i) => ({
    header: traceHeader(sampled),
    context: {
      awsRequestId: `${randomBytes(4).toString('hex')}-bench-${i}`,
      functionName: 'bench',
      getRemainingTimeInMillis: () => 3000,
    },
  }));
}
const sampledPool = invocationPool(true);
const unsampledPool = invocationPool(false);
let next = 0;
const event = { orderId: 'o-1' };
const main = async () => ({ statusCode: 200, body: '{"ok":true}' });

/**
 * One invocation as the runtime runs it: a new _X_AMZN_TRACE_ID, the handler, then turns of the
 * event loop until the UDP sockets the SDK opened to send the closed subsegments are closed again
 * (in Lambda it sends each batch from a new socket). Every row does the same, so each row pays for
 * its own sends and none for another's.
 */
function invoke(handler, pool = sampledPool) {
  return async function benchInvocation() {
    const invocation = pool[next++ & 255];
    process.env._X_AMZN_TRACE_ID = invocation.header;
    await handler(event, invocation.context);
    do await new Promise(setImmediate);
    while (process.getActiveResourcesInfo().includes('UDPWrap'));
  };
}

/**
 * Like the harness's Group, for operations of hundreds of microseconds whose cost includes I/O: each
 * sample is a batch of 100 invocations rather than ~2 ms of them, and the order of the rows is
 * reversed every other round, so that a burst of load on the machine, or I/O left over from the row
 * before, falls on every row alike. Reports the median per invocation.
 */
class InvocationGroup {
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

const bare = middy(main);
const withLambkit = middy(main).use(captureLambdaHandler(lambkitTracer));
const withLambkitOff = middy(main).use(captureLambdaHandler(lambkitOff));
const withPowertools = middy(main).use(powertoolsCaptureLambdaHandler(powertoolsTracer));

report(
  await new InvocationGroup(
    'tracer: warm invocation, middy + captureLambdaHandler, tracing on (1 subsegment sent)',
  )
    .floor('middy handler, no tracer', invoke(bare))
    .lambkit('captureLambdaHandler(tracer)', invoke(withLambkit))
    .anchor('powertools captureLambdaHandler(tracer)', invoke(withPowertools))
    .other('lambkit, tracing off', invoke(withLambkitOff))
    .run(),
);

report(
  await new InvocationGroup(
    "tracer: warm invocation, tracing on but not sampled (Sampled=0): the tracers' own work, nothing sent",
  )
    .floor('middy handler, no tracer', invoke(bare, unsampledPool))
    .lambkit('captureLambdaHandler(tracer)', invoke(withLambkit, unsampledPool))
    .anchor('powertools captureLambdaHandler(tracer)', invoke(withPowertools, unsampledPool))
    .run(),
);

// A handler with one nested step of its own: lambkit's tracer.subsegment against the Powertools way
// of doing it without decorators (getSegment, addNewSubsegment, setSegment, close).
const step = async () => 42;
const withLambkitStep = middy(async () => lambkitTracer.subsegment('### step', step)).use(
  captureLambdaHandler(lambkitTracer),
);
const withPowertoolsStep = middy(async () => {
  const parent = powertoolsTracer.getSegment();
  const subsegment = parent.addNewSubsegment('### step');
  powertoolsTracer.setSegment(subsegment);
  try {
    return await step();
  } finally {
    subsegment.close();
    powertoolsTracer.setSegment(parent);
  }
}).use(powertoolsCaptureLambdaHandler(powertoolsTracer));

report(
  await new InvocationGroup(
    'tracer: warm invocation with one nested subsegment, tracing on (2 subsegments sent)',
  )
    .floor('middy handler, no tracer', invoke(middy(async () => step())))
    .lambkit('captureLambdaHandler + tracer.subsegment', invoke(withLambkitStep))
    .anchor('powertools captureLambdaHandler + manual subsegment', invoke(withPowertoolsStep))
    .run(),
);
