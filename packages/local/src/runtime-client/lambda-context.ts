/** The context object a handler receives, built from the headers of GET /invocation/next. */
export interface RuntimeContext {
  callbackWaitsForEmptyEventLoop: boolean;
  clientContext: unknown;
  identity: unknown;
  invokedFunctionArn: string | undefined;
  awsRequestId: string;
  tenantId: string | undefined;
  xRayTraceId: string | undefined;
  getRemainingTimeInMillis(): number;
  functionName: string | undefined;
  functionVersion: string | undefined;
  memoryLimitInMB: string | undefined;
  logGroupName: string | undefined;
  logStreamName: string | undefined;
}

function parseHeaderJson(value: string | undefined): unknown {
  return value ? JSON.parse(value) : undefined;
}

/**
 * The handler's context for one invocation; also sets (or clears) _X_AMZN_TRACE_ID as the runtime does.
 *
 * @example
 * const context = buildContext(next.headers, process.env);
 * context.getRemainingTimeInMillis();
 */
export function buildContext(headers: Record<string, string>, env: NodeJS.ProcessEnv): RuntimeContext {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) env._X_AMZN_TRACE_ID = traceId;
  else delete env._X_AMZN_TRACE_ID;
  return {
    callbackWaitsForEmptyEventLoop: true,
    clientContext: parseHeaderJson(headers['lambda-runtime-client-context']),
    identity: parseHeaderJson(headers['lambda-runtime-cognito-identity']),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'] as string,
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    xRayTraceId: traceId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
}
