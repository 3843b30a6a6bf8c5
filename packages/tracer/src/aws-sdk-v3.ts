import { describeType } from '@lambkit/core';
import type { Subsegment } from 'aws-xray-sdk-core';
import { activeSegment, downstreamTraceHeader, openSubsegment } from './active-segment.js';
import { closeSubsegment, recordError } from './close.js';
import { tracerSharedState } from './shared-state.js';
import { isSpanParent, isSpanSegment, SPAN_KIND } from './span-segment.js';

/** The name of lambkit's middleware on a client's middleware stack. */
const MIDDLEWARE_NAME = 'LambkitTracerInstrumentation';

/** Error names the AWS SDK classifies as throttling (as @smithy/service-error-classification does). */
const THROTTLING_ERRORS = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  attempts?: number;
}

interface HandlerContext {
  clientName?: string;
  commandName?: string;
}

interface BuildArgs {
  input?: unknown;
  request?: { headers?: Record<string, string> };
}

interface CallOutput {
  output?: { $metadata?: ResponseMetadata };
  response?: { headers?: Record<string, string | undefined> };
}

type Next = (args: BuildArgs) => Promise<CallOutput>;

/** The structural part of an AWS SDK v3 client that instrumentation touches. */
interface AwsV3Client {
  middlewareStack: {
    add(middleware: unknown, options: { step: string; name: string; tags?: string[] }): void;
    remove(name: string): boolean;
  };
  config: { region?: unknown };
}

/**
 * Throws a TypeError unless `client` looks like an AWS SDK v3 client (it has a middleware stack).
 *
 * @example
 * assertAwsV3Client(new SSMClient({}));
 */
export function assertAwsV3Client(client: unknown): asserts client is AwsV3Client {
  const stack = (client as AwsV3Client | null)?.middlewareStack;
  if (typeof stack?.add === 'function' && typeof stack.remove === 'function') return;
  throw new TypeError(
    `captureAWSv3Client: expected an AWS SDK v3 client (an object with a middlewareStack), got ${describeType(client)}`,
  );
}

async function resolveRegion(config: AwsV3Client['config']): Promise<string | undefined> {
  const region = config.region;
  if (typeof region === 'function') return (await region()) as string | undefined;
  return typeof region === 'string' ? region : undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * What tracing cannot describe (a region provider that fails, a response the SDK's whitelist cannot
 * read) is left out: the call's own result or error stands.
 */
function leaveUndescribed(): void {}

/**
 * Adds the `aws` and `http` blocks X-Ray shows for an AWS call, and its error/fault/throttle flags.
 * Callers catch with `leaveUndescribed`.
 */
async function describeCall(
  subsegment: Subsegment,
  config: AwsV3Client['config'],
  service: string,
  operation: string,
  input: unknown,
  result: CallOutput | undefined,
  error: (Error & { $metadata?: ResponseMetadata }) | undefined,
): Promise<void> {
  const metadata = result?.output?.$metadata ?? error?.$metadata ?? {};
  const sdk = tracerSharedState().sdk;
  if (isSpanSegment(subsegment)) {
    const region = await resolveRegion(config);
    if (metadata.requestId !== undefined) subsegment.setAttributes({ 'aws.request_id': metadata.requestId });
    if (region !== undefined) subsegment.setAttributes({ 'cloud.region': region });
  } else if (sdk !== undefined) {
    const Aws = await sdk.awsAttributes();
    const aws = new Aws(
      {
        extendedRequestId: metadata.extendedRequestId,
        requestId: metadata.requestId,
        // X-Ray's `retries` counts retries; the SDK reports attempts, the first one included.
        retryCount: Math.max(0, (metadata.attempts ?? 1) - 1),
        data: result?.output,
        request: { operation, params: input, httpRequest: { region: await resolveRegion(config) } },
      },
      service,
    );
    subsegment.addAttribute('aws', aws);
  }
  const status = metadata.httpStatusCode;
  if (status === undefined) return;
  const response: { status: number; content_length?: number } = { status };
  const contentLength = Number(result?.response?.headers?.['content-length']);
  if (Number.isInteger(contentLength)) response.content_length = contentLength;
  subsegment.addAttribute('http', { response });
  if (status === 429 || (error !== undefined && THROTTLING_ERRORS.has(error.name)))
    subsegment.addThrottleFlag();
  if (status >= 400 && status < 500) subsegment.addErrorFlag();
  else if (status >= 500) subsegment.addFaultFlag();
}

function tracingMiddleware(config: AwsV3Client['config']) {
  return function lambkitTracerMiddleware(next: Next, context: HandlerContext) {
    const clientName = context.clientName ?? 'AWS';
    // "SSMClient" and "GetParameterCommand" become the service "SSM" and the operation "getParameter",
    // the names the X-Ray SDK gives them.
    const service = clientName.endsWith('Client') ? clientName.slice(0, -6) : clientName;
    const command = context.commandName ?? 'UnknownCommand';
    const operationName = command.endsWith('Command') ? command.slice(0, -7) : command;
    const operation = lowerFirst(operationName);
    // OpenTelemetry's AWS SDK conventions, built once per client and command.
    const spanName = `${service}.${operationName}`;
    const spanAttributes = { 'rpc.system': 'aws-api', 'rpc.service': service, 'rpc.method': operationName };
    return async function lambkitTracedCall(args: BuildArgs): Promise<CallOutput> {
      const parent = activeSegment();
      if (parent === undefined || (isSpanParent(parent) && parent.isTracingSuppressed())) return next(args);
      const subsegment = isSpanParent(parent)
        ? (parent.startChild(spanName, SPAN_KIND.CLIENT, spanAttributes) as unknown as Subsegment)
        : openSubsegment(parent, service);
      if (!isSpanParent(parent)) subsegment.addAttribute('namespace', 'aws');
      const traceHeader = downstreamTraceHeader(subsegment);
      if (traceHeader !== undefined && args.request?.headers !== undefined) {
        args.request.headers['X-Amzn-Trace-Id'] = traceHeader;
      }
      let result: CallOutput;
      try {
        result = await next(args);
      } catch (error) {
        await describeCall(
          subsegment,
          config,
          service,
          operation,
          args.input,
          undefined,
          error as Error,
        ).catch(leaveUndescribed);
        recordError(subsegment, error, 'exception', true);
        closeSubsegment(subsegment);
        throw error;
      }
      await describeCall(subsegment, config, service, operation, args.input, result, undefined).catch(
        leaveUndescribed,
      );
      closeSubsegment(subsegment);
      return result;
    };
  };
}

/**
 * Adds lambkit's tracing middleware to an AWS SDK v3 client (once; calling it again replaces it).
 * Each call made inside a traced invocation becomes a subsegment named for the service, nested under
 * the segment active when the call was made, and carries the trace header downstream.
 *
 * @example
 * instrumentAwsV3Client(new SSMClient({}));
 */
export function instrumentAwsV3Client<T>(client: T): T {
  assertAwsV3Client(client);
  client.middlewareStack.remove(MIDDLEWARE_NAME);
  client.middlewareStack.add(tracingMiddleware(client.config), {
    step: 'build',
    name: MIDDLEWARE_NAME,
    tags: ['TRACING'],
  });
  return client;
}
