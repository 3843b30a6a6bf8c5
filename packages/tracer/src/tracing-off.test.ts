import { createRequire } from 'node:module';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decorate, startInvocation } from '../test/test-env.js';
import { AnnotationError, captureLambdaHandler, Tracer } from './index.js';

// This file runs in a process of its own: nothing in it may load aws-xray-sdk-core.
const requireCache = createRequire(import.meta.url).cache;

function loadedXraySdk(): string[] {
  return Object.keys(requireCache).filter((file) => file.includes('aws-xray-sdk-core'));
}

beforeAll(() => {
  // Inside Lambda, with active tracing, but turned off by the Powertools variable.
  Object.assign(process.env, {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
});

describe('with tracing off', () => {
  it('never loads aws-xray-sdk-core, whatever the tracer is asked to do', async () => {
    const tracer = new Tracer({ serviceName: 'orders' });
    const client = new SSMClient({ region: 'eu-west-1' });
    const handler = middy(async () => {
      tracer.putAnnotation('orderId', 'o-1');
      tracer.putMetadata('order', { id: 'o-1' });
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
      tracer.addResponseAsMetadata({ ok: true }, 'main');
      tracer.addErrorAsMetadata(new Error('ignored'));
      return tracer.subsegment('### work', async () => 'done');
    }).use(captureLambdaHandler(tracer));
    const { context } = startInvocation();

    const response = await handler({}, context);

    expect(response).toBe('done');
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(tracer.captureAWSv3Client(client)).toBe(client);
    expect(await tracer.ready()).toBe(false);
    expect(loadedXraySdk()).toEqual([]);
  });

  it("runs Powertools' manual pattern on a dummy segment, and still loads nothing", () => {
    const tracer = new Tracer({ serviceName: 'orders' });
    startInvocation();

    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment('### handler');
    if (segment === undefined || subsegment === undefined) throw new Error('no segment');
    tracer.setSegment(subsegment);
    tracer.putAnnotation('orderId', 'o-1');
    subsegment.addAttribute('tenant', 't-1');
    subsegment.close();
    tracer.setSegment(segment);

    expect(segment.name).toBe('## Dummy segment');
    expect(tracer.getSegment()).toBe(segment);
    expect(loadedXraySdk()).toEqual([]);
  });

  it('is off outside Lambda even when asked to be on', () => {
    const executionEnv = process.env.AWS_EXECUTION_ENV;
    delete process.env.AWS_EXECUTION_ENV;
    delete process.env.POWERTOOLS_TRACE_ENABLED;

    const tracer = new Tracer({ enabled: true });

    process.env.AWS_EXECUTION_ENV = executionEnv;
    process.env.POWERTOOLS_TRACE_ENABLED = 'false';
    expect(tracer.isTracingEnabled()).toBe(false);
  });

  it('passes the handler response and errors through untouched', async () => {
    const tracer = new Tracer();
    const failure = new Error('card declined');
    const ok = middy(async () => ({ statusCode: 200 })).use(captureLambdaHandler(tracer));
    const failing = middy(async () => {
      throw failure;
    }).use(captureLambdaHandler(tracer));

    const response = await ok({}, startInvocation().context);
    const error = await failing({}, startInvocation().context).catch((e: unknown) => e);

    expect(response).toEqual({ statusCode: 200 });
    expect(error).toBe(failure);
  });

  it('runs subsegment functions and returns or rethrows what they do', async () => {
    const tracer = new Tracer();
    const failure = new Error('no stock');

    expect(tracer.subsegment('### sync', () => 7)).toBe(7);
    await expect(tracer.subsegment('### async', async () => 8)).resolves.toBe(8);
    expect(() =>
      tracer.subsegment('### throws', () => {
        throw failure;
      }),
    ).toThrow(failure);
  });

  it('still reports the trace root, and never a sampled trace', () => {
    const tracer = new Tracer();
    const { trace } = startInvocation(true);

    expect(tracer.getRootXrayTraceId()).toBe(trace.root);
    expect(tracer.isTraceSampled()).toBe(false);
  });

  it('refuses to build the middleware for something that is not a Tracer', () => {
    expect(() => captureLambdaHandler({ isTracingEnabled: () => true } as never)).toThrow(
      'captureLambdaHandler: expected a Tracer from @lambkit/tracer, got object',
    );
  });

  it('leaves decorated methods as they were, and the provider and SDK v2 helpers load nothing', async () => {
    const tracer = new Tracer({ serviceName: 'orders' });
    class Lambda {
      charge(orderId: string) {
        return `charge-${orderId}`;
      }
      async handler(event: { orderId: string }, _context: unknown) {
        return this.charge(event.orderId);
      }
    }
    const plain = { charge: Lambda.prototype.charge, handler: Lambda.prototype.handler };
    decorate(Lambda.prototype, 'charge', tracer.captureMethod());
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const aws = { VERSION: '2.1692.0' };
    const { context } = startInvocation();

    const response = await new Lambda().handler({ orderId: 'o-1' }, context);
    const ran = tracer.provider.captureFunc('### sync', (subsegment) => subsegment);
    tracer.provider.setLogger(console);
    tracer.provider.captureHTTPsGlobal();

    expect(response).toBe('charge-o-1');
    expect({ charge: Lambda.prototype.charge, handler: Lambda.prototype.handler }).toEqual(plain);
    expect(ran).toBeUndefined();
    expect(tracer.captureAWS(aws)).toBe(aws);
    expect(tracer.provider.getNamespace()).toBeUndefined();
    expect(loadedXraySdk()).toEqual([]);
  });

  it('still refuses what is not an AWS SDK v3 client', () => {
    expect(() => new Tracer().captureAWSv3Client('ssm')).toThrow(
      'captureAWSv3Client: expected an AWS SDK v3 client (an object with a middlewareStack), got string',
    );
  });
});

describe('annotation checks (the same whether tracing is on or off)', () => {
  const tracer = new Tracer();

  it('accepts keys of letters, digits and underscores with string, finite number or boolean values', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/),
        fc.oneof(
          fc.string({ maxLength: 1000 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
        ),
        (key, value) => {
          tracer.putAnnotation(key, value);
        },
      ),
    );
  });

  it('rejects any key holding another character, naming the key', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string().filter((c) => c.length === 1 && !/[A-Za-z0-9_]/.test(c)),
        fc.string(),
        (before, bad, after) => {
          const key = `${before}${bad}${after}`;
          let error: unknown;
          try {
            tracer.putAnnotation(key, 'v');
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(AnnotationError);
          expect((error as AnnotationError).key).toBe(key);
          expect((error as Error).message).toContain(JSON.stringify(key));
        },
      ),
    );
  });

  it('rejects values X-Ray cannot index, naming the key and the type but not the value', () => {
    const cases: Array<[unknown, string]> = [
      [{ id: 1 }, 'got object'],
      [['a'], 'got array'],
      [null, 'got null'],
      [undefined, 'got undefined'],
      [Number.NaN, 'got NaN'],
      [Number.POSITIVE_INFINITY, 'got Infinity'],
      [10n, 'got bigint'],
    ];
    for (const [value, got] of cases) {
      expect(() => tracer.putAnnotation('total', value as never)).toThrow(
        `Annotation "total" rejected: the value must be a string, a finite number or a boolean, ${got}`,
      );
    }
  });

  it('rejects an empty key and one longer than 500 characters', () => {
    expect(() => tracer.putAnnotation('', 1)).toThrow(AnnotationError);
    expect(() => tracer.putAnnotation('k'.repeat(501), 1)).toThrow(AnnotationError);
    expect(() => tracer.putAnnotation('k'.repeat(500), 1)).not.toThrow();
  });

  it('rejects a string value longer than 1,000 characters, giving its length only', () => {
    expect(() => tracer.putAnnotation('note', 'x'.repeat(1000))).not.toThrow();
    expect(() => tracer.putAnnotation('note', 'x'.repeat(1001))).toThrow(
      'Annotation "note" rejected: string values may hold up to 1000 characters, got 1001',
    );
  });
});
