import type { LambdaContext } from '@lambkit/core';
import { correlationPaths, injectLambdaContext, Logger } from '@lambkit/logger';
import { logMetrics, Metrics, MetricUnit } from '@lambkit/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What the hello endpoint returns in its JSON body. */
export interface HelloBody {
  message: string;
  requestId: string;
  remainingTimeMs: number;
}

// Created once per execution environment, at INIT; every invocation reuses them.
const logger = new Logger({ serviceName: 'hello-api' });
const metrics = new Metrics({ namespace: 'lambkit-examples', serviceName: 'hello-api' });

/**
 * GET /hello?name=Ada: greets the caller by name and says which request answered and how much of its
 * time budget was left. Logs one line per greeting and counts it in the Greetings metric.
 *
 * @example
 * await greet(createApiGatewayProxyEventV2({ queryStringParameters: { name: 'Ada' } }), createContext());
 */
export async function greet(
  event: APIGatewayProxyEventV2,
  context: LambdaContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const givenName = event.queryStringParameters?.name?.trim();
  const name = givenName || 'world';
  // A dimension with two values only: a name from the query string would make one metric per caller.
  metrics.addDimension('caller', givenName ? 'named' : 'anonymous');
  metrics.addMetric('Greetings', MetricUnit.Count, 1);
  logger.info('greeting', { name });
  const body: HelloBody = {
    message: `Hello, ${name}!`,
    requestId: context.awsRequestId,
    remainingTimeMs: context.getRemainingTimeInMillis(),
  };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/**
 * The Lambda handler: `greet` with the Lambda context and the API Gateway request id on every log line,
 * and the metrics published after each invocation (a ColdStart metric on the first).
 *
 * @example
 * await handler(createApiGatewayProxyEventV2({ queryStringParameters: { name: 'Ada' } }), createContext());
 */
export const handler = middy(greet)
  .use(injectLambdaContext(logger, { correlationIdPath: correlationPaths.API_GATEWAY_HTTP }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
