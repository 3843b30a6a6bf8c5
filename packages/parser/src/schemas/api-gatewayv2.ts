import { z } from 'zod';
import {
  APIGatewayCert,
  APIGatewayHttpMethod,
  APIGatewayRecord,
  APIGatewayStringArray,
} from './apigw-proxy.js';
/**
 * A zod schema for an API Gateway HTTP API Request Authorizer
 *
 * @example
 * APIGatewayRequestAuthorizerV2Schema.parse(event);
 */
export const APIGatewayRequestAuthorizerV2Schema = z.object({
  jwt: z
    .object({
      claims: z.record(z.string(), z.any()),
      scopes: APIGatewayStringArray.nullable(),
    })
    .optional(),
  iam: z
    .object({
      accessKey: z.string().optional(),
      accountId: z.string().optional(),
      callerId: z.string().optional(),
      principalOrgId: z.string().nullish(),
      userArn: z.string().optional(),
      userId: z.string().optional(),
      cognitoIdentity: z
        .object({
          amr: APIGatewayStringArray,
          identityId: z.string(),
          identityPoolId: z.string(),
        })
        .nullish(),
    })
    .optional(),
  lambda: z.record(z.string(), z.any()).nullish(),
});
/**
 * A zod schema for an API Gateway HTTP API Request Context
 *
 * @example
 * APIGatewayRequestContextV2Schema.parse(event);
 */
export const APIGatewayRequestContextV2Schema = z.object({
  accountId: z.string(),
  apiId: z.string(),
  authorizer: APIGatewayRequestAuthorizerV2Schema.optional(),
  authentication: z
    .object({
      clientCert: APIGatewayCert.optional(),
    })
    .nullish(),
  domainName: z.string(),
  domainPrefix: z.string(),
  http: z.object({
    method: APIGatewayHttpMethod,
    path: z.string(),
    protocol: z.string(),
    sourceIp: z.union([z.ipv4(), z.ipv6()]),
    userAgent: z.string(),
  }),
  requestId: z.string(),
  routeKey: z.string(),
  stage: z.string(),
  time: z.string(),
  timeEpoch: z.number(),
});
/**
 * A zod schema for an API Gateway HTTP API Proxy event
 *
 * @example
 * APIGatewayProxyEventV2Schema.parse(event);
 */
export const APIGatewayProxyEventV2Schema = z.object({
  version: z.string(),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string(),
  cookies: APIGatewayStringArray.optional(),
  headers: APIGatewayRecord,
  queryStringParameters: APIGatewayRecord.optional(),
  requestContext: APIGatewayRequestContextV2Schema,
  body: z.string().optional(),
  pathParameters: APIGatewayRecord.nullish(),
  isBase64Encoded: z.boolean(),
  stageVariables: APIGatewayRecord.nullish(),
});
/**
 * A zod schema for an API Gateway HTTP API Request Authorizer event
 *
 * @example
 * APIGatewayRequestAuthorizerEventV2Schema.parse(event);
 */
export const APIGatewayRequestAuthorizerEventV2Schema = z.object({
  version: z.literal('2.0'),
  type: z.literal('REQUEST'),
  routeArn: z.string(),
  identitySource: APIGatewayStringArray.nullish(),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string(),
  cookies: APIGatewayStringArray.optional(),
  headers: APIGatewayRecord.optional(),
  queryStringParameters: APIGatewayRecord.optional(),
  requestContext: APIGatewayRequestContextV2Schema,
  pathParameters: APIGatewayRecord.nullish(),
  stageVariables: APIGatewayRecord.nullish(),
});
