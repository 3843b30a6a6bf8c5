import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

/**
 * A local HTTP server: "/status/<code>" answers with that status, "/sized" with a Content-Length; it
 * records every request's headers.
 */
function startServer() {
  const received: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.headers);
    if (request.url === '/sized') {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' });
      response.end('stock');
      return;
    }
    const status = Number(request.url?.split('/status/')[1] ?? 200) || 200;
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end('ok');
  });
  return new Promise<{ port: number; received: IncomingHttpHeaders[]; server: Server }>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, received, server }),
    );
  });
}

function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

// Node publishes http.client.request.created, before the headers are sent, from 22.14 on.
const [major, minor] = process.versions.node.split('.').map(Number);
const httpHeaderPropagates = major > 22 || (major === 22 && minor >= 14);

let daemon: XrayDaemon;
let tracer: Tracer;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  server = await startServer();
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders' });
});

afterAll(async () => {
  await daemon.close();
  await new Promise((resolve) => server.server.close(resolve));
});

async function invoke<T>(body: () => Promise<T>) {
  const handler = middy(body).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  const before = server.received.length;
  const response = await handler({}, context);
  return { root: trace.root, response, headers: server.received.slice(before) };
}

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon.waitFor((doc) => doc.trace_id === root && doc.name === name);
}

describe('HTTP capture', () => {
  it('records a fetch call under the active subsegment and sends the trace header', async () => {
    const { root, response, headers } = await invoke(() =>
      tracer.subsegment('### callPartner', () =>
        fetch(`http://127.0.0.1:${server.port}/orders?token=secret`).then((r) => r.status),
      ),
    );

    const [parent, call] = await Promise.all([sent(root, '### callPartner'), sent(root, '127.0.0.1')]);
    expect(response).toBe(200);
    expect(call).toMatchObject({
      parent_id: parent.id,
      namespace: 'remote',
      http: { request: { url: 'http://127.0.0.1/orders', method: 'GET' }, response: { status: 200 } },
    });
    expect(headers.map((h) => h['x-amzn-trace-id'])).toEqual([`Root=${root};Parent=${call.id};Sampled=1`]);
  });

  it('records a node:http call under the active subsegment', async () => {
    const { root, headers } = await invoke(() =>
      tracer.subsegment('### legacyClient', () => httpGet(`http://127.0.0.1:${server.port}/stock`)),
    );

    const [parent, call] = await Promise.all([sent(root, '### legacyClient'), sent(root, '127.0.0.1')]);
    expect(call).toMatchObject({
      parent_id: parent.id,
      namespace: 'remote',
      http: { request: { url: 'http://127.0.0.1/stock', method: 'GET' }, response: { status: 200 } },
    });
    expect(headers[0]['x-amzn-trace-id']).toBe(
      httpHeaderPropagates ? `Root=${root};Parent=${call.id};Sampled=1` : undefined,
    );
  });

  it('records the Content-Length of a node:http answer and of a fetch answer', async () => {
    const { root } = await invoke(async () => {
      await tracer.subsegment('### legacySized', () => httpGet(`http://127.0.0.1:${server.port}/sized`));
      await tracer.subsegment('### fetchSized', () =>
        fetch(`http://127.0.0.1:${server.port}/sized`).then((r) => r.text()),
      );
    });

    const [legacy, fetched] = await Promise.all([
      sent(root, '### legacySized'),
      sent(root, '### fetchSized'),
    ]);
    const [legacyCall, fetchCall] = await Promise.all([
      daemon.waitFor((doc) => doc.trace_id === root && doc.parent_id === legacy.id),
      daemon.waitFor((doc) => doc.trace_id === root && doc.parent_id === fetched.id),
    ]);
    expect(legacyCall.http?.response).toEqual({ status: 200, content_length: 5 });
    expect(fetchCall.http?.response).toEqual({ status: 200, content_length: 5 });
  });

  it('flags a 4xx answer as an error and a 5xx answer as a fault', async () => {
    const { root } = await invoke(async () => {
      await tracer.subsegment('### client', () => fetch(`http://127.0.0.1:${server.port}/status/404`));
      await tracer.subsegment('### server', () => httpGet(`http://127.0.0.1:${server.port}/status/503`));
    });

    const [client, serverSide] = await Promise.all([sent(root, '### client'), sent(root, '### server')]);
    const calls = daemon.documents.filter((doc) => doc.trace_id === root && doc.name === '127.0.0.1');
    const clientCall = calls.find((doc) => doc.parent_id === client.id);
    const serverCall = calls.find((doc) => doc.parent_id === serverSide.id);
    expect(clientCall).toMatchObject({ error: true, http: { response: { status: 404 } } });
    expect(clientCall?.fault).toBeUndefined();
    expect(serverCall).toMatchObject({ fault: true, http: { response: { status: 503 } } });
  });

  it('records a node:http call that fails to connect, with its error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const { root, response } = await invoke(() =>
      httpGet(`http://127.0.0.1:${port}/`).catch((error: NodeJS.ErrnoException) => error.code),
    );

    const call = await sent(root, '127.0.0.1');
    expect(response).toBe('ECONNREFUSED');
    expect(call.fault).toBe(true);
    expect(call.cause?.exceptions?.[0].message).toContain('ECONNREFUSED');
  });
});
