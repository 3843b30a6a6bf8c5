import { createRequire } from 'node:module';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// tracer.provider with tracing on: errors thrown inside its captures, bad names, and what it hands
// to the SDK the tracer loaded.
const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

async function invoke(main: () => Promise<unknown>) {
  const handler = middy(main).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  const outcome = await handler({}, context).then(
    (response) => ({ response }),
    (error: Error) => ({ error }),
  );
  return { trace, outcome };
}

describe('tracer.provider captures', () => {
  it('captureFunc records a thrown error on its subsegment, closes it and rethrows', async () => {
    const { trace, outcome } = await invoke(async () =>
      tracer.provider.captureFunc('### failing', () => {
        throw new RangeError('no stock');
      }),
    );

    expect(outcome).toEqual({ error: new RangeError('no stock') });
    const failing = await daemon().waitFor(
      (doc) => doc.trace_id === trace.root && doc.name === '### failing',
    );
    expect(failing.fault).toBe(true);
    expect(failing.cause?.exceptions?.[0]).toMatchObject({ message: 'no stock', type: 'RangeError' });
  });

  it('captureAsyncFunc closes its subsegment with the error when the function throws at once', async () => {
    const { trace, outcome } = await invoke(async () =>
      tracer.provider.captureAsyncFunc('### failing at once', () => {
        throw new TypeError('bad order');
      }),
    );

    expect(outcome).toEqual({ error: new TypeError('bad order') });
    const failing = await daemon().waitFor(
      (doc) => doc.trace_id === trace.root && doc.name === '### failing at once',
    );
    expect(failing.cause?.exceptions?.[0]).toMatchObject({ message: 'bad order', type: 'TypeError' });
  });

  it('refuses a name that is not a non-empty string', () => {
    expect(() => tracer.provider.captureFunc('', () => 1)).toThrow(
      'tracer.provider: a subsegment name must be a non-empty string, got ""',
    );
    expect(() => tracer.provider.captureAsyncFunc(7 as unknown as string, () => 1)).toThrow(
      'tracer.provider: a subsegment name must be a non-empty string, got 7',
    );
  });

  it('putAnnotation annotates the active subsegment, as the tracer does', async () => {
    const { trace } = await invoke(async () => tracer.provider.putAnnotation('tenant', 'acme'));

    const handlerDoc = await daemon().waitFor(
      (doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT,
    );
    expect(handlerDoc.annotations).toMatchObject({ tenant: 'acme' });
  });
});

describe('the Powertools annotation helpers, tracing on', () => {
  it('annotateColdStart and addServiceNameAnnotation annotate the active subsegment', async () => {
    const { trace } = await invoke(async () =>
      tracer.subsegment('### annotated', () => {
        tracer.annotateColdStart();
        tracer.addServiceNameAnnotation();
      }),
    );

    const doc = await daemon().waitFor((d) => d.trace_id === trace.root && d.name === '### annotated');
    expect(doc.annotations).toEqual({ ColdStart: expect.any(Boolean), Service: 'orders' });
  });
});

describe('tracer.provider settings, tracing on', () => {
  it("gives the SDK's namespace, the one the function's own require('aws-xray-sdk-core') has", () => {
    const own = createRequire(import.meta.url)('aws-xray-sdk-core') as { getNamespace(): unknown };

    expect(tracer.provider.getNamespace()).toBeDefined();
    expect(tracer.provider.getNamespace()).toBe(own.getNamespace());
  });

  it('captureAWSv3Client instruments the client as the tracer does, and returns it', () => {
    const client = new SSMClient({ region: 'eu-west-1' });

    const returned = tracer.provider.captureAWSv3Client(client);

    expect(returned).toBe(client);
    expect(client.middlewareStack.identify()).toContainEqual(
      expect.stringContaining('LambkitTracerInstrumentation'),
    );
  });

  it('setLogger gives the SDK the logger it writes its own messages to', () => {
    const messages: string[] = [];
    const logger = {
      error: (message: string) => messages.push(message),
      warn: (message: string) => messages.push(message),
      info: (message: string) => messages.push(message),
      debug: (message: string) => messages.push(message),
    };

    tracer.provider.setLogger(logger);
    tracer.provider.setDaemonAddress('127.0.0.1:2999');
    tracer.provider.setLogger(console);

    expect(messages.join('\n')).toMatch(/AWS_XRAY_DAEMON_ADDRESS/);
  });
});
