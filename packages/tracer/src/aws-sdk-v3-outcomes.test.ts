import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// How a traced AWS SDK v3 call is described for each kind of answer, with a real SSMClient against a
// local endpoint that answers GetParameter for "/status/<code>/<error name>" with that status and
// error, and for any other name with the parameter (and a content-length).
let daemon: XrayDaemon;
let server: Server;
let url: string;
let tracer: Tracer;
let requests = 0;

function startEndpoint(): Promise<Server> {
  const endpoint = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests++;
      const { Name } = JSON.parse(body) as { Name: string };
      const [, status, errorName] = /^\/status\/(\d+)\/(\w+)$/.exec(Name) ?? [];
      const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-outcome' };
      if (status === undefined) {
        const text = JSON.stringify({ Parameter: { Name, Type: 'String', Value: 'v', Version: 1 } });
        response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
        response.end(text);
        return;
      }
      response.writeHead(Number(status), headers);
      response.end(JSON.stringify({ __type: errorName, message: `answered ${status}` }));
    });
  });
  return new Promise((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve(endpoint)));
}

function client(region: SSMClient['config']['region'] | string = 'eu-west-1'): SSMClient {
  return tracer.captureAWSv3Client(
    new SSMClient({
      region: region as string,
      endpoint: url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    }),
  );
}

beforeAll(async () => {
  daemon = await startXrayDaemon();
  server = await startEndpoint();
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders' });
});

afterAll(async () => {
  await daemon.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Calls GetParameter for `name` in a traced invocation; returns the call's subsegment and the outcome. */
async function tracedCall(ssm: SSMClient, name: string): Promise<{ call: XrayDocument; outcome: string }> {
  const handler = middy(async () =>
    ssm.send(new GetParameterCommand({ Name: name })).then(
      () => 'ok',
      (error: Error) => error.name,
    ),
  ).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  const outcome = await handler({}, context);
  const call = await daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === 'SSM');
  return { call, outcome };
}

describe('a traced AWS SDK v3 call', () => {
  it('records the response length of a successful call', async () => {
    const { call, outcome } = await tracedCall(client(), '/app/length');

    expect(outcome).toBe('ok');
    expect(call.http).toEqual({ response: { status: 200, content_length: expect.any(Number) } });
    expect(call.error).toBeUndefined();
    expect(call.fault).toBeUndefined();
  });

  it('flags a 429 as throttled and an error', async () => {
    const { call, outcome } = await tracedCall(client(), '/status/429/TooManyRequestsException');

    expect(outcome).toBe('TooManyRequestsException');
    expect(call).toMatchObject({ throttle: true, error: true, http: { response: { status: 429 } } });
  });

  it('flags a 400 whose error is a throttling one as throttled', async () => {
    const { call, outcome } = await tracedCall(client(), '/status/400/ThrottlingException');

    expect(outcome).toBe('ThrottlingException');
    expect(call).toMatchObject({ throttle: true, error: true, http: { response: { status: 400 } } });
  });

  it('flags a 5xx as a fault, not an error', async () => {
    const { call, outcome } = await tracedCall(client(), '/status/500/InternalServerError');

    expect(outcome).toBe('InternalServerError');
    expect(call).toMatchObject({ fault: true, http: { response: { status: 500 } } });
    expect(call.error).toBeUndefined();
    expect(call.throttle).toBeUndefined();
  });

  it('still answers, and records the call without its aws and http blocks, when the region fails to resolve afterwards', async () => {
    // The SDK resolves the region before sending; the tracer asks again once the answer is in.
    const asked = requests;
    const regionUntilAnswered = async () => {
      if (requests > asked) throw new Error('region provider failed');
      return 'eu-west-1';
    };

    const { call, outcome } = await tracedCall(client(regionUntilAnswered as unknown as string), '/app/late');

    expect(outcome).toBe('ok');
    expect(call).toMatchObject({ name: 'SSM', namespace: 'aws' });
    expect(call.aws).toBeUndefined();
    expect(call.http).toBeUndefined();
  });

  it('records a call whose connection is refused with its error and no http block', async () => {
    const refused = tracer.captureAWSv3Client(
      new SSMClient({
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9',
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      }),
    );

    const { call, outcome } = await tracedCall(refused, '/app/unreachable');

    expect(outcome).not.toBe('ok');
    expect(call).toMatchObject({
      name: 'SSM',
      fault: true,
      aws: expect.objectContaining({ operation: 'GetParameter' }),
    });
    expect(call.http).toBeUndefined();
    expect(call.cause?.exceptions?.[0]?.message).toMatch(/ECONNREFUSED/);
  });

  it('records a call failed by a later middleware before any answer, without aws retries or http', async () => {
    const blocked = client();
    blocked.middlewareStack.add(
      () => async () => {
        throw new Error('blocked before sending');
      },
      { step: 'finalizeRequest', name: 'blockEverything' },
    );

    const { call, outcome } = await tracedCall(blocked, '/app/blocked');

    expect(outcome).toBe('Error');
    expect(call).toMatchObject({
      name: 'SSM',
      fault: true,
      aws: expect.objectContaining({ operation: 'GetParameter', retries: 0 }),
    });
    expect(call.http).toBeUndefined();
  });
});
