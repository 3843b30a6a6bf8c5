import { EventEmitter } from 'node:events';
import { startXrayDaemon, type XrayDaemon, type XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// AWS SDK v2 is not installed (it is in maintenance and not in the Node.js Lambda runtimes): these
// stand-ins behave as its clients do towards aws-xray-sdk-core (customizeRequests, a request that
// emits build and complete, then calls back).
class FakeRequest extends EventEmitter {
  readonly httpRequest = { headers: {} as Record<string, string>, region: 'eu-west-1' };
  constructor(
    readonly operation: string,
    readonly params: Record<string, unknown>,
  ) {
    super();
  }
  send(callback: (error: Error | null, data: unknown) => void): void {
    this.emit('build', this);
    const response = {
      request: this,
      requestId: 'req-1',
      retryCount: 0,
      httpResponse: { statusCode: 200, headers: {} },
      data: { Item: {} },
    };
    this.emit('complete', response);
    callback(null, response.data);
  }
}

type Customizer = (this: unknown, request: FakeRequest) => void;

class FakeDynamoDB {
  static readonly serviceIdentifier = 'dynamodb';
  readonly serviceIdentifier = 'dynamodb';
  // Declared only: an own field on each instance would hide the prototype's, which captureAWS fills.
  declare customizers?: Customizer[];
  customizeRequests(customizer: Customizer): void {
    this.customizers ??= [];
    this.customizers.push(customizer);
  }
  getItem(params: Record<string, unknown>): Promise<unknown> {
    const request = new FakeRequest('getItem', params);
    for (const customizer of this.customizers ?? []) customizer.call(this, request);
    return new Promise((resolve, reject) =>
      request.send((error, data) => (error ? reject(error) : resolve(data))),
    );
  }
}

/** As AWS.DynamoDB.DocumentClient: no customizeRequests of its own, the client it wraps under `service`. */
class FakeDocumentClient {
  readonly service = new FakeDynamoDB();
  get(params: Record<string, unknown>): Promise<unknown> {
    return this.service.getItem(params);
  }
}

let daemon: XrayDaemon;
let tracer: Tracer;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  useLambdaEnvironment(daemon.address);
  tracer = new Tracer({ serviceName: 'orders' });
});

afterAll(async () => {
  await daemon.close();
});

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon.waitFor((doc) => doc.trace_id === root && doc.name === name, 3000);
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
