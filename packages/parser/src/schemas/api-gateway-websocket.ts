import { z } from 'zod';
import { APIGatewayRecord, APIGatewayStringArray } from './apigw-proxy.js';
/**
 * Zod schema for an API Gateway WebSocket API event.
 *
 * @example
 * APIGatewayProxyWebsocketEventSchema.parse(event);
 */
export const APIGatewayProxyWebsocketEventSchema = z.object({
  type: z.string(),
  methodArn: z.string(),
  headers: z.record(z.string(), z.string()).nullish(),
  multiValueHeaders: z.record(z.string(), APIGatewayStringArray),
  queryStringParameters: APIGatewayRecord.nullable(),
  multiValueQueryStringParameters: z.record(z.string(), APIGatewayStringArray).nullable(),
  stageVariables: APIGatewayRecord.nullable().optional(),
  requestContext: z.object({
    routeKey: z.string(),
    eventType: z.enum(['CONNECT', 'DISCONNECT', 'MESSAGE']),
    extendedRequestId: z.string(),
    requestTime: z.string(),
    messageDirection: z.enum(['IN', 'OUT']),
    stage: z.string(),
    connectedAt: z.number(),
    requestTimeEpoch: z.number(),
    identity: z.object({
      sourceIp: z.string(),
      userAgent: z.string().optional(),
    }),
    requestId: z.string(),
    domainName: z.string(),
    connectionId: z.string(),
    apiId: z.string(),
  }),
  isBase64Encoded: z.boolean(),
  body: z.string().optional().nullable(),
});
