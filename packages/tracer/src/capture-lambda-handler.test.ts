import { resetColdStart } from '@lambkit/core';
import type { XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

function handlerDocument(root: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === HANDLER_SUBSEGMENT);
}

describe('captureLambdaHandler', () => {
  it('sends the handler subsegment under the segment Lambda created for the invocation', async () => {
    const handler = middy(async () => ({ statusCode: 200 })).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await handler({}, context);

    const doc = await handlerDocument(trace.root);
    expect(doc).toMatchObject({ type: 'subsegment', trace_id: trace.root, parent_id: trace.parent });
    expect(doc.id).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.end_time).toBeGreaterThanOrEqual(doc.start_time);
    expect(doc.in_progress).toBeUndefined();
    expect(daemon().rejected).toEqual([]);
  });

  it('annotates the handler subsegment with ColdStart and Service', async () => {
    const handler = middy(async () => 'ok').use(captureLambdaHandler(tracer));
    resetColdStart();
    const first = startInvocation();
    await handler({}, first.context);
    const second = startInvocation();
    await handler({}, second.context);

    const [cold, warm] = await Promise.all([
      handlerDocument(first.trace.root),
      handlerDocument(second.trace.root),
    ]);
    expect(cold.annotations).toEqual({ ColdStart: true, Service: 'orders' });
    expect(warm.annotations).toEqual({ ColdStart: false, Service: 'orders' });
  });

  it('records the response as metadata under the service name', async () => {
    const handler = middy(async () => ({ statusCode: 201, body: '{"id":"o-1"}' })).use(
      captureLambdaHandler(tracer),
    );
    const { trace, context } = startInvocation();

    const response = await handler({}, context);

    const doc = await handlerDocument(trace.root);
    expect(doc.metadata).toEqual({ orders: { 'index.handler response': response } });
  });

  it('leaves the response out when captureResponse is false', async () => {
    const handler = middy(async () => ({ secret: 'do not trace' })).use(
      captureLambdaHandler(tracer, { captureResponse: false }),
    );
    const { trace, context } = startInvocation();

    await handler({}, context);

    expect((await handlerDocument(trace.root)).metadata).toBeUndefined();
  });

  it('records a thrown error with its stack and rethrows it', async () => {
    const handler = middy(async () => {
      throw new RangeError('quantity must be positive');
    }).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await expect(handler({}, context)).rejects.toThrow('quantity must be positive');

    const doc = await handlerDocument(trace.root);
    expect(doc.fault).toBe(true);
    expect(doc.metadata).toBeUndefined();
    const [exception] = doc.cause?.exceptions ?? [];
    expect(exception).toMatchObject({ message: 'quantity must be positive', type: 'RangeError' });
    expect(exception.stack.length).toBeGreaterThan(0);
    expect(exception.stack[0]).toMatchObject({
      path: expect.stringContaining('capture-lambda-handler.test.ts'),
    });
  });

  it('closes the handler subsegment when a later middleware returns early from before', async () => {
    let handlerRan = false;
    const handler = middy(async () => {
      handlerRan = true;
    })
      .use(captureLambdaHandler(tracer))
      .use({ before: () => ({ statusCode: 304 }) });
    const { trace, context } = startInvocation();

    const response = await handler({}, context);

    const doc = await handlerDocument(trace.root);
    expect(handlerRan).toBe(false);
    expect(response).toEqual({ statusCode: 304 });
    expect(doc.metadata).toEqual({ orders: { 'index.handler response': { statusCode: 304 } } });
  });

  it('closes the handler subsegment when an after middleware that runs first returns early', async () => {
    const handler = middy(async () => ({ statusCode: 200 }))
      .use(captureLambdaHandler(tracer))
      .use({ after: () => ({ statusCode: 202 }) });
    const { trace, context } = startInvocation();

    await handler({}, context);

    const doc = await handlerDocument(trace.root);
    expect(doc.metadata).toEqual({ orders: { 'index.handler response': { statusCode: 202 } } });
  });

  it('closes the handler subsegment with the error when another onError handles it first', async () => {
    const handler = middy(async () => {
      throw new Error('upstream timed out');
    })
      .use(captureLambdaHandler(tracer))
      .use({ onError: () => ({ statusCode: 503 }) });
    const { trace, context } = startInvocation();

    const response = await handler({}, context);

    const doc = await handlerDocument(trace.root);
    expect(response).toEqual({ statusCode: 503 });
    expect(doc.fault).toBe(true);
    expect(doc.cause?.exceptions?.[0]).toMatchObject({ message: 'upstream timed out' });
  });

  it('closes and sends a subsegment the handler left open', async () => {
    const handler = middy(async () => {
      tracer.getSegment()?.addNewSubsegment('never closed');
      return 'done';
    }).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await handler({}, context);

    const [parent, child] = await Promise.all([
      handlerDocument(trace.root),
      daemon().waitFor((doc) => doc.trace_id === trace.root && doc.name === 'never closed'),
    ]);
    expect(child.parent_id).toBe(parent.id);
    expect(child.end_time).toBeLessThanOrEqual(parent.end_time as number);
  });

  it('sends nothing for an invocation X-Ray does not sample', async () => {
    const handler = middy(async () => tracer.subsegment('### work', () => 'ok')).use(
      captureLambdaHandler(tracer),
    );
    const unsampled = startInvocation(false);
    const unsampledResponse = await handler({}, unsampled.context);
    const sampled = startInvocation(true);

    await handler({}, sampled.context);

    await handlerDocument(sampled.trace.root);
    expect(unsampledResponse).toBe('ok');
    expect(daemon().documents.filter((doc) => doc.trace_id === unsampled.trace.root)).toEqual([]);
  });

  it('runs the handler untraced when the invocation has no trace header', async () => {
    const handler = middy(async () => tracer.subsegment('### work', () => 'untraced')).use(
      captureLambdaHandler(tracer),
    );
    const { context } = startInvocation();
    delete process.env._X_AMZN_TRACE_ID;
    const sent = daemon().documents.length;

    const response = await handler({}, context);

    const sentinel = startInvocation();
    await handler({}, sentinel.context);
    await handlerDocument(sentinel.trace.root);
    expect(response).toBe('untraced');
    expect(
      daemon()
        .documents.slice(sent)
        .map((doc) => doc.trace_id),
    ).toEqual([sentinel.trace.root, sentinel.trace.root]);
  });
});

describe('captureLambdaHandler with the Powertools environment variables', () => {
  it('leaves responses out under POWERTOOLS_TRACER_CAPTURE_RESPONSE=false', async () => {
    process.env.POWERTOOLS_TRACER_CAPTURE_RESPONSE = 'false';
    const quiet = new Tracer({ serviceName: 'orders' });
    delete process.env.POWERTOOLS_TRACER_CAPTURE_RESPONSE;
    const handler = middy(async () => ({ card: '4111' })).use(captureLambdaHandler(quiet));
    const { trace, context } = startInvocation();

    await handler({}, context);

    expect((await handlerDocument(trace.root)).metadata).toBeUndefined();
  });

  it('flags errors without their stack under POWERTOOLS_TRACER_CAPTURE_ERROR=false', async () => {
    process.env.POWERTOOLS_TRACER_CAPTURE_ERROR = 'false';
    const quiet = new Tracer({ serviceName: 'orders' });
    delete process.env.POWERTOOLS_TRACER_CAPTURE_ERROR;
    const handler = middy(async () => {
      throw new Error('contains customer data');
    }).use(captureLambdaHandler(quiet));
    const { trace, context } = startInvocation();

    await expect(handler({}, context)).rejects.toThrow('contains customer data');

    const doc = await handlerDocument(trace.root);
    expect(doc.error).toBe(true);
    expect(doc.fault).toBeUndefined();
    expect(doc.cause).toBeUndefined();
  });
});
