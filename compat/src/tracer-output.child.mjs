// One scenario of tracer-output.test.ts through one library, in a process of its own so the two
// libraries never share aws-xray-sdk-core's state: `node tracer-output.child.mjs <library> <scenario>`
// with the Lambda environment (trace header, daemon address) set by the test. The decorators are
// applied as TypeScript's legacy decorator code (its __decorate helper) applies them.
import { setTimeout as sleep } from 'node:timers/promises';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';

const [library, scenario] = process.argv.slice(2);
const { Tracer } = await import(`${library}/tracer`);
const { captureLambdaHandler } = await import(`${library}/tracer/middleware`);

function decorate(prototype, key, decorator) {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
  Object.defineProperty(prototype, key, decorator(prototype, key, descriptor) ?? descriptor);
}

const tracer = new Tracer({ serviceName: 'orders' });

class Payments {
  async charge(orderId) {
    tracer.putAnnotation('orderId', orderId);
    return { chargeId: `ch-${orderId}` };
  }
  async refuse(orderId) {
    tracer.putMetadata('refused', { orderId });
    throw new RangeError(`card declined for ${orderId}`);
  }
}
decorate(Payments.prototype, 'charge', tracer.captureMethod());
decorate(Payments.prototype, 'refuse', tracer.captureMethod({ subSegmentName: '### refusal' }));
const payments = new Payments();

/** Powertools' README manual instrumentation: a subsegment opened, made active, closed by hand. */
function manualSubsegment(orderId) {
  const handlerSegment = tracer.getSegment();
  const manual = handlerSegment.addNewSubsegment('### manual');
  tracer.setSegment(manual);
  tracer.putAnnotation('step', 'manual');
  tracer.putMetadata('order', { id: orderId, items: [1, 2] });
  manual.close();
  tracer.setSegment(manual.parent);
}

const scenarios = {
  middy: middy(async (event) => {
    const charge = await payments.charge(event.orderId);
    manualSubsegment(event.orderId);
    return { statusCode: 200, body: JSON.stringify(charge) };
  }).use(captureLambdaHandler(tracer)),

  decorated: (() => {
    class Lambda {
      async getChargeId(orderId) {
        return `ch-${orderId}`;
      }
      async handler(event) {
        return { chargeId: await this.getChargeId(event.orderId) };
      }
    }
    decorate(Lambda.prototype, 'getChargeId', tracer.captureMethod({ subSegmentName: 'gettingChargeId' }));
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const instance = new Lambda();
    return instance.handler.bind(instance);
  })(),

  error: middy(async (event) => payments.refuse(event.orderId)).use(captureLambdaHandler(tracer)),
};

const context = createContext({ functionName: 'orders' });
const outcome = await scenarios[scenario]({ orderId: 'o-1' }, context).then(
  (response) => ({ response }),
  (error) => ({ error: error.message }),
);
// The subsegments go out over UDP as they close: give the datagrams time to leave.
await sleep(200);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
