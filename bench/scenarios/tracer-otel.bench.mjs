// @lambkit/tracer on its OpenTelemetry backend: import time (tracing on, with @opentelemetry/api only,
// and what registering the SDK itself costs), and the warm cost of captureLambdaHandler per invocation
// next to the same span written by hand with the OpenTelemetry API and next to Powertools' Tracer
// (X-Ray). The SDK exports to a no-op exporter through a SimpleSpanProcessor: every span is built,
// ended and handed to the exporter, and the numbers are the tracers', not a network's. lambkit's X-Ray
// backend is in tracer.bench.mjs (one process traces to one backend).

import { EMPTY_PACKAGE, report } from '../lib/harness.mjs';
import {
  InvocationGroup,
  interleavedImportTimes,
  invocationPool,
  invoker,
  lambdaEnvironment,
  removeEntryModules,
  withManualSubsegment,
  writeEntryModules,
} from './tracer-lib.mjs';

// Powertools' X-Ray rows send nowhere that answers: the discard port.
const lambdaEnv = lambdaEnvironment('127.0.0.1:9');

const registerSdk = `import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor({ export: (s, done) => done({ code: 0 }), shutdown: async () => {} })] }).register();`;
const files = writeEntryModules('tracer-otel', {
  otelApi: "await import('@opentelemetry/api');",
  lambkitOtel:
    "import { Tracer } from '@lambkit/tracer'; await new Tracer({ backend: 'opentelemetry' }).ready();",
  lambkitOff: "import { Tracer } from '@lambkit/tracer'; new Tracer({ backend: 'opentelemetry' });",
  sdk: registerSdk,
  sdkAndLambkit: `${registerSdk}\nconst { Tracer } = await import('@lambkit/tracer'); await new Tracer({ backend: 'opentelemetry' }).ready();`,
  powertools: "import { Tracer } from '@aws-lambda-powertools/tracer'; new Tracer();",
});
try {
  report(
    interleavedImportTimes(
      "tracer, backend 'opentelemetry': import + new Tracer(), tracing off (POWERTOOLS_TRACE_ENABLED=false), fresh process",
      [
        { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
        { name: '@lambkit/tracer', role: 'lambkit', specifier: files.lambkitOff },
        { name: '@aws-lambda-powertools/tracer', role: 'anchor', specifier: files.powertools },
      ],
      { env: { ...lambdaEnv, POWERTOOLS_TRACE_ENABLED: 'false' } },
    ),
  );
  report(
    interleavedImportTimes(
      "tracer, backend 'opentelemetry': import + new Tracer() until @opentelemetry/api is loaded, tracing on, fresh process",
      [
        { name: '@opentelemetry/api alone', role: 'floor', specifier: files.otelApi },
        { name: '@lambkit/tracer (await tracer.ready())', role: 'lambkit', specifier: files.lambkitOtel },
        {
          name: 'the OpenTelemetry SDK registered (what the ADOT layer loads)',
          role: 'other',
          specifier: files.sdk,
        },
        { name: 'the SDK registered + @lambkit/tracer', role: 'other', specifier: files.sdkAndLambkit },
        { name: '@aws-lambda-powertools/tracer (X-Ray)', role: 'anchor', specifier: files.powertools },
      ],
      { env: lambdaEnv },
    ),
  );
} finally {
  removeEntryModules(files);
}

// In-process: a registered SDK, as the ADOT layer or the user's code registers it before the handler.
Object.assign(process.env, lambdaEnv);
const { NodeTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-node');
let exported = 0;
const countingExporter = {
  export(spans, done) {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => undefined,
};
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(countingExporter)] }).register();
const api = await import('@opentelemetry/api');
const { default: middy } = await import('@middy/core');
const { Tracer, captureLambdaHandler } = await import('@lambkit/tracer');
const powertools = await import('@aws-lambda-powertools/tracer');
const { captureLambdaHandler: powertoolsCaptureLambdaHandler } = await import(
  '@aws-lambda-powertools/tracer/middleware'
);

const lambkitTracer = new Tracer({ serviceName: 'bench', backend: 'opentelemetry' });
await lambkitTracer.ready();
const powertoolsTracer = new powertools.Tracer({ serviceName: 'bench' });

const invoke = invoker(
  invocationPool(true, {
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  }),
);
const main = async () => ({ statusCode: 200, body: '{"ok":true}' });

/**
 * The same invocation span written by hand with the OpenTelemetry API: parent from the trace header,
 * a SERVER span with the FaaS attributes lambkit sets, the response as an attribute. What a user
 * without lambkit would write; the floor of lambkit's own work on this backend.
 */
const otelTracer = api.trace.getTracer('bench-by-hand');
function byHand(handler) {
  return async function handTraced(incoming, context) {
    const [, root, parent] = /Root=1-([0-9a-f]{8}-[0-9a-f]{24});Parent=([0-9a-f]{16})/.exec(
      process.env._X_AMZN_TRACE_ID,
    );
    const remote = api.trace.setSpanContext(api.ROOT_CONTEXT, {
      traceId: root.replace('-', ''),
      spanId: parent,
      traceFlags: 1,
      isRemote: true,
    });
    const span = otelTracer.startSpan(
      '## index.handler',
      {
        kind: api.SpanKind.SERVER,
        attributes: {
          'faas.invocation_id': context.awsRequestId,
          'faas.coldstart': false,
          'faas.name': context.functionName,
          'cloud.resource_id': context.invokedFunctionArn,
          Service: 'bench',
        },
      },
      remote,
    );
    try {
      const response = await api.context.with(api.trace.setSpan(remote, span), () =>
        handler(incoming, context),
      );
      span.setAttribute('metadata.bench.index.handler response', JSON.stringify(response));
      return response;
    } finally {
      span.end();
    }
  };
}

const bare = middy(main);
const withLambkit = middy(main).use(captureLambdaHandler(lambkitTracer));
const withPowertools = middy(main).use(powertoolsCaptureLambdaHandler(powertoolsTracer));
const handWritten = byHand(bare);

const before = exported;
report(
  await new InvocationGroup(
    "tracer, backend 'opentelemetry': warm invocation, middy + captureLambdaHandler (1 span exported)",
  )
    .floor('middy handler, no tracer', invoke(bare))
    .other('the same span by hand with @opentelemetry/api', invoke(handWritten))
    .lambkit("captureLambdaHandler(tracer), backend 'opentelemetry'", invoke(withLambkit))
    .anchor('powertools captureLambdaHandler(tracer) (X-Ray, 1 subsegment sent)', invoke(withPowertools))
    .run(),
);

const step = async () => 42;
const withLambkitStep = middy(async () => lambkitTracer.subsegment('### step', step)).use(
  captureLambdaHandler(lambkitTracer),
);
const withPowertoolsStep = middy(withManualSubsegment(powertoolsTracer, step)).use(
  powertoolsCaptureLambdaHandler(powertoolsTracer),
);

report(
  await new InvocationGroup(
    "tracer, backend 'opentelemetry': warm invocation with one nested subsegment (2 spans exported)",
  )
    .floor('middy handler, no tracer', invoke(middy(async () => step())))
    .lambkit('captureLambdaHandler + tracer.subsegment', invoke(withLambkitStep))
    .anchor('powertools captureLambdaHandler + manual subsegment (X-Ray)', invoke(withPowertoolsStep))
    .run(),
);
if (exported === before)
  throw new Error('tracer-otel bench: no span was exported; the numbers would measure nothing');
