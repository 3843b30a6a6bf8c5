import type { XrayDocument } from '@lambkit/local';
import { describe, expect, it } from 'vitest';
import { startInvocation, useXrayDaemon } from '../test/test-env.js';
import { Tracer } from './index.js';

// No middleware and no `await tracer.ready()` anywhere in this file: Powertools' manual pattern.
const daemon = useXrayDaemon();

/** A handler instrumented by hand as Powertools documents it. */
function manualHandler(tracer: Tracer) {
  return async function handler(event: { orderId: string }) {
    const segment = tracer.getSegment();
    if (segment === undefined) throw new Error('no active segment');
    const subsegment = segment.addNewSubsegment('### handler');
    tracer.setSegment(subsegment);
    try {
      tracer.putAnnotation('orderId', event.orderId);
      tracer.putMetadata('event', event);
      return event.orderId;
    } finally {
      subsegment.close();
      tracer.setSegment(segment);
    }
  };
}

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === name, 3000);
}

describe('hand-made instrumentation without the middleware', () => {
  it('sends its subsegment on the first invocation, straight after new Tracer()', async () => {
    const handler = manualHandler(new Tracer({ serviceName: 'orders' }));
    const { trace } = startInvocation();

    const response = await handler({ orderId: 'o-1' });

    const doc = await sent(trace.root, '### handler');
    expect(response).toBe('o-1');
    expect(doc.parent_id).toBe(trace.parent);
    expect(doc.annotations).toEqual({ orderId: 'o-1' });
    expect(doc.metadata).toEqual({ orders: { event: { orderId: 'o-1' } } });
  });

  it('sends each invocation to its own trace, under its own Lambda segment', async () => {
    const handler = manualHandler(new Tracer({ serviceName: 'orders' }));
    const first = startInvocation().trace;
    await handler({ orderId: 'o-1' });
    const second = startInvocation().trace;
    await handler({ orderId: 'o-2' });

    const [one, two] = await Promise.all([sent(first.root, '### handler'), sent(second.root, '### handler')]);

    expect([one.parent_id, two.parent_id]).toEqual([first.parent, second.parent]);
    expect([one.annotations, two.annotations]).toEqual([{ orderId: 'o-1' }, { orderId: 'o-2' }]);
  });

  it('sends a subsegment() opened outside any handler subsegment under the Lambda segment', async () => {
    const tracer = new Tracer({ serviceName: 'orders' });
    const { trace } = startInvocation();

    const total = tracer.subsegment('### total', () => 2 + 3);

    const doc = await sent(trace.root, '### total');
    expect(total).toBe(5);
    expect(doc.parent_id).toBe(trace.parent);
  });
});
