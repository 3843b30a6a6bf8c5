import { resetColdStart, runInInvocation } from '@lambkit/core';
import type { XrayDocument } from '@lambkit/local';
import { beforeAll, describe, expect, it } from 'vitest';
import { decorate, HANDLER, HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { Tracer } from './index.js';

const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

function sent(root: string, name: string): Promise<XrayDocument> {
  return daemon().waitFor((doc) => doc.trace_id === root && doc.name === name, 3000);
}

/** Powertools' documented class: a decorated handler calling a decorated method. */
function lambdaClass(handlerOptions?: { captureResponse?: boolean }, methodOptions?: object) {
  class Lambda {
    readonly prefix = 'charge';
    async charge(orderId: string) {
      tracer.putAnnotation('orderId', orderId);
      return `${this.prefix}-${orderId}`;
    }
    async handler(event: { orderId: string }, _context: unknown) {
      return { chargeId: await this.charge(event.orderId) };
    }
  }
  decorate(Lambda.prototype, 'charge', tracer.captureMethod(methodOptions));
  decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler(handlerOptions));
  const instance = new Lambda();
  return instance.handler.bind(instance);
}

describe('@tracer.captureLambdaHandler()', () => {
  it('sends the handler subsegment under the Lambda segment, annotated and with its response', async () => {
    const handler = lambdaClass();
    resetColdStart();
    const { trace, context } = startInvocation();

    const response = await handler({ orderId: 'o-1' }, context);

    const doc = await sent(trace.root, HANDLER_SUBSEGMENT);
    expect(response).toEqual({ chargeId: 'charge-o-1' });
    expect(doc.parent_id).toBe(trace.parent);
    expect(doc.annotations).toEqual({ ColdStart: true, Service: 'orders' });
    expect(doc.metadata).toEqual({ orders: { [`${HANDLER} response`]: response } });
  });

  it('leaves the response out when captureResponse is false', async () => {
    const handler = lambdaClass({ captureResponse: false });
    const { trace, context } = startInvocation();

    await handler({ orderId: 'o-1' }, context);

    expect((await sent(trace.root, HANDLER_SUBSEGMENT)).metadata).toBeUndefined();
  });

  it('records a thrown error with its stack on the handler subsegment and rethrows it', async () => {
    class Lambda {
      async handler(_event: unknown, _context: unknown) {
        throw new TypeError('card declined');
      }
    }
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const { trace, context } = startInvocation();

    const outcome = new Lambda().handler({}, context);

    await expect(outcome).rejects.toThrow('card declined');
    const doc = await sent(trace.root, HANDLER_SUBSEGMENT);
    expect(doc.fault).toBe(true);
    expect(doc.cause?.exceptions?.[0]).toMatchObject({ message: 'card declined', type: 'TypeError' });
    expect(doc.cause?.exceptions?.[0].stack.length).toBeGreaterThan(0);
  });

  it('rejects options that are not what Powertools documents, naming the field', () => {
    expect(() => tracer.captureLambdaHandler({ captureResponse: 'no' as never })).toThrow(
      '@tracer.captureLambdaHandler(): option captureResponse must be a boolean, got "no"',
    );
  });

  it('says it needs legacy decorators when applied as a standard decorator', () => {
    const decorator = tracer.captureLambdaHandler() as unknown as (value: unknown, context: object) => void;

    expect(() => decorator(async () => {}, { kind: 'method', name: 'handler' })).toThrow(
      /legacy decorators \("experimentalDecorators": true/,
    );
  });
});

describe('@tracer.captureMethod()', () => {
  it('nests the method subsegment under the handler one, with the response under the method name', async () => {
    const handler = lambdaClass();
    const { trace, context } = startInvocation();

    await handler({ orderId: 'o-2' }, context);

    const [handlerDoc, method] = await Promise.all([
      sent(trace.root, HANDLER_SUBSEGMENT),
      sent(trace.root, '### charge'),
    ]);
    expect(method.parent_id).toBe(handlerDoc.id);
    expect(method.annotations).toEqual({ orderId: 'o-2' });
    expect(method.metadata).toEqual({ orders: { 'charge response': 'charge-o-2' } });
  });

  it('names the subsegment subSegmentName and keeps the method name for the response', async () => {
    const handler = lambdaClass(undefined, { subSegmentName: 'gettingChargeId' });
    const { trace, context } = startInvocation();

    await handler({ orderId: 'o-3' }, context);

    const method = await sent(trace.root, 'gettingChargeId');
    expect(method.metadata).toEqual({ orders: { 'charge response': 'charge-o-3' } });
  });

  it('keeps a synchronous method synchronous and `this` bound to the instance', () => {
    class Service {
      readonly rate = 2;
      double(value: number) {
        return value * this.rate;
      }
    }
    decorate(Service.prototype, 'double', tracer.captureMethod());
    const { trace } = startInvocation();

    // No handler here starts the invocation: a scope of its own stands in for the runtime's.
    const result = runInInvocation(() => new Service().double(21), { traceId: trace.header });

    expect(result).toBe(42);
    return expect(sent(trace.root, '### double')).resolves.toMatchObject({
      metadata: { orders: { 'double response': 42 } },
    });
  });

  it('records a thrown error on the method subsegment and rethrows it', async () => {
    class Service {
      fail(): never {
        throw new RangeError('out of stock');
      }
    }
    decorate(Service.prototype, 'fail', tracer.captureMethod());
    const { trace } = startInvocation();

    const fail = () => runInInvocation(() => new Service().fail(), { traceId: trace.header });

    expect(fail).toThrow('out of stock');

    const doc = await sent(trace.root, '### fail');
    expect(doc.cause?.exceptions?.[0]).toMatchObject({ message: 'out of stock', type: 'RangeError' });
  });

  it('rejects an empty subSegmentName, naming the field and the value', () => {
    expect(() => tracer.captureMethod({ subSegmentName: '' })).toThrow(
      '@tracer.captureMethod(): option subSegmentName must be a non-empty string, got ""',
    );
  });
});
