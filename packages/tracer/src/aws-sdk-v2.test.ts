import type { XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeDocumentClient, FakeDynamoDB } from '../test/test-aws-sdk-v2.js';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === name, 3000);
}

async function callInHandler(call: () => Promise<unknown>) {
  const handler = middy(call).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  await handler({}, context);
  const [handlerDoc, callDoc] = await Promise.all([
    sent(trace.root, HANDLER_SUBSEGMENT),
    sent(trace.root, 'dynamodb'),
  ]);
  return { trace, handlerDoc, callDoc };
}

describe('tracer.captureAWSClient (AWS SDK v2)', () => {
  it('records each call as an aws subsegment nested under the handler subsegment', async () => {
    const client = tracer.captureAWSClient(new FakeDynamoDB());

    const { handlerDoc, callDoc } = await callInHandler(() => client.getItem({ TableName: 'orders' }));

    expect(callDoc.parent_id).toBe(handlerDoc.id);
    expect(callDoc.namespace).toBe('aws');
    expect(callDoc.aws).toMatchObject({ operation: 'GetItem', region: 'eu-west-1', request_id: 'req-1' });
  });

  it('sends the call subsegment as the parent in the downstream trace header', async () => {
    const client = tracer.captureAWSClient(new FakeDynamoDB());
    let header: string | undefined;
    client.customizeRequests((request) => {
      request.on('build', () => {
        header = request.httpRequest.headers['X-Amzn-Trace-Id'];
      });
    });

    const { trace, callDoc } = await callInHandler(() => client.getItem({ TableName: 'orders' }));

    expect(header).toBe(`Root=${trace.root};Parent=${callDoc.id};Sampled=1`);
  });

  it('captures a DocumentClient through the client it wraps, and returns the DocumentClient', async () => {
    const documents = new FakeDocumentClient();

    const captured = tracer.captureAWSClient(documents);
    const { handlerDoc, callDoc } = await callInHandler(() => captured.get({ TableName: 'orders' }));

    expect(captured).toBe(documents);
    expect(callDoc.parent_id).toBe(handlerDoc.id);
  });
});

describe('tracer.captureAWS (AWS SDK v2)', () => {
  it('records the calls of every client of the module', async () => {
    class ModuleDynamoDB extends FakeDynamoDB {}
    const aws = { VERSION: '2.1692.0', DynamoDB: ModuleDynamoDB, config: {} };

    const captured = tracer.captureAWS(aws);
    const client = new captured.DynamoDB();
    const { handlerDoc, callDoc } = await callInHandler(() => client.getItem({ TableName: 'orders' }));

    expect(captured).toBe(aws);
    expect(callDoc.parent_id).toBe(handlerDoc.id);
  });

  it('rejects an AWS SDK older than aws-xray-sdk-core supports, as the SDK does', () => {
    expect(() => tracer.captureAWS({ VERSION: '2.7.0' })).toThrow(
      'AWS SDK version 2.7.15 or greater required.',
    );
  });
});
