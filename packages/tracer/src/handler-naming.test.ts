import type { XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decorate, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// A runtime that does not set _HANDLER (a custom runtime, a local runner): the handler subsegment
// and its response key are named for the function, or "handler" without a context.
const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  delete process.env._HANDLER;
  tracer = new Tracer({ serviceName: 'orders' });
});

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === name, 3000);
}

describe('without _HANDLER', () => {
  it('captureLambdaHandler names the subsegment and the response key for the function', async () => {
    const handler = middy(async () => ({ ok: true })).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation(true, { functionName: 'billing' });

    await handler({}, context);

    const doc = await sent(trace.root, '## billing');
    expect(doc.metadata).toEqual({ orders: { 'billing response': { ok: true } } });
  });

  it('captureLambdaHandler falls back to "handler" when the invocation has no context', async () => {
    const handler = middy(async () => 'done').use(captureLambdaHandler(tracer));
    const { trace } = startInvocation();

    await handler({}, undefined as never);

    const doc = await sent(trace.root, '## handler');
    expect(doc.metadata).toEqual({ orders: { 'handler response': 'done' } });
  });

  it('the captureLambdaHandler decorator names the subsegment and the response key for the function', async () => {
    class Lambda {
      async handler(_event: unknown, _context: unknown) {
        return 'charged';
      }
    }
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const { trace, context } = startInvocation(true, { functionName: 'payments' });

    await new Lambda().handler({}, context);

    const doc = await sent(trace.root, '## payments');
    expect(doc.metadata).toEqual({ orders: { 'payments response': 'charged' } });
  });

  it('the decorator falls back to "handler" when the invocation has no context', async () => {
    class Lambda {
      async handler(_event: unknown, _context: unknown) {
        return 'no context';
      }
    }
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const { trace } = startInvocation();

    await new Lambda().handler({}, undefined);

    const doc = await sent(trace.root, '## handler');
    expect(doc.metadata).toEqual({ orders: { 'handler response': 'no context' } });
  });

  it('the decorator runs the method untraced in an invocation without a trace header', async () => {
    class Lambda {
      async handler(_event: unknown, _context: unknown) {
        return 'untraced';
      }
    }
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const { context } = startInvocation();
    delete process.env._X_AMZN_TRACE_ID;
    const sentBefore = daemon().documents.length;

    const response = await new Lambda().handler({}, context);

    expect(response).toBe('untraced');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(daemon().documents.length).toBe(sentBefore);
  });
});
