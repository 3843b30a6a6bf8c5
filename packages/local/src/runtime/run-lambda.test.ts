import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CJS_REPORTER,
  ESM_REPORTER,
  GREET_LAYER,
  type TempTree,
  writeTree,
} from '../../test/runtime/test-functions.js';
import { runLambda, startLambda } from '../index.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);
let opt: TempTree;
const trees: TempTree[] = [];

function taskRoot(files: Record<string, string>): string {
  const tree = writeTree(files);
  trees.push(tree);
  return tree.dir;
}

beforeAll(() => {
  opt = writeTree(GREET_LAYER);
});

afterAll(() => {
  opt.remove();
  for (const tree of trees) tree.remove();
});

describe('runLambda with an ES module handler', () => {
  let run: Awaited<ReturnType<typeof runLambda>>;
  beforeAll(async () => {
    run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({ 'index.mjs': ESM_REPORTER }),
      optDir: opt.dir,
      functionName: 'orders',
      env: { POWERTOOLS_SERVICE_NAME: 'orders' },
      events: [{ name: 'ada' }, { name: 'grace' }],
    });
  });

  it('answers every event from one process: a cold invocation, then a warm one', () => {
    const [cold, warm] = run.invocations.map((invocation) => invocation.response as any);
    expect(run.failure).toBeUndefined();
    expect(cold).toMatchObject({ greeting: 'hello ada (esm)', invocations: 1, pid: run.pid });
    expect(warm).toMatchObject({ greeting: 'hello grace (esm)', invocations: 2, pid: run.pid });
  });

  it('resolves a bare import from <opt>/nodejs/node_modules through NODE_PATH, with the import condition', () => {
    const response = run.invocations[0].response as any;
    expect(response.resolved).toBe(`file://${join(opt.dir, 'nodejs/node_modules/greet/esm.mjs')}`);
  });

  it("starts Node with Lambda's flags for this Node version", () => {
    const { execArgv } = run.invocations[0].response as any;
    if (nodeMajor === 20) expect(execArgv).toContain('--no-experimental-require-module');
    if (nodeMajor === 22) {
      expect(execArgv).toEqual(
        expect.arrayContaining(['--no-experimental-require-module', '--no-experimental-detect-module']),
      );
    }
    expect(execArgv).toEqual(expect.arrayContaining(['--expose-gc', '--max-old-space-size=116']));
  });

  it("gives the function Lambda's environment and nothing of the calling process", () => {
    const { env } = run.invocations[0].response as any;
    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'orders',
      AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${nodeMajor}.x`,
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      POWERTOOLS_SERVICE_NAME: 'orders',
    });
    expect(env.NODE_PATH.split(':')).toContain(join(opt.dir, 'nodejs/node_modules'));
    expect(env.VITEST).toBeUndefined();
  });

  it('passes the request id, function ARN and deadline in the context and the trace header in _X_AMZN_TRACE_ID', () => {
    const [invocation] = run.invocations;
    const response = invocation.response as any;
    expect(response.context).toMatchObject({
      awsRequestId: invocation.requestId,
      functionName: 'orders',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      memoryLimitInMB: '128',
    });
    expect(response.context.remainingMs).toBeGreaterThan(2000);
    expect(response.context.remainingMs).toBeLessThanOrEqual(3000);
    expect(response.traceEnv).toBe(invocation.traceHeader);
    expect(response.storeRequestId).toBe(invocation.requestId);
  });

  it('prefixes console lines with the time, the request id and the level, and files them under their invocation', () => {
    const [cold, warm] = run.invocations;
    expect(cold.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${cold.requestId}\\tINFO\\thandling ada$`),
      ),
    ]);
    expect(warm.lines.map((line) => line.text.split('\t').slice(1))).toEqual([
      [warm.requestId, 'INFO', 'handling grace'],
    ]);
  });

  it('reports the INIT duration as the time until the runtime first asked for an invocation', () => {
    expect(run.initDurationMs).toBeGreaterThan(0);
  });
});

describe('runLambda with a CommonJS handler', () => {
  it('requires the layer package through NODE_PATH, with the require condition', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({ 'index.js': CJS_REPORTER }),
      optDir: opt.dir,
      events: [{ name: 'ada' }, { name: 'alan' }],
    });

    expect(run.invocations.map((invocation) => invocation.response)).toEqual([
      expect.objectContaining({ greeting: 'hello ada (cjs)', invocations: 1, pid: run.pid }),
      expect.objectContaining({ greeting: 'hello alan (cjs)', invocations: 2, pid: run.pid }),
    ]);
    expect((run.invocations[0].response as any).resolved).toBe(
      join(opt.dir, 'nodejs/node_modules/greet/cjs.cjs'),
    );
  });
});

describe('runLambda failures', () => {
  it('fails INIT on an ES module import from the layer when NODE_PATH is not searched, as plain Node does', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({ 'index.mjs': ESM_REPORTER }),
      optDir: opt.dir,
      esmNodePath: false,
      events: [{ name: 'ada' }],
    });

    expect(run.initError).toMatchObject({ errorType: 'Error', errorTypeHeader: 'Error' });
    expect(run.initError?.errorMessage).toContain("Cannot find package 'greet'");
    expect(run.invocations).toEqual([]);
    expect(run.exitCode).toBe(1);
    expect(run.lines[0].text).toMatch(/\t-\tERROR\tInit Error \t\{"errorType":"Error"/);
  });

  it('reports a missing handler module as Runtime.ImportModuleError', async () => {
    const run = await runLambda({
      handler: 'app.handler',
      taskRoot: taskRoot({ 'index.js': '' }),
      events: [{}],
    });

    expect(run.initError).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
    expect(run.initError?.errorMessage).toContain("Cannot find module 'app'");
    expect(run.failure?.message).toContain('init error');
  });

  it('reports a handler module that does not parse as Runtime.UserCodeSyntaxError', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({ 'index.mjs': 'export const handler = ;' }),
      events: [{}],
    });

    expect(run.initError).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
    expect(run.initError?.errorMessage).toContain('SyntaxError');
  });

  it('reports a module without the handler export as Runtime.HandlerNotFound', async () => {
    const run = await runLambda({
      handler: 'index.main',
      taskRoot: taskRoot({ 'index.js': 'exports.handler = async () => 1;' }),
      events: [{}],
    });

    expect(run.initError).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.main is undefined or not exported',
    });
  });

  it('posts a thrown error as the invocation error and keeps the process for the next invocation', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({
        'index.js': `exports.handler = async (event) => {
          if (event.fail) throw new RangeError('quantity must be positive, got ' + event.quantity);
          return { ok: true, pid: process.pid };
        };`,
      }),
      events: [{ fail: true, quantity: -1 }, { fail: false }],
    });

    const [failed, next] = run.invocations;
    expect(failed).toMatchObject({
      status: 'error',
      error: {
        errorType: 'RangeError',
        errorMessage: 'quantity must be positive, got -1',
        errorTypeHeader: 'RangeError',
      },
    });
    expect(failed.error?.trace?.[0]).toBe('RangeError: quantity must be positive, got -1');
    expect(failed.lines[0].text).toContain(
      `\t${failed.requestId}\tERROR\tInvoke Error \t{"errorType":"RangeError"`,
    );
    expect(next).toMatchObject({ status: 'success', response: { ok: true, pid: run.pid } });
  });

  it('stops an invocation that outlives the timeout, as Lambda does', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({
        'index.js': 'exports.handler = () => new Promise(() => setInterval(() => {}, 1000));',
      }),
      timeoutMs: 300,
      events: [{}],
    });

    expect(run.invocations[0]).toMatchObject({
      status: 'error',
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.30 seconds' },
    });
    expect(run.signal).toBe('SIGKILL');
  });

  it('reports a process that exits during an invocation as Runtime.ExitError', async () => {
    const run = await runLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({ 'index.js': 'exports.handler = async () => process.exit(3);' }),
      events: [{}],
    });

    const [invocation] = run.invocations;
    expect(invocation.error).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${invocation.requestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(run.exitCode).toBe(3);
  });
});

describe('startLambda', () => {
  it('writes console lines as JSON with the request id when AWS_LAMBDA_LOG_FORMAT is JSON', async () => {
    const fn = await startLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({
        'index.js': "exports.handler = async () => { console.warn('low stock', 3); return 1; };",
      }),
      env: { AWS_LAMBDA_LOG_FORMAT: 'JSON' },
    });
    try {
      const invocation = await fn.invoke({});

      expect(invocation.lines.map((line) => line.json)).toEqual([
        {
          timestamp: expect.any(String),
          level: 'WARN',
          requestId: invocation.requestId,
          message: 'low stock 3',
        },
      ]);
    } finally {
      await fn.close();
    }
  });

  it("keeps the runtime's own requests out of node:http, where a tracer would record them, as AWS's native client does", async () => {
    const fn = await startLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({
        'index.js': `const channel = require('node:diagnostics_channel');
          const seen = [];
          channel.subscribe('http.client.request.start', ({ request }) => seen.push(request.path));
          exports.handler = async () => seen;`,
      }),
    });
    try {
      await fn.invoke({});
      const second = await fn.invoke({});

      expect(second.response).toEqual([]);
    } finally {
      await fn.close();
    }
  });

  it('passes the client context and Cognito identity headers to the handler', async () => {
    const fn = await startLambda({
      handler: 'index.handler',
      taskRoot: taskRoot({
        'index.js': 'exports.handler = async (event, context) => [context.clientContext, context.identity];',
      }),
    });
    try {
      const invocation = await fn.invoke(
        {},
        {
          clientContext: { custom: { tenant: 't-1' } },
          cognitoIdentity: { cognitoIdentityId: 'us-east-1:abc' },
        },
      );

      expect(invocation.response).toEqual([
        { custom: { tenant: 't-1' } },
        { cognitoIdentityId: 'us-east-1:abc' },
      ]);
    } finally {
      await fn.close();
    }
  });
});
