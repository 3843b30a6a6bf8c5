import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// HTTP capture is installed process-wide by the first tracer that asks for it, so this file only
// creates tracers that do not.
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

async function tracedFetch(tracer: Tracer): Promise<string[]> {
  const handler = middy(async () =>
    tracer.subsegment('### call', () => fetch(url).then((r) => r.text())),
  ).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  await handler({}, context);
  await daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT);
  return daemon.documents.filter((doc) => doc.trace_id === trace.root).map((doc) => doc.name);
}

describe('HTTP capture turned off', () => {
  it('records no HTTP subsegment when captureHTTPsRequests is false', async () => {
    const names = await tracedFetch(new Tracer({ captureHTTPsRequests: false }));

    expect(names).toEqual(['### call', HANDLER_SUBSEGMENT]);
  });

  it('records no HTTP subsegment under POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=false', async () => {
    process.env.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS = 'false';
    const tracer = new Tracer();
    delete process.env.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS;

    const names = await tracedFetch(tracer);

    expect(names).toEqual(['### call', HANDLER_SUBSEGMENT]);
  });
});
