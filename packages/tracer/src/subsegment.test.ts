import type { XrayDocument } from '@lambkit/local';
import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

/** Invokes `body` as a middy handler traced by captureLambdaHandler; returns its trace root and response. */
async function invoke<T>(body: () => Promise<T> | T) {
  const handler = middy(async () => body()).use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  const response = await handler({}, context);
  return { root: trace.root, response };
}

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === name);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tracer.subsegment', () => {
  it('nests subsegments under the subsegment active when they open', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment('### loadOrder', async () => {
        await pause(2);
        await tracer.subsegment('### readCache', () => pause(2));
      }),
    );

    const [handler, outer, inner] = await Promise.all([
      sent(root, HANDLER_SUBSEGMENT),
      sent(root, '### loadOrder'),
      sent(root, '### readCache'),
    ]);
    expect(outer.parent_id).toBe(handler.id);
    expect(inner.parent_id).toBe(outer.id);
    expect(inner.start_time).toBeGreaterThanOrEqual(outer.start_time);
    expect(inner.end_time).toBeLessThanOrEqual(outer.end_time as number);
    expect(outer.end_time).toBeLessThanOrEqual(handler.end_time as number);
  });

  it('gives concurrent subsegments the parent that was active when each started', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment('### fanOut', () =>
        Promise.all([
          tracer.subsegment('### a', async () => {
            await pause(3);
            await tracer.subsegment('### a.child', () => pause(1));
          }),
          tracer.subsegment('### b', async () => {
            await pause(1);
            await tracer.subsegment('### b.child', () => pause(3));
          }),
        ]),
      ),
    );

    const [fanOut, a, b, aChild, bChild] = await Promise.all(
      ['### fanOut', '### a', '### b', '### a.child', '### b.child'].map((name) => sent(root, name)),
    );
    expect([a.parent_id, b.parent_id]).toEqual([fanOut.id, fanOut.id]);
    expect(aChild.parent_id).toBe(a.id);
    expect(bChild.parent_id).toBe(b.id);
  });

  it('returns what a synchronous function returns and closes its subsegment at once', async () => {
    let closedBeforeReturn = false;
    const { root, response } = await invoke(() => {
      const total = tracer.subsegment('### sum', () => 2 + 3);
      closedBeforeReturn = true;
      return total;
    });

    const doc = await sent(root, '### sum');
    expect(response).toBe(5);
    expect(closedBeforeReturn).toBe(true);
    expect(doc.end_time).toBeGreaterThanOrEqual(doc.start_time);
  });

  it('records a rejection with its stack on the subsegment and rethrows it', async () => {
    const failure = new TypeError('price is not a number');
    const { root, response } = await invoke(() =>
      tracer
        .subsegment('### price', async () => {
          await pause(1);
          throw failure;
        })
        .catch((error: unknown) => error),
    );

    const doc = await sent(root, '### price');
    expect(response).toBe(failure);
    expect(doc.fault).toBe(true);
    expect(doc.cause?.exceptions?.[0]).toMatchObject({ message: 'price is not a number', type: 'TypeError' });
  });

  it('records a synchronous throw of a value that is not an Error as its text', async () => {
    const { root } = await invoke(() => {
      try {
        tracer.subsegment('### legacy', () => {
          throw 404;
        });
      } catch {
        return 'handled';
      }
      return undefined;
    });

    const doc = await sent(root, '### legacy');
    expect(doc.cause?.exceptions?.[0]).toMatchObject({ message: '404' });
  });

  it('records what the function returns when captureResponse is on', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment('### quote', async () => ({ total: 42 }), { captureResponse: true }),
    );

    const doc = await sent(root, '### quote');
    expect(doc.metadata).toEqual({ orders: { '### quote response': { total: 42 } } });
  });

  it('refuses a name that is not a non-empty string', () => {
    expect(() => tracer.subsegment('', () => 1)).toThrow(
      'Tracer: a subsegment name must be a non-empty string, got ""',
    );
  });
});

describe('annotations and metadata', () => {
  it('puts annotations and metadata on the active subsegment', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment('### charge', () => {
        tracer.putAnnotation('orderId', 'o-17');
        tracer.putAnnotation('amount', 12.5);
        tracer.putAnnotation('retried', false);
        tracer.putMetadata('card', { brand: 'visa' });
        tracer.putMetadata('attempt', 1, 'payments');
      }),
    );

    const doc = await sent(root, '### charge');
    expect(doc.annotations).toEqual({ orderId: 'o-17', amount: 12.5, retried: false });
    expect(doc.metadata).toEqual({ orders: { card: { brand: 'visa' } }, payments: { attempt: 1 } });
  });

  it('throws an AnnotationError naming a key X-Ray would reject, and sends the rest', async () => {
    let message = '';
    const { root } = await invoke(() =>
      tracer.subsegment('### tag', () => {
        tracer.putAnnotation('kept', 1);
        try {
          tracer.putAnnotation('order-id', 'o-1');
        } catch (error) {
          message = (error as Error).message;
        }
      }),
    );

    const doc = await sent(root, '### tag');
    expect(message).toBe(
      'Annotation "order-id" rejected: keys may only hold letters, digits and underscores (1 to 500 characters)',
    );
    expect(doc.annotations).toEqual({ kept: 1 });
  });

  it('replaces metadata JSON cannot serialize and still sends the subsegment', async () => {
    const order: Record<string, unknown> = { id: 'o-1' };
    order.self = order;
    const { root, response } = await invoke(() =>
      tracer.subsegment('### circular', () => {
        tracer.putMetadata('order', order);
        tracer.putMetadata('size', 10n);
        tracer.putMetadata('fine', { ok: true });
        return 'handler unaffected';
      }),
    );

    const doc = await sent(root, '### circular');
    expect(response).toBe('handler unaffected');
    expect(doc.metadata?.orders).toEqual({
      order: expect.stringMatching(
        /^\[lambkit: metadata not serializable: Converting circular structure to JSON/,
      ),
      size: '10',
      fine: { ok: true },
    });
  });

  it('warns, each time, instead of annotating the segment Lambda sends, which cannot hold data', async () => {
    startInvocation();

    const { stderr } = await captureOutput(() => {
      tracer.putAnnotation('orderId', 'o-1');
      tracer.putAnnotation('orderId', 'o-2');
    });

    expect(stderr).toEqual(
      Array(2).fill(
        expect.objectContaining({
          level: 'WARN',
          package: '@lambkit/tracer',
          code: 'TRACER_FACADE_SEGMENT',
          message:
            '@lambkit/tracer: annotation ignored: the active segment is the one Lambda sends, which cannot be annotated; add it inside a subsegment',
        }),
      ),
    );
  });
});

describe('getSegment and setSegment', () => {
  it('nests subsegments under a segment made active with setSegment', async () => {
    const { root } = await invoke(async () => {
      const parent = tracer.getSegment();
      const manual = parent?.addNewSubsegment('### manual');
      if (manual === undefined || parent === undefined) throw new Error('no active segment');
      tracer.setSegment(manual);
      await tracer.subsegment('### insideManual', () => pause(1));
      manual.close();
      tracer.setSegment(parent);
      await tracer.subsegment('### afterManual', () => pause(1));
    });

    const [handler, manual, inside, after] = await Promise.all(
      [HANDLER_SUBSEGMENT, '### manual', '### insideManual', '### afterManual'].map((name) =>
        sent(root, name),
      ),
    );
    expect(manual.parent_id).toBe(handler.id);
    expect(inside.parent_id).toBe(manual.id);
    expect(after.parent_id).toBe(handler.id);
  });

  it('reports the trace root and whether the invocation is sampled', async () => {
    const handler = middy(async () => ({
      root: tracer.getRootXrayTraceId(),
      sampled: tracer.isTraceSampled(),
    })).use(captureLambdaHandler(tracer));
    const sampled = startInvocation(true);
    const first = await handler({}, sampled.context);
    const unsampled = startInvocation(false);
    const second = await handler({}, unsampled.context);

    expect(first).toEqual({ root: sampled.trace.root, sampled: true });
    expect(second).toEqual({ root: unsampled.trace.root, sampled: false });
  });
});
