// End-to-end proof that the layer works the way Lambda loads it: the zip is built and unpacked into a
// directory standing for /opt; a handler importing @lambkit/logger, metrics, tracer, parameters and
// batch sits alone in its task root; Node starts with Lambda's flags, environment and NODE_PATH, under
// AWS's own Runtime Interface Client (aws-lambda-ric, Node 22) and under lambkit's runtime client (the
// Node running the tests), against a local Runtime API, the Parameters and Secrets extension emulator
// and a local X-Ray daemon.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LambdaRun,
  type ParametersExtension,
  runLambda,
  type StartLambdaOptions,
  startParametersExtension,
  startXrayDaemon,
  type XrayDaemon,
  type XrayDocument,
} from '@lambkit/local';
import { createSqsEvent } from '@lambkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLayer } from '../src/build-layer.mjs';
import { installRic } from '../src/install-ric.mjs';
import { extractZip } from '../src/zip.mjs';

const fixtures = join(import.meta.dirname, 'fixtures');
const nodeMajor = process.versions.node.split('.')[0];
const TABLE_PARAMETER = '/orders/table-name';

let work: string;
let optDir: string;
let daemon: XrayDaemon;
let extension: ParametersExtension;
let ric: { ricPath: string; node: string };

/** A task root holding one handler file and nothing else (no node_modules, no package.json). */
function taskRoot(fixture: string, fileName: string): string {
  const dir = mkdtempSync(join(work, 'task-'));
  copyFileSync(join(fixtures, fixture), join(dir, fileName));
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lambkit-layer-e2e-'));
  optDir = join(work, 'opt');
  const layer = await buildLayer({ outFile: join(work, 'lambkit-layer.zip') });
  extractZip(readFileSync(layer.outFile), optDir);
  daemon = await startXrayDaemon();
  extension = await startParametersExtension({ parameters: { [TABLE_PARAMETER]: 'orders-prod' } });
  ric = installRic();
}, 400_000);

afterAll(async () => {
  await daemon?.close();
  await extension?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** Three SQS batches: one order with a bad quantity in the first (cold) one, then two good ones. */
function batches() {
  return [
    createSqsEvent({
      bodies: [JSON.stringify({ id: 'o-1', quantity: 2 }), JSON.stringify({ id: 'o-2', quantity: 0 })],
    }),
    createSqsEvent({ bodies: [JSON.stringify({ id: 'o-3', quantity: 1 })] }),
    createSqsEvent({ bodies: [JSON.stringify({ id: 'o-4', quantity: 5 })] }),
  ];
}

interface Variant {
  title: string;
  format: 'esm' | 'cjs';
  fixture: string;
  fileName: string;
  runtime(): Pick<StartLambdaOptions, 'ricPath' | 'node'>;
}

const variants: Variant[] = [
  {
    title: 'an ES module handler under aws-lambda-ric (Node 22)',
    format: 'esm',
    fixture: 'orders-handler.mjs',
    fileName: 'index.mjs',
    runtime: () => ({ ricPath: ric.ricPath, node: ric.node }),
  },
  {
    title: 'a CommonJS handler under aws-lambda-ric (Node 22)',
    format: 'cjs',
    fixture: 'orders-handler.cjs',
    fileName: 'index.js',
    runtime: () => ({ ricPath: ric.ricPath, node: ric.node }),
  },
  {
    title: `an ES module handler under lambkit's runtime client (Node ${nodeMajor})`,
    format: 'esm',
    fixture: 'orders-handler.mjs',
    fileName: 'index.mjs',
    runtime: () => ({}),
  },
  {
    title: `a CommonJS handler under lambkit's runtime client (Node ${nodeMajor})`,
    format: 'cjs',
    fixture: 'orders-handler.cjs',
    fileName: 'index.js',
    runtime: () => ({}),
  },
];

function traceRoot(header: string | undefined): string {
  return /Root=([^;]+)/.exec(header ?? '')?.[1] ?? '';
}

function jsonLines(run: LambdaRun, index: number) {
  return run.invocations[index].lines.filter((line) => line.json !== undefined).map((line) => line.json);
}

describe.each(variants)('the layer, loaded by $title', (variant) => {
  let run: LambdaRun;
  let events: ReturnType<typeof batches>;
  let extensionRequestsBefore: number;

  beforeAll(async () => {
    events = batches();
    extensionRequestsBefore = extension.requests.length;
    run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot(variant.fixture, variant.fileName),
      optDir,
      functionName: 'orders',
      timeoutMs: 10_000,
      env: {
        POWERTOOLS_SERVICE_NAME: 'orders',
        AWS_XRAY_DAEMON_ADDRESS: daemon.address,
        ...extension.env,
      },
      events,
      ...variant.runtime(),
    });
    if (run.failure !== undefined) throw run.failure;
  }, 60_000);

  it('returns the partial batch response of each invocation, from one process', () => {
    expect(run.invocations.map((invocation) => invocation.response)).toEqual([
      { batchItemFailures: [{ itemIdentifier: events[0].Records[1].messageId }] },
      { batchItemFailures: [] },
      { batchItemFailures: [] },
    ]);
    expect(run.exitCode).toBeNull();
  });

  it('logs each processed order with the Lambda context, cold first and warm after', () => {
    const orders = run.invocations.map((_, index) =>
      jsonLines(run, index).filter((line) => line.message === 'order processed'),
    );

    expect(orders.map((lines) => lines.map((line) => [line.orderId, line.cold_start]))).toEqual([
      [['o-1', true]],
      [['o-3', false]],
      [['o-4', false]],
    ]);
    const [invocation] = run.invocations;
    expect(orders[0][0]).toMatchObject({
      level: 'INFO',
      service: 'orders',
      function_name: 'orders',
      function_request_id: invocation.requestId,
      xray_trace_id: traceRoot(invocation.traceHeader),
      table: 'orders-prod',
      format: variant.format,
    });
  });

  it('writes EMF documents with the processed-order counts, and a ColdStart metric on the cold invocation only', () => {
    const emf = run.invocations.map((_, index) =>
      jsonLines(run, index).filter((line) => line._aws !== undefined),
    );
    const metricNames = emf.map((documents) =>
      documents.flatMap((document) =>
        document._aws.CloudWatchMetrics.flatMap((set: any) => set.Metrics.map((m: any) => m.Name)),
      ),
    );

    expect(metricNames).toEqual([
      expect.arrayContaining(['ColdStart', 'OrderProcessed']),
      ['OrderProcessed'],
      ['OrderProcessed'],
    ]);
    const processed = emf[0].find((document) => 'OrderProcessed' in document);
    expect(processed).toMatchObject({ OrderProcessed: 1, service: 'orders' });
    expect(processed._aws.CloudWatchMetrics[0].Namespace).toBe('Orders');
  });

  it("sends the handler and record subsegments to the X-Ray daemon under each invocation's trace", async () => {
    const handlers: XrayDocument[] = [];
    for (const invocation of run.invocations) {
      const root = traceRoot(invocation.traceHeader);
      handlers.push(await daemon.waitFor((doc) => doc.trace_id === root && doc.name.startsWith('## ')));
    }
    const [cold] = run.invocations;
    const stock = await daemon.waitFor(
      (doc) => doc.trace_id === traceRoot(cold.traceHeader) && doc.name === '### reserveStock',
    );

    expect(handlers.map((doc) => [doc.name, doc.annotations])).toEqual([
      ['## index.handler', { ColdStart: true, Service: 'orders' }],
      ['## index.handler', { ColdStart: false, Service: 'orders' }],
      ['## index.handler', { ColdStart: false, Service: 'orders' }],
    ]);
    expect(handlers[0].parent_id).toBe(/Parent=([^;]+)/.exec(cold.traceHeader ?? '')?.[1]);
    expect(stock).toMatchObject({ parent_id: handlers[0].id, annotations: { orderId: 'o-1' } });
  });

  it('fetches the parameter through the extension once, and serves the warm invocations from its cache', () => {
    const requests = extension.requests.slice(extensionRequestsBefore);

    expect(requests.map((request) => [request.path, request.query.name, request.status])).toEqual([
      ['/systemsmanager/parameters/get', TABLE_PARAMETER, 200],
    ]);
    expect(requests[0].token).toBe(extension.token);
  });
});

describe('the layer without ES module NODE_PATH resolution', () => {
  it('fails INIT of an ES module handler under aws-lambda-ric, as plain Node cannot find @lambkit/* there', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot('orders-handler.mjs', 'index.mjs'),
      optDir,
      esmNodePath: false,
      events: [createSqsEvent({ bodies: ['{}'] })],
      ricPath: ric.ricPath,
      node: ric.node,
    });

    expect(run.initError?.errorMessage).toMatch(/^Cannot find package '@lambkit\/batch' imported from /);
    expect(run.invocations).toEqual([]);
    expect(run.exitCode).toBe(1);
  });
});
