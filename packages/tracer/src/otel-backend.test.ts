import { get } from 'node:http';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runInInvocation } from '@lambkit/core';
import { captureOutput, createApiGatewayProxyEventV2, createSqsEvent } from '@lambkit/testing';
import middy from '@middy/core';
import { context as otelContext, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  decorate,
  HANDLER_SUBSEGMENT,
  newTraceHeader,
  startInvocation,
  useLambdaEnvironment,
} from '../test/test-env.js';
import { type OtelSdk, otelTraceId, parentSpanId, registerOtelSdk } from '../test/test-otel-env.js';
import { type LocalServer, startHttpServer, startSsmEndpoint } from '../test/test-servers.js';
import { AnnotationError, captureLambdaHandler, Tracer } from './index.js';
import { spanContextOfTraceHeader } from './otel-loader.js';

// One process, one backend: every Tracer in this file records OpenTelemetry spans.
let sdk: OtelSdk;
let tracer: Tracer;
let ssmEndpoint: LocalServer;
let httpServer: LocalServer;
let ssm: SSMClient;

beforeAll(async () => {
  // No X-Ray daemon anywhere: nothing may be sent to one.
  useLambdaEnvironment('127.0.0.1:9');
  sdk = registerOtelSdk();
  ssmEndpoint = await startSsmEndpoint();
  httpServer = await startHttpServer();
  tracer = new Tracer({ serviceName: 'orders', backend: 'opentelemetry' });
  ssm = tracer.captureAWSv3Client(
    new SSMClient({
      region: 'eu-west-1',
      endpoint: ssmEndpoint.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    }),
  );
});

afterAll(async () => {
  await sdk.provider.shutdown();
  await ssmEndpoint.close();
  await httpServer.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Invokes `body` as a middy handler traced by captureLambdaHandler, with an API Gateway event. */
async function invoke<T>(body: () => Promise<T> | T) {
  const handler = middy(async () => body()).use(captureLambdaHandler(tracer));
  const { trace: header, context } = startInvocation();
  const event = createApiGatewayProxyEventV2();
  const response = await handler(event, context).catch((error: unknown) => error);
  return { root: header.root, parent: header.parent, context, response };
}

describe("backend 'opentelemetry': the invocation span", () => {
  it('is a SERVER span named as the X-Ray handler subsegment, child of the Lambda segment in its trace', async () => {
    const { root, parent, context } = await invoke(() => ({ ok: true }));

    const span = sdk.span(root, HANDLER_SUBSEGMENT);
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(otelTraceId(root));
    expect(parentSpanId(span)).toBe(parent);
    expect(span.instrumentationScope.name).toBe('@lambkit/tracer');
    expect(span.attributes).toMatchObject({
      'faas.invocation_id': context.awsRequestId,
      'faas.name': 'orders',
      'faas.version': context.functionVersion,
      'cloud.resource_id': context.invokedFunctionArn,
      'cloud.provider': 'aws',
      'faas.trigger': 'http',
      Service: 'orders',
      'metadata.orders.index.handler response': '{"ok":true}',
    });
    expect(span.attributes['faas.coldstart']).toBe(span.attributes.ColdStart);
    expect(span.attributes['aws.xray.annotations']).toEqual(['ColdStart', 'Service']);
  });

  it('sets an error status and records the exception when the handler throws, which still reaches the caller', async () => {
    const failure = new TypeError('price is not a number');
    const { root, response } = await invoke(() => {
      throw failure;
    });

    const span = sdk.span(root, HANDLER_SUBSEGMENT);
    expect(response).toBe(failure);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'price is not a number' });
    expect(span.events.map((event) => [event.name, event.attributes?.['exception.type']])).toEqual([
      ['exception', 'TypeError'],
    ]);
  });

  it('uses X-Ray-compatible trace ids when the invocation has no parent from Lambda', async () => {
    // The ADOT layer starts the invocation's span itself; lambkit's nests under it.
    const otelTracer = trace.getTracer('adot-stand-in');
    const { context } = startInvocation();
    delete process.env._X_AMZN_TRACE_ID;
    const handler = middy(async () => 'ok').use(captureLambdaHandler(tracer));

    const outer = await runInInvocation(() =>
      otelTracer.startActiveSpan('adot', async (span) => {
        await handler({}, context);
        span.end();
        return span;
      }),
    );

    const traceId = outer.spanContext().traceId;
    const inner = sdk.exporter
      .getFinishedSpans()
      .find((s) => s.spanContext().traceId === traceId && s.name === HANDLER_SUBSEGMENT);
    expect(parentSpanId(inner as never)).toBe(outer.spanContext().spanId);
    expect(Number.parseInt(traceId.slice(0, 8), 16)).toBeCloseTo(Date.now() / 1000, -2);
  });
});

describe("backend 'opentelemetry': subsegments, methods, annotations and metadata", () => {
  it('nests subsegments and captured methods under the span active when they start', async () => {
    class Orders {
      async charge(orderId: string) {
        await pause(1);
        return `charged ${orderId}`;
      }
    }
    decorate(Orders.prototype, 'charge', tracer.captureMethod());
    const orders = new Orders();
    const { root } = await invoke(() =>
      tracer.subsegment('### checkout', async () => {
        tracer.putAnnotation('orderId', 'o-17');
        tracer.putMetadata('cart', { items: 2 });
        tracer.putMetadata('attempt', 1, 'payments');
        return orders.charge('o-17');
      }),
    );

    const handlerSpan = sdk.span(root, HANDLER_SUBSEGMENT);
    const checkout = sdk.span(root, '### checkout');
    const charge = sdk.span(root, '### charge');
    expect(parentSpanId(checkout)).toBe(handlerSpan.spanContext().spanId);
    expect(parentSpanId(charge)).toBe(checkout.spanContext().spanId);
    expect(checkout.kind).toBe(SpanKind.INTERNAL);
    expect(checkout.attributes).toEqual({
      orderId: 'o-17',
      'metadata.orders.cart': '{"items":2}',
      'metadata.payments.attempt': '1',
      'aws.xray.annotations': ['orderId'],
    });
    expect(charge.attributes['metadata.orders.charge response']).toBe('"charged o-17"');
  });

  it('replaces metadata JSON cannot serialize with a note, as on X-Ray', async () => {
    const order: Record<string, unknown> = { id: 'o-1' };
    order.self = order;
    const { root } = await invoke(() =>
      tracer.subsegment('### circular', () => {
        tracer.putMetadata('order', order);
        tracer.putMetadata('size', 10n);
      }),
    );

    const span = sdk.span(root, '### circular');
    expect(span.attributes['metadata.orders.order']).toMatch(
      /^\[lambkit: metadata not serializable: Converting circular structure to JSON/,
    );
    expect(span.attributes['metadata.orders.size']).toBe('"10"');
  });

  it('refuses the annotation keys and values X-Ray refuses, as the X-Ray backend does', () => {
    expect(() => tracer.putAnnotation('order-id', 'o-1')).toThrow(AnnotationError);
    expect(() => tracer.putAnnotation('total', { n: 1 } as never)).toThrow(
      'Annotation "total" rejected: the value must be a string, a finite number or a boolean, got object',
    );
  });

  it('warns, as on X-Ray, when asked to annotate the Lambda segment outside any subsegment', async () => {
    startInvocation();

    const { stderr } = await captureOutput(() => tracer.putAnnotation('orderId', 'o-1'));

    expect(stderr).toEqual([
      expect.objectContaining({
        code: 'TRACER_FACADE_SEGMENT',
        message:
          '@lambkit/tracer: annotation ignored: the active segment is the one Lambda sends, which cannot be annotated; add it inside a subsegment',
      }),
    ]);
  });

  it('makes each subsegment the active OpenTelemetry span, so spans of other instrumentation nest under it', async () => {
    const other = trace.getTracer('other-instrumentation');
    const { root } = await invoke(() =>
      tracer.subsegment('### work', () => other.startActiveSpan('db.query', (span) => span.end())),
    );

    expect(parentSpanId(sdk.span(root, 'db.query'))).toBe(sdk.span(root, '### work').spanContext().spanId);
  });
});

describe("backend 'opentelemetry': Powertools' manual pattern over spans", () => {
  it('runs getSegment, addNewSubsegment, setSegment, addAnnotation, addMetadata, addError and close on spans', async () => {
    const { root } = await invoke(async () => {
      const segment = tracer.getSegment();
      if (segment === undefined) throw new Error('no active segment');
      const subsegment = segment.addNewSubsegment('### manual');
      tracer.setSegment(subsegment);
      subsegment.addAnnotation('tenant', 't-1');
      subsegment.addMetadata('order', { id: 'o-1' }, 'shop');
      await tracer.subsegment('### inside', () => pause(1));
      subsegment.addError(new RangeError('quantity too high'));
      subsegment.close();
      tracer.setSegment(subsegment.parent);
      return subsegment.isClosed();
    });

    const handlerSpan = sdk.span(root, HANDLER_SUBSEGMENT);
    const manual = sdk.span(root, '### manual');
    expect(parentSpanId(manual)).toBe(handlerSpan.spanContext().spanId);
    expect(parentSpanId(sdk.span(root, '### inside'))).toBe(manual.spanContext().spanId);
    expect(manual.attributes).toMatchObject({ tenant: 't-1', 'metadata.shop.order': '{"id":"o-1"}' });
    expect(manual.status).toEqual({ code: SpanStatusCode.ERROR, message: 'quantity too high' });
    expect(handlerSpan.attributes['metadata.orders.index.handler response']).toBe('true');
  });

  it('gives the segment ids and the X-Ray trace id a hand-made header needs', async () => {
    const { root, response } = await invoke(() => {
      const subsegment = tracer.getSegment()?.addNewSubsegment('### ids');
      subsegment?.close();
      return { id: subsegment?.id, traceId: subsegment?.segment.trace_id };
    });

    expect(response).toEqual({ id: sdk.span(root, '### ids').spanContext().spanId, traceId: root });
  });
});

describe("backend 'opentelemetry': AWS SDK v3 and HTTP calls", () => {
  it('records an AWS SDK v3 call as a CLIENT span with the rpc and aws attributes', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment('### loadConfig', () => ssm.send(new GetParameterCommand({ Name: '/app/db-host' }))),
    );

    const call = sdk.span(root, 'SSM.GetParameter');
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(parentSpanId(call)).toBe(sdk.span(root, '### loadConfig').spanContext().spanId);
    expect(call.attributes).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'SSM',
      'rpc.method': 'GetParameter',
      'aws.request_id': expect.stringMatching(/^req-\d+$/),
      'cloud.region': 'eu-west-1',
      'http.response.status_code': 200,
    });
  });

  it('sends the X-Ray trace header downstream with the call span as parent', async () => {
    const before = ssmEndpoint.received.length;
    const { root } = await invoke(() => ssm.send(new GetParameterCommand({ Name: '/app/region' })));

    const call = sdk.span(root, 'SSM.GetParameter');
    expect(ssmEndpoint.received.slice(before).map((headers) => headers['x-amzn-trace-id'])).toEqual([
      `Root=${root};Parent=${call.spanContext().spanId};Sampled=1`,
    ]);
  });

  it('records a failed call with an error status and the exception, and lets the error reach the handler', async () => {
    const { root, response } = await invoke(() =>
      ssm.send(new GetParameterCommand({ Name: 'missing' })).catch((error: Error) => error.name),
    );

    const call = sdk.span(root, 'SSM.GetParameter');
    expect(response).toBe('ParameterNotFound');
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
    expect(call.attributes['http.response.status_code']).toBe(400);
    expect(call.events[0]?.attributes?.['exception.type']).toBe('ParameterNotFound');
  });

  it('records a fetch call as a CLIENT span with the HTTP attributes, and its 5xx as an error', async () => {
    const { root } = await invoke(() =>
      fetch(`${httpServer.url}/status/503?token=secret`).then((r) => r.status),
    );

    const call = sdk.span(root, 'GET');
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': `${httpServer.url.replace(/:\d+$/, '')}/status/503`,
      'server.address': '127.0.0.1',
      'http.response.status_code': 503,
    });
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("backend 'opentelemetry': concurrent invocations", () => {
  it('keeps interleaved invocations in separate span trees', async () => {
    const handler = middy(async (event: { index: number }) =>
      tracer.subsegment('### work', async () => {
        tracer.putAnnotation('invocation', event.index);
        await pause((event.index * 7) % 3);
        await fetch(`${httpServer.url}/item/${event.index}`);
        await tracer.subsegment('### finish', () => pause(1));
        return event.index;
      }),
    ).use(captureLambdaHandler(tracer));
    const traces = Array.from({ length: 8 }, () => newTraceHeader());

    const responses = await Promise.all(
      traces.map((header, index) => {
        const { context } = startInvocation();
        delete process.env._X_AMZN_TRACE_ID;
        return runInInvocation(() => handler({ index }, context), { traceId: header.header });
      }),
    );

    expect(responses).toEqual(traces.map((_, index) => index));
    for (const [index, header] of traces.entries()) {
      const handlerSpan = sdk.span(header.root, HANDLER_SUBSEGMENT);
      const work = sdk.span(header.root, '### work');
      expect(parentSpanId(handlerSpan)).toBe(header.parent);
      expect(parentSpanId(work)).toBe(handlerSpan.spanContext().spanId);
      expect(work.attributes.invocation).toBe(index);
      expect(parentSpanId(sdk.span(header.root, 'GET'))).toBe(work.spanContext().spanId);
      expect(parentSpanId(sdk.span(header.root, '### finish'))).toBe(work.spanContext().spanId);
    }
  });
});

describe('the X-Ray trace header as a span context', () => {
  const propagator = new AWSXRayPropagator();
  const hex = (length: number) =>
    fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((id) => !/^0+$/.test(id));

  it('is read as @opentelemetry/propagator-aws-xray reads it', () => {
    fc.assert(
      fc.property(hex(8), hex(24), hex(16), fc.constantFrom('0', '1'), (epoch, random, parent, sampled) => {
        const header = `Root=1-${epoch}-${random};Parent=${parent};Sampled=${sampled}`;
        const extracted = trace.getSpanContext(
          propagator.extract(
            ROOT_CONTEXT,
            { 'x-amzn-trace-id': header },
            { get: (c, k) => c[k], keys: Object.keys },
          ),
        );

        expect(spanContextOfTraceHeader(header)).toEqual(extracted);
      }),
    );
  });

  it('is refused without a valid Root and Parent, as the propagator refuses it', () => {
    for (const header of [
      'Root=1-abc;Parent=53995c3f42cd8ad8',
      'Root=1-5759e988-bd862e3fe1be46a994272793',
      '',
    ]) {
      const extracted = trace.getSpanContext(
        propagator.extract(
          ROOT_CONTEXT,
          { 'x-amzn-trace-id': header },
          { get: (c, k) => c[k], keys: Object.keys },
        ),
      );
      expect(spanContextOfTraceHeader(header)).toBe(extracted);
    }
  });

  it('is what the downstream header lambkit writes comes back to through the propagator', async () => {
    const { root } = await invoke(() => ssm.send(new GetParameterCommand({ Name: '/app/roundtrip' })));
    const call = sdk.span(root, 'SSM.GetParameter');
    const sent = ssmEndpoint.received.at(-1)?.['x-amzn-trace-id'] as string;

    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpanContext(otelContext.active(), call.spanContext()), carrier, {
      set: (c, k, v) => {
        c[k] = v;
      },
    });

    expect(sent).toBe(carrier['x-amzn-trace-id']);
  });
});

describe("backend 'opentelemetry': the handler decorator and tracer.provider", () => {
  it('records a decorated handler method as the SERVER span, with the trigger of its event', async () => {
    class Lambda {
      async handler(_event: unknown, _context: unknown) {
        return tracer.subsegment('### work', async () => 'done');
      }
    }
    decorate(Lambda.prototype, 'handler', tracer.captureLambdaHandler());
    const { trace: header, context } = startInvocation();

    const response = await new Lambda().handler(createSqsEvent(), context);

    const span = sdk.span(header.root, HANDLER_SUBSEGMENT);
    expect(response).toBe('done');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(parentSpanId(span)).toBe(header.parent);
    expect(span.attributes).toMatchObject({
      'faas.trigger': 'pubsub',
      'faas.invocation_id': context.awsRequestId,
    });
    expect(parentSpanId(sdk.span(header.root, '### work'))).toBe(span.spanContext().spanId);
  });

  it("runs provider.captureFunc in a span, and says once that the X-Ray SDK's settings do nothing here", async () => {
    const { root } = await invoke(() => tracer.provider.captureFunc('### provided', () => 1));
    const { stderr } = await captureOutput(() => {
      tracer.provider.setDaemonAddress('127.0.0.1:2000');
      tracer.provider.setDaemonAddress('127.0.0.1:2001');
    });

    expect(parentSpanId(sdk.span(root, '### provided'))).toBe(
      sdk.span(root, HANDLER_SUBSEGMENT).spanContext().spanId,
    );
    expect(stderr.map((line) => line.code)).toEqual(['TRACER_OTEL_PROVIDER_UNUSED']);
    expect(stderr.map((line) => line.message)).toEqual([
      "@lambkit/tracer: tracer.provider.setDaemonAddress sets aws-xray-sdk-core, which backend 'opentelemetry' never loads; it does nothing. Configure the OpenTelemetry SDK (or the ADOT layer) instead.",
    ]);
  });

  it('returns an AWS SDK v2 client untraced, with one warning naming what to use instead', async () => {
    const client = { customizeRequests: vi.fn() };

    const { stderr, result } = await captureOutput(() => tracer.captureAWSClient(client));

    expect(result).toBe(client);
    expect(client.customizeRequests).not.toHaveBeenCalled();
    expect(stderr[0]?.code).toBe('TRACER_OTEL_SDK_V2_UNTRACED');
    expect(stderr[0]?.message).toContain(
      'captureAWSClient records AWS SDK v2 calls through aws-xray-sdk-core',
    );
  });
});

describe("backend 'opentelemetry': responses and errors recorded by hand, and node:http", () => {
  it('records addResponseAsMetadata and addErrorAsMetadata on the active span', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment('### quote', () => {
        tracer.addResponseAsMetadata({ total: 42 }, 'quote');
        tracer.addErrorAsMetadata(new RangeError('discount expired'));
      }),
    );

    const span = sdk.span(root, '### quote');
    expect(span.attributes['metadata.orders.quote response']).toBe('{"total":42}');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'discount expired' });
    expect(span.events.map((event) => event.attributes?.['exception.message'])).toEqual(['discount expired']);
  });

  it('sets only the error status, without the exception, when POWERTOOLS_TRACER_CAPTURE_ERROR=false', async () => {
    vi.stubEnv('POWERTOOLS_TRACER_CAPTURE_ERROR', 'false');
    const quiet = new Tracer({ serviceName: 'orders', backend: 'opentelemetry' });
    vi.unstubAllEnvs();
    const handler = middy(async () =>
      quiet.subsegment('### charge', () => Promise.reject(new Error('declined'))),
    );
    const { trace: header, context } = startInvocation();

    await handler
      .use(captureLambdaHandler(quiet))({}, context)
      .catch(() => undefined);

    const span = sdk.span(header.root, '### charge');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events).toEqual([]);
  });

  it('records a node:http call as a CLIENT span under the active subsegment', async () => {
    const { root } = await invoke(() =>
      tracer.subsegment(
        '### call',
        () =>
          new Promise((resolve) => get(`${httpServer.url}/status/404`, (r) => r.resume().on('end', resolve))),
      ),
    );

    const call = sdk.span(root, 'GET');
    expect(parentSpanId(call)).toBe(sdk.span(root, '### call').spanContext().spanId);
    expect(call.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 404 });
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
  });
});
