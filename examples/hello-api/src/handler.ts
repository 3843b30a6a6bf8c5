import type { LambdaContext } from '@lambkit/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What the hello endpoint returns in its JSON body. */
export interface HelloBody {
  message: string;
  requestId: string;
  remainingTimeMs: number;
}

/**
 * GET /hello?name=Ada on an API Gateway HTTP API: greets the caller by name and says which request
 * answered and how much of its time budget was left.
 *
 * @example
 * await handler(createApiGatewayProxyEventV2({ queryStringParameters: { name: 'Ada' } }), createContext());
 */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: LambdaContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const name = event.queryStringParameters?.name?.trim() || 'world';
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
