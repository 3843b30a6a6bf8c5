import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

const LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', LAMBDA_TASK_ROOT: '/var/task' };
const VARIABLES = [
  'AWS_EXECUTION_ENV',
  'LAMBDA_TASK_ROOT',
  'AWS_SAM_LOCAL',
  'POWERTOOLS_TRACE_ENABLED',
  'POWERTOOLS_TRACER_CAPTURE_RESPONSE',
  'POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS',
  'POWERTOOLS_TRACER_CAPTURE_ERROR',
];

function withEnvironment(variables: Record<string, string>): void {
  Object.assign(process.env, variables);
}

// The X-Ray SDK reads the daemon address when it loads, so the daemon starts before any Tracer.
let daemon: XrayDaemon;
let server: Server;
let url: string;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  useLambdaEnvironment(daemon.address);
});

afterAll(async () => {
  await daemon.close();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

describe('when tracing is on', () => {
  it('is on inside Lambda', () => {
    withEnvironment(LAMBDA);

    expect(new Tracer().isTracingEnabled()).toBe(true);
  });

  it('is off when the enabled option is false', () => {
    withEnvironment(LAMBDA);

    expect(new Tracer({ enabled: false }).isTracingEnabled()).toBe(false);
  });

  it('is off under POWERTOOLS_TRACE_ENABLED=false, in any case', () => {
    withEnvironment({ ...LAMBDA, POWERTOOLS_TRACE_ENABLED: 'FALSE' });

    expect(new Tracer().isTracingEnabled()).toBe(false);
  });

  it('is off under SAM local, which has no X-Ray daemon', () => {
    withEnvironment({ ...LAMBDA, AWS_SAM_LOCAL: 'true' });

    expect(new Tracer().isTracingEnabled()).toBe(false);
  });

  it('loads aws-xray-sdk-core once tracing is on', async () => {
    withEnvironment(LAMBDA);

    expect(await new Tracer().ready()).toBe(true);
  });
});

describe('bad configuration', () => {
  it('names an option of the wrong type, and its value', () => {
    expect(() => new Tracer({ enabled: 'no' as never })).toThrow(
      'Tracer: option enabled must be a boolean, got "no"',
    );
    expect(() => new Tracer({ serviceName: 42 as never })).toThrow(
      'Tracer: option serviceName must be a string, got 42',
    );
    expect(() => new Tracer(null as never)).toThrow('Tracer: options must be an object, got null');
  });

  it('refuses a metadata namespace reserved by AWS', () => {
    expect(() => new Tracer().putMetadata('key', 1, 'AWS.lambda')).toThrow(
      'Tracer: metadata namespace "AWS.lambda" rejected: it must be a string not starting with "AWS." (reserved by AWS)',
    );
  });
});

/** Creates a Tracer as INIT would, under `variable=value`; returns it and what was written. */
async function tracerUnder(variable: string, value: string) {
  withEnvironment({ ...LAMBDA, [variable]: value });
  return captureOutput(() => new Tracer({ serviceName: 'orders' }));
}

/** Runs one traced invocation of `body` and returns the documents the daemon received for it. */
async function invokeTraced(tracer: Tracer, body: () => Promise<unknown>) {
  const handler = middy(body).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  await handler({}, context).catch(() => undefined);
  await daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT);
  return daemon.documents.filter((doc) => doc.trace_id === trace.root);
}

function fallbackWarning(variable: string, value: string) {
  return expect.objectContaining({
    level: 'WARN',
    message: `Environment variable ${variable} has the value "${value}": expected a boolean (true, false, 1, 0, yes, no, on, off); using true instead. Set a valid value or unset the variable.`,
    variable,
    value,
    fallback: 'true',
  });
}

describe('a Powertools variable that is not a boolean', () => {
  it('POWERTOOLS_TRACE_ENABLED=maybe does not stop INIT: tracing stays on, as in Powertools, and one warning says so', async () => {
    const { error, result: tracer, stderr } = await tracerUnder('POWERTOOLS_TRACE_ENABLED', 'maybe');

    expect(error).toBeUndefined();
    expect(tracer?.isTracingEnabled()).toBe(true);
    expect(stderr).toEqual([fallbackWarning('POWERTOOLS_TRACE_ENABLED', 'maybe')]);
  });

  it('POWERTOOLS_TRACER_CAPTURE_RESPONSE=sometimes does not stop INIT: responses are still recorded, and one warning says so', async () => {
    const {
      error,
      result: tracer,
      stderr,
    } = await tracerUnder('POWERTOOLS_TRACER_CAPTURE_RESPONSE', 'sometimes');

    const documents = await invokeTraced(tracer!, async () => ({ statusCode: 201 }));

    expect(error).toBeUndefined();
    expect(documents.find((doc) => doc.name === HANDLER_SUBSEGMENT)?.metadata).toEqual({
      orders: { 'index.handler response': { statusCode: 201 } },
    });
    expect(stderr).toEqual([fallbackWarning('POWERTOOLS_TRACER_CAPTURE_RESPONSE', 'sometimes')]);
  });

  it('POWERTOOLS_TRACER_CAPTURE_ERROR=rarely does not stop INIT: errors are still recorded with their stack, and one warning says so', async () => {
    const { error, result: tracer, stderr } = await tracerUnder('POWERTOOLS_TRACER_CAPTURE_ERROR', 'rarely');

    const documents = await invokeTraced(tracer!, async () => {
      throw new RangeError('quantity must be positive');
    });

    expect(error).toBeUndefined();
    const [exception] = documents.find((doc) => doc.name === HANDLER_SUBSEGMENT)?.cause?.exceptions ?? [];
    expect(exception).toMatchObject({ message: 'quantity must be positive', type: 'RangeError' });
    expect(exception.stack.length).toBeGreaterThan(0);
    expect(stderr).toEqual([fallbackWarning('POWERTOOLS_TRACER_CAPTURE_ERROR', 'rarely')]);
  });

  it('POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=often does not stop INIT: HTTP calls are still recorded, and one warning says so', async () => {
    const {
      error,
      result: tracer,
      stderr,
    } = await tracerUnder('POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS', 'often');

    const documents = await invokeTraced(tracer!, () =>
      tracer!.subsegment('### call', () => fetch(url).then((response) => response.text())),
    );

    expect(error).toBeUndefined();
    expect(documents.map((doc) => doc.name)).toContain('127.0.0.1');
    expect(stderr).toEqual([fallbackWarning('POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS', 'often')]);
  });

  it('warns once per process, however many tracers read it', async () => {
    withEnvironment({ ...LAMBDA, POWERTOOLS_TRACE_ENABLED: 'perhaps' });

    const { stderr } = await captureOutput(() => [new Tracer(), new Tracer(), new Tracer()]);

    expect(stderr).toHaveLength(1);
  });
});
