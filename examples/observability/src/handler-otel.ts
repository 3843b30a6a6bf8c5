// The same function on OpenTelemetry: handler.ts unchanged, with the SDK registered first (as the
// ADOT layer does) and its spans flushed at the end of each invocation (as the layer's wrapper
// does: Lambda freezes the process once the response is sent).
// First, for its side effects: the SDK is registered and the backend chosen before handler.ts runs.
import './otel-setup.js';
import type { LambdaContext } from '@lambkit/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler as productHandler } from './handler.js';
import { provider } from './otel-setup.js';

/**
 * GET /products/{sku} traced as OpenTelemetry spans: `## handler-otel.handler` (SERVER, with the FaaS
 * attributes), `### loadProduct` and `DynamoDB.GetItem` (CLIENT, rpc.* attributes), exported over OTLP.
 *
 * @example
 * await handler(createApiGatewayProxyEventV2({ pathParameters: { sku: 'SKU-1001' } }), createContext());
 */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: LambdaContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await productHandler(event, context as never);
  } finally {
    await provider.forceFlush();
  }
}
