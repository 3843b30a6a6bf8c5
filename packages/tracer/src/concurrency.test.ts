import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import { runInInvocation } from '@lambkit/core';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HANDLER_SUBSEGMENT,
  newTraceHeader,
  startInvocation,
  type TraceHeader,
  useLambdaEnvironment,
} from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

const INVOCATIONS = 8;

let daemon: XrayDaemon;
let tracer: Tracer;
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  server = createServer((_request, response) => setTimeout(() => response.end('ok'), 3));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Lambda Managed Instances: several invocations at once, no per-invocation _X_AMZN_TRACE_ID.
  useLambdaEnvironment(daemon.address, { AWS_LAMBDA_MAX_CONCURRENCY: String(INVOCATIONS) });
  delete process.env._X_AMZN_TRACE_ID;
  tracer = new Tracer({ serviceName: 'orders' });
});

afterAll(async () => {
  await daemon.close();
  await new Promise((resolve) => server.close(resolve));
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler whose steps interleave with the other invocations' at every await. */
const handler = middy(async (event: { index: number }) => {
  tracer.putAnnotation('invocation', event.index);
  await pause((INVOCATIONS - event.index) % 3);
  return tracer.subsegment('### work', async () => {
    tracer.putAnnotation('invocation', event.index);
    await pause(event.index % 3);
    const status = await fetch(`${serverUrl}/item/${event.index}`).then((response) => response.status);
    await tracer.subsegment('### finish', () => pause(1));
    return status;
  });
});

function documentsOf(trace: TraceHeader): Promise<XrayDocument[]> {
  return Promise.all(
    [HANDLER_SUBSEGMENT, '### work', '127.0.0.1', '### finish'].map((name) =>
      daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === name),
    ),
  );
}

function expectOwnTree(trace: TraceHeader, index: number, documents: XrayDocument[]): void {
  const [handlerDoc, work, call, finish] = documents;
  expect(handlerDoc.parent_id).toBe(trace.parent);
  expect(handlerDoc.annotations?.invocation).toBe(index);
  expect(work.parent_id).toBe(handlerDoc.id);
  expect(work.annotations?.invocation).toBe(index);
  expect(call.parent_id).toBe(work.id);
  expect(finish.parent_id).toBe(work.id);
}

describe('interleaved invocations', () => {
  it("each get their own segment tree in lambkit's invocation scopes", async () => {
    const traced = handler.use(captureLambdaHandler(tracer));
    const traces = Array.from({ length: INVOCATIONS }, () => newTraceHeader());

    const responses = await Promise.all(
      traces.map((trace, index) => {
        const { context } = startInvocation();
        delete process.env._X_AMZN_TRACE_ID;
        return runInInvocation(() => traced({ index }, context), { traceId: trace.header });
      }),
    );

    expect(responses).toEqual(traces.map(() => 200));
    for (const [index, trace] of traces.entries()) expectOwnTree(trace, index, await documentsOf(trace));
  });

  it("each get their own segment tree in the Lambda runtime's InvokeStore", async () => {
    const store = await InvokeStore.getInstanceAsync(true);
    const handlerWithTracer = middy(async (event: { index: number }) =>
      tracer.subsegment('### work', async () => {
        tracer.putAnnotation('invocation', event.index);
        await pause(event.index % 3);
        await fetch(`${serverUrl}/item/${event.index}`);
        await tracer.subsegment('### finish', () => pause(1));
        return event.index;
      }),
    ).use(captureLambdaHandler(tracer));
    const traces = Array.from({ length: INVOCATIONS }, () => newTraceHeader());

    const responses = await Promise.all(
      traces.map((trace, index) => {
        const { context } = startInvocation();
        delete process.env._X_AMZN_TRACE_ID;
        const invocation = {
          [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId,
          [InvokeStoreBase.PROTECTED_KEYS.X_RAY_TRACE_ID]: trace.header,
        };
        return store.run(invocation, () => handlerWithTracer({ index }, context));
      }),
    );

    expect(responses).toEqual(traces.map((_, index) => index));
    for (const [index, trace] of traces.entries()) {
      const [handlerDoc, work, call, finish] = await documentsOf(trace);
      expect(handlerDoc.parent_id).toBe(trace.parent);
      expect(work.parent_id).toBe(handlerDoc.id);
      expect(work.annotations?.invocation).toBe(index);
      expect(call.parent_id).toBe(work.id);
      expect(finish.parent_id).toBe(work.id);
    }
  });
});
