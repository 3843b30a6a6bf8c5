import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decorate, HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, type SubsegmentLike, Tracer } from './index.js';

// setSegment inside a tracer.subsegment() scope, and captureMethod's options and untraced calls.
const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

describe('setSegment inside tracer.subsegment()', () => {
  it('makes the given subsegment the active one for the rest of the scope', async () => {
    const handler = middy(async () =>
      tracer.subsegment('### outer', () => {
        const inner = (tracer.getSegment() as SubsegmentLike).addNewSubsegment('### inner');
        tracer.setSegment(inner);
        tracer.putAnnotation('where', 'inner');
        inner.close();
      }),
    ).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await handler({}, context);

    const outer = await daemon().waitFor((doc) => doc.trace_id === trace.root && doc.name === '### outer');
    const innerDoc =
      outer.subsegments?.find((doc) => doc.name === '### inner') ??
      (await daemon().waitFor((doc) => doc.trace_id === trace.root && doc.name === '### inner'));
    expect(innerDoc.annotations).toEqual({ where: 'inner' });
    expect(outer.annotations).toBeUndefined();
  });
});

describe('subsegments closed or made active by hand', () => {
  it('a subsegment closed by hand inside tracer.subsegment() is sent once', async () => {
    const handler = middy(async () =>
      tracer.subsegment('### closed by hand', () => {
        (tracer.getSegment() as SubsegmentLike).close();
      }),
    ).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await handler({}, context);

    await daemon().waitFor((doc) => doc.trace_id === trace.root && doc.name === '### closed by hand');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      daemon().documents.filter((doc) => doc.trace_id === trace.root && doc.name === '### closed by hand'),
    ).toHaveLength(1);
  });

  it('a subsegment left active by the handler does not stop the handler subsegment from closing', async () => {
    const handler = middy(async () => {
      const step = (tracer.getSegment() as SubsegmentLike).addNewSubsegment('### left active');
      tracer.setSegment(step);
      step.close();
      return 'done';
    }).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    await handler({}, context);

    const handlerDoc = await daemon().waitFor(
      (doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT,
    );
    expect(handlerDoc.end_time).toBeGreaterThan(0);
  });
});

describe('@tracer.captureMethod()', () => {
  /** A class whose method is decorated once the tracer exists (after beforeAll). */
  function orders() {
    class Orders {
      async total(orderId: string) {
        return { orderId, total: 42 };
      }
    }
    decorate(Orders.prototype, 'total', tracer.captureMethod({ captureResponse: false }));
    return new Orders();
  }

  it('leaves the response out with captureResponse: false', async () => {
    const handler = middy(async () => orders().total('o-1')).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    const response = await handler({}, context);

    const doc = await daemon().waitFor((d) => d.trace_id === trace.root && d.name === '### total');
    expect(response).toEqual({ orderId: 'o-1', total: 42 });
    expect(doc.metadata).toBeUndefined();
  });

  it('runs the method untraced in an invocation without a trace header', async () => {
    // Documents of the test before may still be on their way.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { context } = startInvocation();
    delete process.env._X_AMZN_TRACE_ID;
    const handler = middy(async () => orders().total('o-2')).use(captureLambdaHandler(tracer));
    const sentBefore = daemon().documents.length;

    const response = await handler({}, context);

    expect(response).toEqual({ orderId: 'o-2', total: 42 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(daemon().documents.length).toBe(sentBefore);
  });
});
