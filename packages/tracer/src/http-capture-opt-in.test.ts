import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { type LocalServer, startHttpServer } from '../test/test-servers.js';
import { captureLambdaHandler, Tracer } from './index.js';

// captureHTTPsRequests: false, then Powertools' provider methods that turn the capture on.
let daemon: XrayDaemon;
let server: LocalServer;
let tracer: Tracer;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  server = await startHttpServer();
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
});

afterAll(async () => {
  await daemon.close();
  await server.close();
});

/** Makes one fetch in a traced invocation; returns the names of the documents its trace sent. */
async function tracedFetch(): Promise<string[]> {
  const handler = middy(async () => (await fetch(`${server.url}/orders`)).status).use(
    captureLambdaHandler(tracer),
  );
  const { trace, context } = startInvocation();
  await handler({}, context);
  await daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return daemon.documents.filter((doc) => doc.trace_id === trace.root).map((doc) => doc.name);
}

describe('tracer.provider.captureHTTPsGlobal() and instrumentFetch()', () => {
  it('turn on the capture of HTTP calls that captureHTTPsRequests: false left off', async () => {
    const before = await tracedFetch();

    tracer.provider.captureHTTPsGlobal();
    tracer.provider.instrumentFetch();
    const after = await tracedFetch();

    expect(before).toEqual([HANDLER_SUBSEGMENT]);
    expect(after.sort()).toEqual([HANDLER_SUBSEGMENT, '127.0.0.1'].sort());
  });
});
