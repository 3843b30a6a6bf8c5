import { createServer, type IncomingMessage, type RequestOptions } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import type * as XRay from 'aws-xray-sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startSsmEndpoint } from '../test/test-servers.js';

// The single file the package build writes (scripts/build-xray-sdk.mjs): turbo builds the package
// before its tests. It is loaded here on its own, outside Lambda (no LAMBDA_TASK_ROOT), as the SDK
// runs in any Node process, to check that joining its modules kept what depends on how they load.
const file = fileURLToPath(new URL('../dist/cjs/xray-sdk.js', import.meta.url));
const prebundled = createRequire(import.meta.url)(file) as { version: string; loadSdk(): typeof XRay };
const installed = createRequire(import.meta.url)('aws-xray-sdk-core/package.json') as { version: string };
const manifest = createRequire(import.meta.url)('../package.json') as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

let xray: typeof XRay;
let daemon: XrayDaemon;
let ssm: LocalServer;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  ssm = await startSsmEndpoint();
  xray = prebundled.loadSdk();
  xray.setDaemonAddress(daemon.address);
});

afterAll(async () => {
  await daemon.close();
  await ssm.close();
});

describe('aws-xray-sdk-core joined into one file', () => {
  it('is the version the package depends on, and loads the SDK once', () => {
    expect(prebundled.version).toBe(installed.version);
    expect(prebundled.loadSdk()).toBe(xray);
  });

  it('is a version of the dependency npm installs beside the tracer', () => {
    // A dependency, not an optional peer: a function that only had Powertools' tracer (which depends
    // on the SDK, ^3.12.0 in 2.36) keeps it after switching, and esbuild resolves the tracer's import.
    // semver as the SDK itself resolves it (one of its dependencies).
    const sdkRequire = createRequire(createRequire(import.meta.url).resolve('aws-xray-sdk-core'));
    const semver = sdkRequire('semver') as { satisfies(version: string, range: string): boolean };
    const range = manifest.dependencies['aws-xray-sdk-core'] ?? '';
    expect(range).toMatch(/^\^3\./);
    expect(semver.satisfies(prebundled.version, range)).toBe(true);
    expect(manifest.peerDependencies).not.toHaveProperty('aws-xray-sdk-core');
  });

  it("keeps a segment across awaits in the SDK's cls-hooked namespace", async () => {
    const segment = new xray.Segment('orders');

    const seen = await xray.getNamespace().runAndReturn(async () => {
      xray.setSegment(segment);
      await sleep(1);
      await Promise.resolve();
      return xray.getSegment();
    });

    expect(seen).toBe(segment);
  });

  it('applies the context missing strategies', () => {
    const messages: string[] = [];
    xray.setLogger({
      error: (message: string) => messages.push(message),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
    });

    xray.setContextMissingStrategy('RUNTIME_ERROR');
    expect(() => xray.getSegment()).toThrow(/Failed to get the current sub\/segment from the context/);
    xray.setContextMissingStrategy('IGNORE_ERROR');
    expect(xray.getSegment()).toBeUndefined();
    xray.setContextMissingStrategy('LOG_ERROR');
    expect(xray.getSegment()).toBeUndefined();

    expect(messages).toEqual([
      expect.stringMatching(/Failed to get the current sub\/segment from the context/),
    ]);
  });

  it("records an AWS SDK v3 call with the SDK's own captureAWSv3Client, sent to the daemon", async () => {
    const client = xray.captureAWSv3Client(
      new SSMClient({
        region: 'eu-west-1',
        endpoint: ssm.url,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      }),
    );
    const segment = new xray.Segment('orders-file');

    await xray.getNamespace().runAndReturn(async () => {
      xray.setSegment(segment);
      await client.send(new GetParameterCommand({ Name: '/app/db-host' }));
    });
    segment.close();

    const sent = await daemon.waitFor((doc) => doc.name === 'orders-file');
    expect(sent.trace_id).toBe(segment.trace_id);
    expect(sent.subsegments).toEqual([
      expect.objectContaining({
        name: 'SSM',
        namespace: 'aws',
        aws: expect.objectContaining({ operation: 'GetParameter', region: 'eu-west-1', request_id: 'req-1' }),
        http: { response: { status: 200 } },
      }),
    ]);
    expect(ssm.received[0]?.['x-amzn-trace-id']).toContain(`Root=${segment.trace_id}`);
  });
});

describe('the modules the file loads on first use rather than at load (scripts/build-xray-sdk.mjs)', () => {
  it("checks the AWS SDK v2 version in captureAWS with semver's gte", () => {
    const v2 = (VERSION: string) => ({ VERSION }) as unknown as Parameters<typeof xray.captureAWS>[0];

    expect(() => xray.captureAWS(v2('2.7.14'))).toThrow('AWS SDK version 2.7.15 or greater required.');
    expect(xray.captureAWS(v2('2.1692.0'))).toEqual({ VERSION: '2.1692.0' });
  });

  it("fails cls-hooked's assertions with node:assert's AssertionError", () => {
    const namespace = xray.getNamespace();

    expect(() => namespace.exit(undefined as unknown as Record<string, unknown>)).toThrow(
      expect.objectContaining({
        name: 'AssertionError',
        code: 'ERR_ASSERTION',
        message: 'context must be provided for exiting',
      }),
    );
  });

  it('gives the ECS plugin the host name', () => {
    let data: unknown;
    xray.plugins.ECSPlugin.getData((value: unknown) => {
      data = value;
    });

    expect(data).toEqual({ ecs: { container: hostname() } });
  });

  it("asks the EC2 metadata service through node:http's request, or what a capture put in its place", async () => {
    const asked: string[] = [];
    const imds = createServer((request, response) => {
      asked.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => {
        if (request.method === 'PUT') {
          response.end('token-1');
          return;
        }
        response.end(
          JSON.stringify({
            instanceId: 'i-1',
            availabilityZone: 'eu-west-1a',
            instanceType: 't3.micro',
            imageId: 'ami-1',
          }),
        );
      });
    });
    await new Promise<void>((listening) => imds.listen(0, '127.0.0.1', listening));
    const http = createRequire(import.meta.url)('node:http') as Record<string, unknown> &
      typeof import('node:http');
    const port = (imds.address() as AddressInfo).port;
    // As captureHTTPsGlobal does: the original request kept as __request, looked up at each call.
    http.__request = (options: RequestOptions, onResponse: (response: IncomingMessage) => void) =>
      http.request({ ...options, host: '127.0.0.1', port }, onResponse);

    try {
      const data = await new Promise((done) => xray.plugins.EC2Plugin.getData(done));

      expect(data).toEqual({
        ec2: {
          instance_id: 'i-1',
          availability_zone: 'eu-west-1a',
          instance_size: 't3.micro',
          ami_id: 'ami-1',
        },
      });
      expect(asked).toEqual(['PUT /latest/api/token', 'GET /latest/dynamic/instance-identity/document']);
    } finally {
      delete http.__request;
      imds.close();
    }
  });

  it('loads the centralized sampler on first read, then keeps whatever is set as a plain property', () => {
    const middleware = xray.middleware as unknown as Record<string, unknown>;

    const sampler = middleware.sampler as { shouldSample?: unknown };
    expect(typeof sampler.shouldSample).toBe('function');
    expect(Object.getOwnPropertyDescriptor(middleware, 'sampler')).toMatchObject({
      value: sampler,
      writable: true,
      enumerable: true,
    });
    middleware.sampler = { shouldSample: () => false };
    expect(middleware.sampler).not.toBe(sampler);
    middleware.sampler = sampler;
  });

  it('reads the whitelist of AWS parameters for the first aws block, with what was appended before it', () => {
    const Aws = (xray as unknown as Record<symbol, new (res: unknown, service: string) => object>)[
      Symbol.for('@lambkit/tracer.xray-aws-attributes')
    ] as new (
      res: unknown,
      service: string,
    ) => Record<string, unknown>;
    xray.appendAWSWhitelist({
      services: { orders: { operations: { placeOrder: { request_parameters: ['OrderId'] } } } },
    });
    const response = (operation: string, params: object) => ({
      request: { operation, params, httpRequest: { region: 'eu-west-1' } },
      requestId: 'req-9',
    });

    expect({ ...new Aws(response('getItem', { TableName: 'orders', Key: {} }), 'DynamoDB') }).toEqual({
      operation: 'GetItem',
      region: 'eu-west-1',
      request_id: 'req-9',
      retries: 0,
      table_name: 'orders',
    });
    expect(new Aws(response('placeOrder', { OrderId: 'o-1' }), 'orders')).toMatchObject({
      operation: 'PlaceOrder',
      order_id: 'o-1',
    });
  });

  it("flags a throttled AWS SDK v3 call recorded by the SDK's own captureAWSv3Client", async () => {
    const throttling = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': 'req-t',
        });
        response.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
      });
    });
    await new Promise<void>((listening) => throttling.listen(0, '127.0.0.1', listening));
    const client = xray.captureAWSv3Client(
      new SSMClient({
        region: 'eu-west-1',
        endpoint: `http://127.0.0.1:${(throttling.address() as AddressInfo).port}`,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      }),
    );
    const segment = new xray.Segment('orders-throttled');

    try {
      await xray.getNamespace().runAndReturn(async () => {
        xray.setSegment(segment);
        await expect(client.send(new GetParameterCommand({ Name: '/app/db-host' }))).rejects.toThrow(
          'Rate exceeded',
        );
      });
      segment.close();

      const sent = await daemon.waitFor((doc) => doc.name === 'orders-throttled');
      expect(sent.subsegments).toEqual([
        expect.objectContaining({ name: 'SSM', throttle: true, error: true }),
      ]);
    } finally {
      throttling.close();
    }
  });
});
