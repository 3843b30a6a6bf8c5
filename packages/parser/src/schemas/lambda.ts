import { APIGatewayProxyEventV2Schema } from './api-gatewayv2.js';
/**
 * Zod schema for Lambda Function URL follows the API Gateway HTTP APIs Payload Format Version 2.0.
 *
 * @example
 * LambdaFunctionUrlSchema.parse(event);
 */
export const LambdaFunctionUrlSchema = APIGatewayProxyEventV2Schema.extend({});
