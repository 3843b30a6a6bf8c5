import type { XrayDocument } from '@lambkit/local';
import middy from '@middy/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, type SubsegmentLike, Tracer } from './index.js';

const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === name, 3000);
}

async function invoke(main: () => Promise<unknown>) {
  const handler = middy(main).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  const response = await handler({}, context);
  return { trace, response, handlerDoc: await sent(trace.root, HANDLER_SUBSEGMENT) };
}

describe('tracer.provider', () => {
  it('captureFunc runs the function in a subsegment under the active one, closed when it returns', async () => {
    let given: SubsegmentLike | undefined;

    const { trace, response, handlerDoc } = await invoke(async () =>
      tracer.provider.captureFunc('### sync', (subsegment) => {
        given = subsegment;
        tracer.putAnnotation('step', 'sync');
        return 'done';
      }),
    );

    const doc = await sent(trace.root, '### sync');
    expect(response).toBe('done');
    expect(given?.isClosed()).toBe(true);
    expect(doc.parent_id).toBe(handlerDoc.id);
    expect(doc.annotations).toEqual({ step: 'sync' });
  });

  it('captureAsyncFunc makes its subsegment active for the function, which closes it', async () => {
    const { trace, handlerDoc } = await invoke(
      () =>
        tracer.provider.captureAsyncFunc('### async', async (subsegment) => {
          tracer.putMetadata('seen', tracer.getSegment() === subsegment);
          subsegment?.close();
        }) as Promise<void>,
    );

    const doc = await sent(trace.root, '### async');
    expect(doc.parent_id).toBe(handlerDoc.id);
    expect(doc.metadata).toEqual({ orders: { seen: true } });
  });

  it('shares the active segment with the tracer both ways', async () => {
    let seen: unknown[] = [];

    await invoke(async () => {
      const handlerSegment = tracer.getSegment();
      const child = handlerSegment?.addNewSubsegment('### child') as SubsegmentLike;
      tracer.provider.setSegment(child);
      seen = [tracer.provider.getSegment() === child, tracer.getSegment() === child];
      child.close();
      tracer.setSegment(child.parent);
      seen.push(tracer.provider.getSegment() === handlerSegment);
    });

    expect(seen).toEqual([true, true, true]);
  });

  it('putMetadata writes under the SDK default namespace, as Powertools provider does', async () => {
    const { handlerDoc } = await invoke(async () => tracer.provider.putMetadata('order', { id: 'o-1' }));

    expect(handlerDoc.metadata).toMatchObject({ default: { order: { id: 'o-1' } } });
  });

  it("setLogger hands aws-xray-sdk-core's messages to the given logger", () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

    tracer.provider.setLogger(logger);
    // AWS_XRAY_CONTEXT_MISSING is set, so the SDK ignores this and says so through its logger.
    tracer.provider.setContextMissingStrategy('IGNORE_ERROR');

    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('AWS_XRAY_CONTEXT_MISSING is set'));
    tracer.provider.setLogger(console);
  });

  it('is replaceable, as the public field of Powertools is', () => {
    const other = new Tracer({ serviceName: 'other' });
    const original = other.provider;
    const stand_in = { ...original, getSegment: () => undefined };

    other.provider = stand_in;

    expect(other.provider).toBe(stand_in);
    expect(original.getNamespace()).toBeDefined();
  });
});
