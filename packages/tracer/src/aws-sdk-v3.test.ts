import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runInInvocation } from '@lambkit/core';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

/** A local endpoint speaking SSM's JSON protocol: GetParameter finds "/app/*" names, fails others. */
function startSsmEndpoint() {
  const received: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(request.headers);
      const { Name } = JSON.parse(body) as { Name: string };
      const requestId = `req-${received.length}`;
      if (Name.startsWith('/app/')) {
        response.writeHead(200, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': requestId,
        });
        response.end(
          JSON.stringify({ Parameter: { Name, Type: 'String', Value: 'db.internal', Version: 1 } }),
        );
        return;
      }
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': requestId,
      });
      response.end(JSON.stringify({ __type: 'ParameterNotFound', message: `Parameter ${Name} not found.` }));
    });
  });
  return new Promise<{ url: string; received: IncomingHttpHeaders[]; server: Server }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, received, server });
    });
  });
}

let daemon: XrayDaemon;
let tracer: Tracer;
let endpoint: Awaited<ReturnType<typeof startSsmEndpoint>>;
let ssm: SSMClient;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  endpoint = await startSsmEndpoint();
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders' });
  ssm = tracer.captureAWSv3Client(
    new SSMClient({
      region: 'eu-west-1',
      endpoint: endpoint.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    }),
  );
});

afterAll(async () => {
  await daemon.close();
  await new Promise((resolve) => endpoint.server.close(resolve));
});

function sent(root: string, predicate: (doc: XrayDocument) => boolean): Promise<XrayDocument> {
  return daemon.waitFor((doc) => doc.trace_id === root && predicate(doc));
}

describe('tracer.captureAWSv3Client', () => {
  it('records a call as a subsegment under the subsegment active when it was made', async () => {
    const handler = middy(async () =>
      tracer.subsegment('### loadConfig', () => ssm.send(new GetParameterCommand({ Name: '/app/db-host' }))),
    ).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    const result = await handler({}, context);

    const [handlerDoc, loadConfig, call] = await Promise.all([
      sent(trace.root, (doc) => doc.name === HANDLER_SUBSEGMENT),
      sent(trace.root, (doc) => doc.name === '### loadConfig'),
      sent(trace.root, (doc) => doc.name === 'SSM'),
    ]);
    expect(result.Parameter?.Value).toBe('db.internal');
    expect(loadConfig.parent_id).toBe(handlerDoc.id);
    expect(call.parent_id).toBe(loadConfig.id);
    expect(call).toMatchObject({
      namespace: 'aws',
      aws: { operation: 'GetParameter', region: 'eu-west-1', request_id: 'req-1', retries: 0 },
      http: { response: { status: 200 } },
    });
    expect(call.start_time).toBeGreaterThanOrEqual(loadConfig.start_time);
    expect(call.end_time).toBeLessThanOrEqual(loadConfig.end_time as number);
  });

  it('sends the trace header downstream with the call subsegment as parent', async () => {
    const handler = middy(async () => ssm.send(new GetParameterCommand({ Name: '/app/region' }))).use(
      captureLambdaHandler(tracer),
    );
    const { trace, context } = startInvocation();
    const before = endpoint.received.length;

    await handler({}, context);

    const call = await sent(trace.root, (doc) => doc.name === 'SSM');
    expect(endpoint.received.slice(before).map((headers) => headers['x-amzn-trace-id'])).toEqual([
      `Root=${trace.root};Parent=${call.id};Sampled=1`,
    ]);
  });

  it('records a failed call with its error and status, and lets the error reach the handler', async () => {
    const handler = middy(async () =>
      ssm.send(new GetParameterCommand({ Name: 'missing' })).catch((error: Error) => error.name),
    ).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    const response = await handler({}, context);

    const call = await sent(trace.root, (doc) => doc.name === 'SSM');
    expect(response).toBe('ParameterNotFound');
    expect(call).toMatchObject({ error: true, http: { response: { status: 400 } } });
    expect(call.cause?.exceptions?.[0]).toMatchObject({
      type: 'ParameterNotFound',
      message: 'Parameter missing not found.',
      remote: true,
    });
  });

  it('records the call once, not a second time as an HTTP call', async () => {
    const handler = middy(async () => ssm.send(new GetParameterCommand({ Name: '/app/once' }))).use(
      captureLambdaHandler(tracer),
    );
    const { trace, context } = startInvocation();

    await handler({}, context);

    await sent(trace.root, (doc) => doc.name === HANDLER_SUBSEGMENT);
    const names = daemon.documents.filter((doc) => doc.trace_id === trace.root).map((doc) => doc.name);
    expect(names.sort()).toEqual([HANDLER_SUBSEGMENT, 'SSM']);
  });

  it('keeps working, untraced, in an invocation without a trace header', async () => {
    delete process.env._X_AMZN_TRACE_ID;
    const before = endpoint.received.length;

    const result = await runInInvocation(() => ssm.send(new GetParameterCommand({ Name: '/app/at-init' })));

    expect(result.Parameter?.Name).toBe('/app/at-init');
    expect(endpoint.received[before]['x-amzn-trace-id']).toBeUndefined();
  });

  it('refuses something that is not an AWS SDK v3 client', () => {
    expect(() => tracer.captureAWSv3Client({ send() {} })).toThrow(
      'captureAWSv3Client: expected an AWS SDK v3 client (an object with a middlewareStack), got object',
    );
  });
});
