import { createRequire } from 'node:module';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import middy from '@middy/core';
import type * as XRay from 'aws-xray-sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { type LocalServer, startSsmEndpoint } from '../test/test-servers.js';
import { captureLambdaHandler, Tracer } from './index.js';

// The function imports aws-xray-sdk-core itself before `new Tracer()`: the tracer takes that object
// (the installed files, not its single file), and still describes AWS calls with the SDK's own
// `aws` block, imported from the installed SDK.
let daemon: XrayDaemon;
let ssm: LocalServer;
let own: typeof XRay;
let tracer: Tracer;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  ssm = await startSsmEndpoint();
  useLambdaEnvironment(daemon.address);
  own = createRequire(import.meta.url)('aws-xray-sdk-core') as typeof XRay;
  tracer = new Tracer({ serviceName: 'orders' });
});

afterAll(async () => {
  await daemon.close();
  await ssm.close();
});

describe('aws-xray-sdk-core loaded by the function first', () => {
  it("is the SDK the tracer uses: tracer.provider shares the function's namespace", () => {
    expect(tracer.provider.getNamespace()).toBe(own.getNamespace());
    expect(Object.getOwnPropertySymbols(own)).not.toContain(
      Symbol.for('@lambkit/tracer.xray-aws-attributes'),
    );
  });

  it('describes an AWS SDK v3 call with the aws block of the installed SDK', async () => {
    const client = tracer.captureAWSv3Client(
      new SSMClient({
        region: 'eu-west-1',
        endpoint: ssm.url,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      }),
    );
    const handler = middy(async () => client.send(new GetParameterCommand({ Name: '/app/db-host' }))).use(
      captureLambdaHandler(tracer),
    );
    const { trace, context } = startInvocation();

    await handler({}, context);

    const call = await daemon.waitFor((doc) => doc.trace_id === trace.root && doc.name === 'SSM');
    expect(call.aws).toMatchObject({ operation: 'GetParameter', region: 'eu-west-1', request_id: 'req-1' });
  });
});
