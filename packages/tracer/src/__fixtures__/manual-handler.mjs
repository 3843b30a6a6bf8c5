// A handler instrumented by hand as Powertools documents it: no middleware and no `await
// tracer.ready()`. bundling.test.ts bundles it with esbuild, as `sam build` does, and runs it.
import { Tracer } from '@lambkit/tracer';

const tracer = new Tracer({ serviceName: 'orders' });

export async function handler(event) {
  const segment = tracer.getSegment();
  const subsegment = segment.addNewSubsegment('### handler');
  tracer.setSegment(subsegment);
  try {
    tracer.putAnnotation('orderId', event.orderId);
    tracer.putMetadata('event', event);
    return await tracer.subsegment('### work', async () => ({
      orderId: event.orderId,
      traced: tracer.isTracingEnabled(),
    }));
  } finally {
    subsegment.close();
    tracer.setSegment(segment);
  }
}
