// Speed budgets (CI: `node bench/budgets.mjs`, after the build). Code that is harder to read because
// it is faster stays only while it is faster: each check runs the optimised path and the plain path
// it replaces in this process, through the public API, with the same output, and fails when the
// optimised one costs more than its budget times the plain one (CPU time, medians, interleaved;
// bench/lib/budget.mjs). Budgets leave a margin for a shared, noisy machine: a ratio of 0.6 today
// gets a budget of about 0.9, so only code that stopped paying fails. About 15 s in all.
import { beginInvocation } from '@lambkit/core';
import { Logger } from '@lambkit/logger';
import { Metrics, MetricUnit } from '@lambkit/metrics';
import { checkBudget, print } from './lib/budget.mjs';
import { nextInvocation } from './lib/harness.mjs';

// Lines and documents go to a buffer, not to a file: a write turns the string into bytes (which is
// where V8 flattens a concatenated string, the cost the metrics directive cache avoids) without a
// system call, whose cost would fall on both paths and only blur the ratio.
const sink = Buffer.allocUnsafe(4 << 20);
let last = '';
process.stdout.write = (chunk) => {
  sink.write(chunk);
  last = chunk;
  return true;
};

/** What `fn` writes last, with what changes from call to call (times, request and trace ids) masked. */
function output(fn) {
  fn();
  return String(last)
    .replace(/"timestamp":"[^"]*"|"Timestamp":\d+/g, 'T')
    .replace(/"function_request_id":"[^"]*"|"xray_trace_id":"[^"]*"|"cold_start":\w+/g, 'I');
}

const failures = [];
function budget(check) {
  const optimised = output(check.optimised);
  const plain = output(check.plain);
  if (optimised !== plain) {
    print(`FAIL ${check.name}: the two paths no longer write the same output`);
    print(`  optimised: ${optimised.trimEnd()}\n  plain:     ${plain.trimEnd()}`);
    failures.push(check.name);
  } else if (!checkBudget(check)) failures.push(check.name);
}

print(`speed budgets on Node ${process.version}`);

// --- @lambkit/logger ---------------------------------------------------------------------------
const message = 'order placed';
const extras = { orderId: 'o-123', amount: 42.5, customer: { id: 'c-1', tier: 'gold' } };

// The line within an invocation: the cached prefix (service, context, trace id, keys) joined to the
// call's own keys (format.ts, LineFormatter.line), against serializing the whole record per line
// (LineFormatter.#fullLine, which a call takes when it repeats a key that is already in the line).
const team = { team: 'checkout' };
const lineLogger = new Logger({ serviceName: 'orders', persistentKeys: team });
lineLogger.addContext(nextInvocation('orders'));
const extrasWithTeam = { ...team, ...extras };
budget({
  name: 'logger: a line from the cached prefix and the call keys, against JSON.stringify of the whole record',
  budget: 0.75,
  optimised: () => lineLogger.info(message, extras),
  plain: () => lineLogger.info(message, extrasWithTeam),
});

// A new invocation, then one line: the prefix spliced from pieces cached across invocations
// (line-prefix.ts, PrefixPieces), against the prefix serialized from a fresh base record, which a
// logger takes when a persistent key is named like a base key (here function_arn, same value).
// Contexts are made ahead (as the runtime makes them, each with its own request id), so the ratio is
// the logger's alone. With three lines per invocation instead of one it is about 0.95x.
const contexts = Array.from({ length: 1024 }, () => nextInvocation('orders'));
let splicingCalls = 0;
let recordCalls = 0;
const splicing = new Logger({ serviceName: 'orders' });
const recordBuilt = new Logger({
  serviceName: 'orders',
  persistentKeys: { function_arn: contexts[0].invokedFunctionArn },
});
budget({
  name: 'logger: addContext + one line, the prefix spliced from cached pieces, against a serialized base record',
  budget: 0.92,
  optimised: () => {
    splicing.addContext(contexts[splicingCalls++ & 1023]);
    splicing.info(message, extras);
  },
  plain: () => {
    recordBuilt.addContext(contexts[recordCalls++ & 1023]);
    recordBuilt.info(message, extras);
  },
});

// The call's keys: native JSON.stringify after a cheap check (serialize.ts, needsNormalizing), against
// the normalizing copy every value takes when a jsonReplacerFn is set (here one that changes nothing).
const native = new Logger({ serviceName: 'orders' });
const normalizing = new Logger({ serviceName: 'orders', jsonReplacerFn: (_key, value) => value });
const context = nextInvocation('orders');
native.addContext(context);
normalizing.addContext(context);
budget({
  name: 'logger: the call keys through the native JSON.stringify, against the normalizing serializer',
  budget: 0.92,
  optimised: () => native.info(message, extras),
  plain: () => normalizing.info(message, extras),
});

// --- @lambkit/metrics --------------------------------------------------------------------------
const NAMES = [
  'successfulBooking',
  'failedBooking',
  'bookingLatency',
  'paymentLatency',
  'itemsInCart',
  'cartValue',
  'retries',
  'cacheHits',
  'cacheMisses',
  'queueDepth',
];

function invocationOf(metrics) {
  return () => {
    metrics.addDimension('environment', 'prod');
    metrics.addDimension('region', 'eu-west-1');
    for (let i = 0; i < NAMES.length; i++) metrics.addMetric(NAMES[i], MetricUnit.Count, i + 1);
    metrics.publishStoredMetrics();
  };
}

beginInvocation({ awsRequestId: 'budgets' });
const cached = new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
// The directive cache keeps the directives of 16 documents per instance and builds every other one
// piece by piece (emf-document.ts, CACHED_DIRECTIVES): fill it with other metrics, and this instance
// takes the plain path for the same document.
const uncached = new Metrics({ namespace: 'serverlessAirline', serviceName: 'orders' });
for (let i = 0; i < 600; i++) {
  uncached.addMetric(`filler${i}`, MetricUnit.Count, 1);
  uncached.publishStoredMetrics();
}
budget({
  name: 'metrics: ten addMetric + one flush, with the directive cache, against building the document piece by piece',
  budget: 0.9,
  optimised: invocationOf(cached),
  plain: invocationOf(uncached),
});

// The hand-built document (emf-document.ts: members serialized once per metric and dimension, the
// document joined from them) against the plain way: keep the values in a Map as they are added, then
// build the document as an object and JSON.stringify it. The plain path validates nothing, so
// lambkit's side does more work than the plain one.
function plainInvocation() {
  const dimensions = {};
  const values = new Map();
  dimensions.environment = 'prod';
  dimensions.region = 'eu-west-1';
  for (let i = 0; i < NAMES.length; i++) values.set(NAMES[i], i + 1);
  const document = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: 'serverlessAirline',
          Dimensions: [['service', ...Object.keys(dimensions)]],
          Metrics: Array.from(values.keys(), (Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service: 'orders',
    ...dimensions,
  };
  for (const [name, value] of values) document[name] = value;
  process.stdout.write(`${JSON.stringify(document)}\n`);
}
budget({
  name: 'metrics: ten addMetric + one flush, against storing the values and JSON.stringify of the document',
  budget: 0.9,
  optimised: invocationOf(cached),
  plain: plainInvocation,
});

if (failures.length > 0) {
  print(`${failures.length} speed budget(s) failed: ${failures.join('; ')}`);
  process.exitCode = 1;
}
