import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { type LocalServer, startHttpServer, startSsmEndpoint } from '../test/test-servers.js';
import { captureLambdaHandler, Tracer } from './index.js';

// Invocations Lambda did not sample (Sampled=0), and metadata JSON cannot write.
let daemon: XrayDaemon;
let http: LocalServer;
let ssmEndpoint: LocalServer;
let tracer: Tracer;
let ssm: SSMClient;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  http = await startHttpServer();
  ssmEndpoint = await startSsmEndpoint();
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders' });
  ssm = tracer.captureAWSv3Client(
    new SSMClient({
      region: 'eu-west-1',
      endpoint: ssmEndpoint.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    }),
  );
});

afterAll(async () => {
  await daemon.close();
  await http.close();
  await ssmEndpoint.close();
});

describe('an invocation Lambda did not sample', () => {
  it('sends nothing, and passes Sampled=0 downstream to fetch and AWS calls', async () => {
    const handler = middy(async () => {
      await fetch(`${http.url}/orders`);
      await ssm.send(new GetParameterCommand({ Name: '/app/unsampled' }));
      return tracer.subsegment('### step', () => 'done');
    }).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation(false);
    const [httpBefore, ssmBefore] = [http.received.length, ssmEndpoint.received.length];

    const response = await handler({}, context);

    expect(response).toBe('done');
    const headers = [...http.received.slice(httpBefore), ...ssmEndpoint.received.slice(ssmBefore)].map(
      (received) => received['x-amzn-trace-id'],
    );
    expect(headers).toHaveLength(2);
    for (const header of headers)
      expect(header).toMatch(new RegExp(`^Root=${trace.root};Parent=[0-9a-f]{16};Sampled=0$`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(daemon.documents.filter((doc) => doc.trace_id === trace.root)).toEqual([]);
  });
});

describe('metadata JSON cannot write', () => {
  it('is sent as a note naming why, thrown text included, and the rest of the subsegment is sent', async () => {
    const handler = middy(async () =>
      tracer.subsegment('### noted', () => {
        tracer.putMetadata('refuses', {
          toJSON() {
            throw 'not today';
          },
        });
        tracer.putMetadata('fine', { id: 'o-1' });
      }),
    ).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await handler({}, context);

    const doc = await daemon.waitFor((d) => d.trace_id === trace.root && d.name === '### noted');
    expect(doc.metadata).toEqual({
      orders: { refuses: '[lambkit: metadata not serializable: not today]', fine: { id: 'o-1' } },
    });
  });
});
