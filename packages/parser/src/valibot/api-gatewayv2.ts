import * as v from 'valibot';
import { APIGatewayCert } from './api-gateway.js';
import { nullAsAbsent, OptionalStringMapSchema } from './shared.js';

/**
 * The request context of an HTTP API (v2) or Function URL event (`APIGatewayEventRequestContextV2`),
 * with the authorizer block when an authorizer ran.
 *
 * @example
 * v.parse(APIGatewayRequestContextV2Schema, event.requestContext);
 */
export const APIGatewayRequestContextV2Schema = v.object({
  accountId: v.string(),
  apiId: v.string(),
  authentication: nullAsAbsent(v.object({ clientCert: APIGatewayCert })),
  authorizer: v.optional(
    v.object({
      jwt: v.optional(
        v.object({
          claims: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.array(v.string())])),
          scopes: v.nullable(v.array(v.string())),
        }),
      ),
      iam: v.optional(
        v.object({
          accessKey: v.string(),
          accountId: v.string(),
          callerId: v.string(),
          cognitoIdentity: v.null(),
          principalOrgId: v.nullable(v.string()),
          userArn: v.string(),
          userId: v.string(),
        }),
      ),
      lambda: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
      principalId: v.optional(v.nullable(v.string())),
      integrationLatency: v.optional(v.nullable(v.number())),
    }),
  ),
  domainName: v.string(),
  domainPrefix: v.string(),
  http: v.object({
    method: v.string(),
    path: v.string(),
    protocol: v.string(),
    sourceIp: v.string(),
    userAgent: v.string(),
  }),
  requestId: v.string(),
  routeKey: v.string(),
  stage: v.string(),
  time: v.string(),
  timeEpoch: v.number(),
});

/**
 * An HTTP API (v2) event, payload format 2.0 (`APIGatewayProxyEventV2`). The ApiGatewayV2Envelope
 * parses its body.
 *
 * @example
 * const event = parse(input, undefined, APIGatewayProxyEventV2Schema);
 */
export const APIGatewayProxyEventV2Schema = v.object({
  version: v.string(),
  routeKey: v.string(),
  rawPath: v.string(),
  rawQueryString: v.string(),
  cookies: v.optional(v.array(v.string())),
  headers: OptionalStringMapSchema,
  queryStringParameters: v.optional(OptionalStringMapSchema),
  pathParameters: nullAsAbsent(OptionalStringMapSchema),
  stageVariables: nullAsAbsent(OptionalStringMapSchema),
  requestContext: APIGatewayRequestContextV2Schema,
  body: v.optional(v.string()),
  isBase64Encoded: v.boolean(),
});

/**
 * The event of a REQUEST Lambda authorizer of an HTTP API, payload format 2.0
 * (`APIGatewayRequestAuthorizerEventV2`).
 *
 * @example
 * const event = parse(input, undefined, APIGatewayRequestAuthorizerEventV2Schema);
 */
export const APIGatewayRequestAuthorizerEventV2Schema = v.object({
  version: v.literal('2.0'),
  type: v.literal('REQUEST'),
  routeArn: v.string(),
  identitySource: v.array(v.string()),
  routeKey: v.string(),
  rawPath: v.string(),
  rawQueryString: v.string(),
  cookies: v.optional(v.array(v.string()), []),
  headers: v.optional(OptionalStringMapSchema),
  queryStringParameters: v.optional(OptionalStringMapSchema),
  requestContext: APIGatewayRequestContextV2Schema,
  pathParameters: v.optional(OptionalStringMapSchema),
  stageVariables: v.optional(OptionalStringMapSchema),
});

/**
 * A Lambda Function URL event (`LambdaFunctionURLEvent`, the v2 shape).
 *
 * @example
 * const event = parse(input, undefined, LambdaFunctionUrlSchema);
 */
export const LambdaFunctionUrlSchema = APIGatewayProxyEventV2Schema;
