import { captureOutput } from '@lambkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { decorate, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { AnnotationError, type SubsegmentLike, Tracer } from './index.js';
import { tracerSettings } from './tracer.js';

// Settings read at INIT and arguments refused at once, with tracing off (enabled: false or an
// environment without a daemon), so no SDK is loaded and each Tracer stands alone.
useLambdaEnvironment('127.0.0.1:9');
const saved = { ...process.env };

afterEach(() => {
  for (const name of ['LAMBKIT_TRACER_BACKEND', 'AWS_EXECUTION_ENV', 'AWS_SAM_LOCAL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('LAMBKIT_TRACER_BACKEND', () => {
  it('is read without regard to case', () => {
    process.env.LAMBKIT_TRACER_BACKEND = 'OpenTelemetry';

    expect(tracerSettings(new Tracer({ enabled: false })).backend).toBe('opentelemetry');
  });

  it('falls back to xray with one warning naming the variable and the value', async () => {
    process.env.LAMBKIT_TRACER_BACKEND = 'zipkin';

    const { stderr } = await captureOutput(() => tracerSettings(new Tracer({ enabled: false })).backend);

    expect(JSON.stringify(stderr)).toContain('LAMBKIT_TRACER_BACKEND');
    expect(JSON.stringify(stderr)).toContain('zipkin');
    expect(tracerSettings(new Tracer({ enabled: false })).backend).toBe('xray');
  });
});

describe('where tracing is on by default', () => {
  it('is off under the Amplify mock and under SAM local', () => {
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_amplify-mock';
    const underAmplify = new Tracer().isTracingEnabled();
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
    process.env.AWS_SAM_LOCAL = 'true';
    const underSam = new Tracer().isTracingEnabled();

    expect([underAmplify, underSam]).toEqual([false, false]);
  });
});

describe('arguments refused at once', () => {
  const tracer = new Tracer({ enabled: false });

  it('putMetadata refuses a key that is not a string', () => {
    expect(() => tracer.putMetadata(42 as unknown as string, 'v')).toThrow(
      'Tracer: a metadata key must be a string, got 42',
    );
  });

  it('putAnnotation refuses a key that is not a string', () => {
    expect(() => tracer.putAnnotation(7 as unknown as string, 'v')).toThrow(AnnotationError);
    expect(() => tracer.putAnnotation(7 as unknown as string, 'v')).toThrow(/the key must be a string/);
  });

  it('captureMethod refuses options that are not an object', () => {
    expect(() => tracer.captureMethod('### charge' as never)).toThrow(
      '@tracer.captureMethod(): options must be an object, got "### charge"',
    );
  });
});

describe('tracing off', () => {
  it('annotateColdStart and addServiceNameAnnotation do nothing, and a captured method runs as written', async () => {
    const tracer = new Tracer({ enabled: false });
    class Lambda {
      async charge(orderId: string) {
        return `charged ${orderId}`;
      }
    }
    decorate(Lambda.prototype, 'charge', tracer.captureMethod());
    startInvocation();

    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();

    expect(await new Lambda().charge('o-1')).toBe('charged o-1');
  });

  it("getSegment() gives Powertools' dummy segment: its children, parent and root are itself, and it is never closed", () => {
    const dummy = new Tracer({ enabled: false }).getSegment() as SubsegmentLike;

    const child = dummy.addNewSubsegment('### step');
    child.close();

    expect(child).toBe(dummy);
    expect([dummy.parent, dummy.segment]).toEqual([dummy, dummy]);
    expect(dummy.isClosed()).toBe(false);
    expect(dummy.streamSubsegments()).toBeUndefined();
    expect([dummy.format(), String(dummy)]).toEqual(['## Dummy segment', '## Dummy segment']);
    expect(dummy.toJSON()).toEqual({ id: '0000000000000000', name: '## Dummy segment' });
  });

  it('tracer.provider runs captures untraced and writes no metadata', async () => {
    const tracer = new Tracer({ enabled: false });
    startInvocation();

    const given = await tracer.provider.captureAsyncFunc('### step', async (subsegment) => subsegment);
    tracer.provider.putMetadata('order', { id: 'o-1' });

    expect(given).toBeUndefined();
  });
});
