import { get } from 'node:http';
import { createServer } from 'node:net';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { type LocalServer, startHttpServer } from '../test/test-servers.js';
import { captureLambdaHandler, Tracer } from './index.js';

// fetch and node:http calls that end in a throttle, a fault or a refused connection.
let daemon: XrayDaemon;
let server: LocalServer;
let tracer: Tracer;
let closedPort: number;

function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** A port that was free a moment ago: connecting to it is refused. */
function unusedTcpPort(): Promise<number> {
  const probe = createServer();
  return new Promise((resolve) =>
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    }),
  );
}

beforeAll(async () => {
  daemon = await startXrayDaemon();
  server = await startHttpServer();
  closedPort = await unusedTcpPort();
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders' });
});

afterAll(async () => {
  await daemon.close();
  await server.close();
});

async function tracedCall(call: () => Promise<unknown>): Promise<{ doc: XrayDocument; outcome: unknown }> {
  const handler = middy(async () => call().catch((error: Error) => error.name)).use(
    captureLambdaHandler(tracer),
  );
  const { trace, context } = startInvocation();
  const outcome = await handler({}, context);
  const doc = await daemon.waitFor((d) => d.trace_id === trace.root && d.name === '127.0.0.1');
  return { doc, outcome };
}

describe('HTTP calls', () => {
  it('flags a fetch answered 429 as throttled and an error', async () => {
    const { doc, outcome } = await tracedCall(async () => (await fetch(`${server.url}/status/429`)).status);

    expect(outcome).toBe(429);
    expect(doc).toMatchObject({ throttle: true, error: true, http: { response: { status: 429 } } });
  });

  it('flags a node:http call answered 503 as a fault', async () => {
    const { doc, outcome } = await tracedCall(() => httpGet(`${server.url}/status/503`));

    expect(outcome).toBe(503);
    expect(doc).toMatchObject({ fault: true, http: { response: { status: 503 } } });
  });

  it('records a fetch whose connection is refused, with its error, and lets the error through', async () => {
    const { doc, outcome } = await tracedCall(() => fetch(`http://127.0.0.1:${closedPort}/orders`));

    expect(outcome).toBe('TypeError');
    expect(doc.fault).toBe(true);
    expect(doc.cause?.exceptions?.[0]?.message).toBeDefined();
  });

  it('records a node:http call whose connection is refused, with its error', async () => {
    const { doc, outcome } = await tracedCall(() => httpGet(`http://127.0.0.1:${closedPort}/orders`));

    expect(outcome).toBe('Error');
    expect(doc.fault).toBe(true);
    expect(doc.cause?.exceptions?.[0]?.message).toMatch(/ECONNREFUSED/);
  });

  it('leaves the calls of an invocation without a trace header alone: no header, nothing sent', async () => {
    // Documents of the tests before may still be on their way.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { context } = startInvocation();
    delete process.env._X_AMZN_TRACE_ID;
    const handler = middy(async () => [
      await httpGet(`${server.url}/status/200`),
      (await fetch(`${server.url}/status/201`)).status,
    ]).use(captureLambdaHandler(tracer));
    const [received, sent] = [server.received.length, daemon.documents.length];

    const statuses = await handler({}, context);

    expect(statuses).toEqual([200, 201]);
    expect(server.received.slice(received).map((headers) => headers['x-amzn-trace-id'])).toEqual([
      undefined,
      undefined,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(daemon.documents.length).toBe(sent);
  });
});
