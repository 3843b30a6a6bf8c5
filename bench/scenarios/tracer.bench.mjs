// @lambkit/tracer: import time with tracing off and on, and the warm cost of captureLambdaHandler per
// invocation with tracing on, next to Powertools' Tracer and aws-xray-sdk-core's own import.
// Traced invocations really send their subsegments over UDP, to a loopback port nobody reads.

import { createSocket } from 'node:dgram';
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

async function unusedUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

const lambdaEnv = lambdaEnvironment(`127.0.0.1:${await unusedUdpPort()}`);

// Small entry modules, written beside the scenarios so that bare specifiers resolve, removed after.
const files = writeEntryModules('tracer', {
  xraySdk: "await import('aws-xray-sdk-core');",
  lambkitOn: "import { Tracer } from '@lambkit/tracer'; await new Tracer().ready();",
  lambkitOff: "import { Tracer } from '@lambkit/tracer'; new Tracer();",
  powertools: "import { Tracer } from '@aws-lambda-powertools/tracer'; new Tracer();",
});
try {
  report(
    interleavedImportTimes(
      'tracer: import + new Tracer(), tracing off (POWERTOOLS_TRACE_ENABLED=false), fresh process',
      [
        { name: 'an empty package', role: 'floor', specifier: EMPTY_PACKAGE },
        { name: '@lambkit/tracer', role: 'lambkit', specifier: files.lambkitOff },
        {
          name: '@lambkit/core alone (a dependency of the above)',
          role: 'other',
          specifier: '@lambkit/core',
        },
        { name: '@aws-lambda-powertools/tracer', role: 'anchor', specifier: files.powertools },
      ],
      { env: { ...lambdaEnv, POWERTOOLS_TRACE_ENABLED: 'false' } },
    ),
  );
  report(
    interleavedImportTimes(
      'tracer: import + new Tracer() until aws-xray-sdk-core is loaded, tracing on, fresh process',
      [
        { name: 'aws-xray-sdk-core alone', role: 'floor', specifier: files.xraySdk },
        { name: '@lambkit/tracer (await tracer.ready())', role: 'lambkit', specifier: files.lambkitOn },
        { name: '@aws-lambda-powertools/tracer', role: 'anchor', specifier: files.powertools },
      ],
      { env: lambdaEnv },
    ),
  );
} finally {
  removeEntryModules(files);
}

// In-process: the environment of a traced Lambda function, set before either tracer loads the SDK.
Object.assign(process.env, lambdaEnv);
const { default: middy } = await import('@middy/core');
const { Tracer, captureLambdaHandler } = await import('@lambkit/tracer');
const powertools = await import('@aws-lambda-powertools/tracer');
const { captureLambdaHandler: powertoolsCaptureLambdaHandler } = await import(
  '@aws-lambda-powertools/tracer/middleware'
);

const lambkitTracer = new Tracer({ serviceName: 'bench' });
await lambkitTracer.ready();
const lambkitOff = new Tracer({ serviceName: 'bench', enabled: false });
const powertoolsTracer = new powertools.Tracer({ serviceName: 'bench' });

const unsampledPool = invocationPool(false);
const invoke = invoker(invocationPool(true));
const main = async () => ({ statusCode: 200, body: '{"ok":true}' });

const bare = middy(main);
const withLambkit = middy(main).use(captureLambdaHandler(lambkitTracer));
const withLambkitOff = middy(main).use(captureLambdaHandler(lambkitOff));
const withPowertools = middy(main).use(powertoolsCaptureLambdaHandler(powertoolsTracer));

report(
  await new InvocationGroup(
    'tracer: warm invocation, middy + captureLambdaHandler, tracing on (1 subsegment sent)',
  )
    .floor('middy handler, no tracer', invoke(bare))
    .lambkit('captureLambdaHandler(tracer)', invoke(withLambkit))
    .anchor('powertools captureLambdaHandler(tracer)', invoke(withPowertools))
    .other('lambkit, tracing off', invoke(withLambkitOff))
    .run(),
);

report(
  await new InvocationGroup(
    "tracer: warm invocation, tracing on but not sampled (Sampled=0): the tracers' own work, nothing sent",
  )
    .floor('middy handler, no tracer', invoke(bare, unsampledPool))
    .lambkit('captureLambdaHandler(tracer)', invoke(withLambkit, unsampledPool))
    .anchor('powertools captureLambdaHandler(tracer)', invoke(withPowertools, unsampledPool))
    .run(),
);

// A handler with one nested step of its own: lambkit's tracer.subsegment against the Powertools way
// of doing it without decorators (getSegment, addNewSubsegment, setSegment, close).
const step = async () => 42;
const withLambkitStep = middy(async () => lambkitTracer.subsegment('### step', step)).use(
  captureLambdaHandler(lambkitTracer),
);
const withPowertoolsStep = middy(withManualSubsegment(powertoolsTracer, step)).use(
  powertoolsCaptureLambdaHandler(powertoolsTracer),
);

report(
  await new InvocationGroup(
    'tracer: warm invocation with one nested subsegment, tracing on (2 subsegments sent)',
  )
    .floor('middy handler, no tracer', invoke(middy(async () => step())))
    .lambkit('captureLambdaHandler + tracer.subsegment', invoke(withLambkitStep))
    .anchor('powertools captureLambdaHandler + manual subsegment', invoke(withPowertoolsStep))
    .run(),
);
