// How `npm start` turns an example's `lambkit.invocations` (its package.json) into runLambda options.
// An invocation may give a `context`: the fields of the Lambda context its handler should see, named
// as in the context itself (and as @lambkit/testing's createContext takes them), plus `timeoutMs`, the
// function timeout. Lambda fixes some of them per function (name, version, memory, region, log
// group and stream) and sends the others with each invocation (request id, deadline, client context,
// Cognito identity, tenant id); a field runLambda cannot set fails loudly rather than being dropped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The function timeout when an invocation gives none: ample for a local run of any example. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Context fields sent with each invocation, and the InvocationRequest field each becomes. */
const PER_INVOCATION = {
  timeoutMs: 'timeoutMs',
  awsRequestId: 'requestId',
  clientContext: 'clientContext',
  identity: 'cognitoIdentity',
  tenantId: 'tenantId',
};

/** Context fields Lambda takes from the function's configuration, as the runtime reads them. */
const PER_FUNCTION = [
  'functionName',
  'functionVersion',
  'memoryLimitInMB',
  'logGroupName',
  'logStreamName',
  'region',
];

/** The variables the runtime client builds those context fields from. */
const FUNCTION_ENV = {
  functionVersion: 'AWS_LAMBDA_FUNCTION_VERSION',
  logGroupName: 'AWS_LAMBDA_LOG_GROUP_NAME',
  logStreamName: 'AWS_LAMBDA_LOG_STREAM_NAME',
};

const KNOWN_FIELDS = [...Object.keys(PER_INVOCATION), ...PER_FUNCTION];

function where(invocation) {
  return `${invocation.handler} on ${invocation.event}`;
}

function checkContext(invocation) {
  const context = invocation.context ?? {};
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new Error(`${where(invocation)}: "context" must be an object, got ${JSON.stringify(context)}`);
  }
  for (const field of Object.keys(context)) {
    if (!KNOWN_FIELDS.includes(field)) {
      throw new Error(
        `${where(invocation)}: context.${field} cannot be set by npm start; it can set ${KNOWN_FIELDS.join(', ')}`,
      );
    }
  }
  const { timeoutMs, memoryLimitInMB } = context;
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new Error(
      `${where(invocation)}: context.timeoutMs must be a positive whole number of milliseconds, got ${JSON.stringify(timeoutMs)}`,
    );
  }
  if (memoryLimitInMB !== undefined && !/^\d+$/.test(String(memoryLimitInMB))) {
    throw new Error(
      `${where(invocation)}: context.memoryLimitInMB must be a whole number of megabytes, got ${JSON.stringify(memoryLimitInMB)}`,
    );
  }
  return context;
}

/**
 * The request runLambda delivers for one invocation: its event, the per-invocation context fields,
 * and the trace header its "env" may set (_X_AMZN_TRACE_ID, sent as Lambda-Runtime-Trace-Id).
 *
 * @example
 * invocationRequest('examples/scheduled-cleanup', { handler: 'dist/handler.mjs', event: 'events/nightly.json', context: { timeoutMs: 60000 } });
 * // { event: {...}, timeoutMs: 60000 }
 */
export function invocationRequest(dir, invocation) {
  const { _X_AMZN_TRACE_ID: traceHeader, ...rest } = invocation.env ?? {};
  if (Object.keys(rest).length > 0) {
    throw new Error(
      `${where(invocation)}: an invocation's env can set only _X_AMZN_TRACE_ID, not ${Object.keys(rest).join(', ')}`,
    );
  }
  const context = checkContext(invocation);
  const request = { event: JSON.parse(readFileSync(join(dir, invocation.event), 'utf8')) };
  if (traceHeader !== undefined) request.traceHeader = traceHeader;
  for (const [field, option] of Object.entries(PER_INVOCATION)) {
    if (context[field] !== undefined) request[option] = context[field];
  }
  return request;
}

/**
 * The runLambda options of one function (the invocations of one handler): its name, memory, region
 * and the variables behind the other per-function context fields. Invocations of one function that
 * give different values for such a field fail, as one execution environment has one configuration.
 *
 * @example
 * functionOptions('hello-api', [{ handler: 'dist/handler.mjs', event: 'events/hello.json', context: { memoryLimitInMB: '256' } }]);
 * // { functionName: 'hello-api', timeoutMs: 10000, memoryMb: 256, env: {} }
 */
export function functionOptions(exampleName, invocations) {
  const settings = {};
  for (const invocation of invocations) {
    const context = checkContext(invocation);
    for (const field of PER_FUNCTION) {
      const value = context[field];
      if (value === undefined) continue;
      if (settings[field] !== undefined && settings[field] !== value) {
        throw new Error(
          `${where(invocation)}: context.${field} is ${JSON.stringify(value)} but another invocation of the same handler gives ${JSON.stringify(settings[field])}; one function has one ${field}`,
        );
      }
      settings[field] = value;
    }
  }
  const env = {};
  for (const [field, variable] of Object.entries(FUNCTION_ENV)) {
    if (settings[field] !== undefined) env[variable] = String(settings[field]);
  }
  const options = { functionName: settings.functionName ?? exampleName, timeoutMs: DEFAULT_TIMEOUT_MS, env };
  if (settings.memoryLimitInMB !== undefined) options.memoryMb = Number(settings.memoryLimitInMB);
  if (settings.region !== undefined) options.region = settings.region;
  return options;
}
