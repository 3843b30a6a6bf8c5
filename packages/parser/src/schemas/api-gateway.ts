import { z } from 'zod';
import {
  APIGatewayCert,
  APIGatewayHttpMethod,
  APIGatewayRecord,
  APIGatewayStringArray,
} from './apigw-proxy.js';

/**
 * A zod schema for an API Gateway Event Identity
 *
 * @example
 * APIGatewayEventIdentity.parse(event);
 */
const APIGatewayEventIdentity = z.object({
  accessKey: z.string().nullish(),
  accountId: z.string().nullish(),
  apiKey: z.string().nullish(),
  apiKeyId: z.string().nullish(),
  caller: z.string().nullish(),
  cognitoAuthenticationProvider: z.string().nullish(),
  cognitoAuthenticationType: z.string().nullish(),
  cognitoIdentityId: z.string().nullish(),
  cognitoIdentityPoolId: z.string().nullish(),
  principalOrgId: z.string().nullish(),
  sourceIp: z.union([z.ipv4(), z.ipv6(), z.literal('test-invoke-source-ip')]).optional(),
  user: z.string().nullish(),
  userAgent: z.string().nullish(),
  userArn: z.string().nullish(),
  clientCert: APIGatewayCert.nullish(),
});
/**
 * A zod schema for an API Gateway Event Request Context
 *
 * @example
 * APIGatewayEventRequestContextSchema.parse(event);
 */
export const APIGatewayEventRequestContextSchema = z
  .object({
    accountId: z.string(),
    apiId: z.string(),
    deploymentId: z.string().nullish(),
    authorizer: z
      .union([
        z.object({
          integrationLatency: z.number(),
          principalId: z.string(),
        }),
        // AWS's documented sample, for a method without an authorizer, sends both as null.
        z.object({
          claims: z.record(z.string(), z.any()).nullable(),
          scopes: APIGatewayStringArray.nullish(),
        }),
      ])
      .nullish(),
    stage: z.string(),
    protocol: z.string(),
    identity: APIGatewayEventIdentity,
    requestId: z.string(),
    requestTime: z.string(),
    requestTimeEpoch: z.number(),
    resourceId: z.string().nullish(),
    resourcePath: z.string(),
    domainName: z.string().nullish(),
    domainPrefix: z.string().nullish(),
    extendedRequestId: z.string().nullish(),
    httpMethod: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
    path: z.string(),
    connectedAt: z.number().nullish(),
    connectionId: z.string().nullish(),
    eventType: z.enum(['CONNECT', 'MESSAGE', 'DISCONNECT']).nullish(),
    messageDirection: z.string().nullish(),
    messageId: z.string().nullish(),
    routeKey: z.string().nullish(),
    operationName: z.string().nullish(),
  })
  .refine(
    (input) => {
      return !input.messageId || (input.messageId && input.eventType === 'MESSAGE');
    },
    {
      message: 'messageId is available only when `eventType` is MESSAGE',
    },
  );
/**
 * A zod schema for an API Gateway Proxy event
 *
 * @example
 * APIGatewayProxyEventSchema.parse(event);
 */
export const APIGatewayProxyEventSchema = z.object({
  resource: z.string(),
  path: z.string(),
  httpMethod: APIGatewayHttpMethod,
  headers: APIGatewayRecord.nullish(),
  multiValueHeaders: z.record(z.string(), APIGatewayStringArray).nullish(),
  queryStringParameters: APIGatewayRecord.nullable(),
  multiValueQueryStringParameters: z.record(z.string(), APIGatewayStringArray).nullable(),
  pathParameters: APIGatewayRecord.nullish(),
  stageVariables: APIGatewayRecord.nullish(),
  requestContext: APIGatewayEventRequestContextSchema,
  body: z.string().nullable(),
  isBase64Encoded: z.boolean(),
});
/**
 * A zod schema for an API Gateway Request Authorizer event
 *
 * @example
 * APIGatewayRequestAuthorizerEventSchema.parse(event);
 */
export const APIGatewayRequestAuthorizerEventSchema = z.object({
  type: z.literal('REQUEST'),
  methodArn: z.string(),
  resource: z.string(),
  path: z.string(),
  httpMethod: APIGatewayHttpMethod,
  headers: APIGatewayRecord,
  multiValueHeaders: z.record(z.string(), APIGatewayStringArray),
  queryStringParameters: APIGatewayRecord,
  multiValueQueryStringParameters: z.record(z.string(), APIGatewayStringArray),
  pathParameters: APIGatewayRecord,
  stageVariables: APIGatewayRecord,
  requestContext: APIGatewayEventRequestContextSchema,
  domainName: z.string().optional(),
  deploymentId: z.string().optional(),
  apiId: z.string().optional(),
});
/**
 * A zod schema for an API Gateway Token Authorizer event
 *
 * @example
 * APIGatewayTokenAuthorizerEventSchema.parse(event);
 */
export const APIGatewayTokenAuthorizerEventSchema = z.object({
  type: z.literal('TOKEN'),
  authorizationToken: z.string(),
  methodArn: z.string(),
});
