import * as v from 'valibot';
import { JsonObjectSchema, OptionalStringMapSchema, StringListMapSchema } from './shared.js';

/** A map API Gateway may leave out or send as null (a request without headers): it reads as `{}`. */
/* @__NO_SIDE_EFFECTS__ */
function nullAsEmpty<T extends v.GenericSchema<unknown, Record<string, unknown>>>(schema: T) {
  return v.optional(
    v.pipe(
      v.nullable(schema),
      v.transform((value): v.InferOutput<T> => value ?? ({} as v.InferOutput<T>)),
    ),
    {},
  );
}

/** A string AWS may leave out or send as null; it reads as null (the `string | null` of @types). */
const nullString = v.optional(v.nullable(v.string()), null);

/**
 * The client certificate of a mutual-TLS request.
 *
 * @example
 * v.parse(APIGatewayCert, event.requestContext.identity.clientCert);
 */
export const APIGatewayCert = v.object({
  clientCertPem: v.string(),
  subjectDN: v.string(),
  issuerDN: v.string(),
  serialNumber: v.string(),
  validity: v.object({ notBefore: v.string(), notAfter: v.string() }),
});

/**
 * The caller identity of a REST API request (`APIGatewayEventIdentity`). Fields API Gateway leaves
 * out read as null.
 *
 * @example
 * v.parse(APIGatewayEventIdentitySchema, event.requestContext.identity);
 */
export const APIGatewayEventIdentitySchema = v.object({
  accessKey: nullString,
  accountId: nullString,
  apiKey: nullString,
  apiKeyId: nullString,
  caller: nullString,
  clientCert: v.optional(v.nullable(APIGatewayCert), null),
  cognitoAuthenticationProvider: nullString,
  cognitoAuthenticationType: nullString,
  cognitoIdentityId: nullString,
  cognitoIdentityPoolId: nullString,
  principalOrgId: nullString,
  sourceIp: v.string(),
  user: nullString,
  userAgent: nullString,
  userArn: nullString,
  vpcId: v.optional(v.string()),
  vpceId: v.optional(v.string()),
});

/**
 * The request context of a REST API event (`APIGatewayEventRequestContext`).
 *
 * @example
 * v.parse(APIGatewayEventRequestContextSchema, event.requestContext);
 */
export const APIGatewayEventRequestContextSchema = v.object({
  accountId: v.string(),
  apiId: v.string(),
  authorizer: v.optional(v.nullable(JsonObjectSchema), null),
  connectedAt: v.optional(v.number()),
  connectionId: v.optional(v.string()),
  domainName: v.optional(v.string()),
  domainPrefix: v.optional(v.string()),
  eventType: v.optional(v.string()),
  extendedRequestId: v.optional(v.string()),
  protocol: v.string(),
  httpMethod: v.string(),
  identity: APIGatewayEventIdentitySchema,
  messageDirection: v.optional(v.string()),
  messageId: v.optional(v.nullable(v.string())),
  path: v.string(),
  stage: v.string(),
  requestId: v.string(),
  requestTime: v.optional(v.string()),
  requestTimeEpoch: v.number(),
  resourceId: v.optional(v.nullable(v.string())),
  resourcePath: v.string(),
  routeKey: v.optional(v.string()),
});

/**
 * A REST API (v1) Lambda proxy event (`APIGatewayProxyEvent`). The ApiGatewayEnvelope parses its body.
 *
 * @example
 * const event = parse(input, undefined, APIGatewayProxyEventSchema);
 */
export const APIGatewayProxyEventSchema = v.object({
  resource: v.string(),
  path: v.string(),
  httpMethod: v.string(),
  headers: nullAsEmpty(OptionalStringMapSchema),
  multiValueHeaders: nullAsEmpty(StringListMapSchema),
  queryStringParameters: v.nullable(OptionalStringMapSchema),
  multiValueQueryStringParameters: v.nullable(StringListMapSchema),
  pathParameters: v.nullable(OptionalStringMapSchema),
  stageVariables: v.nullable(OptionalStringMapSchema),
  requestContext: APIGatewayEventRequestContextSchema,
  body: v.nullable(v.string()),
  isBase64Encoded: v.boolean(),
});

/**
 * The event of a TOKEN Lambda authorizer (`APIGatewayTokenAuthorizerEvent`).
 *
 * @example
 * const event = parse(input, undefined, APIGatewayTokenAuthorizerEventSchema);
 */
export const APIGatewayTokenAuthorizerEventSchema = v.object({
  type: v.literal('TOKEN'),
  methodArn: v.string(),
  authorizationToken: v.string(),
});

/**
 * The event of a REQUEST Lambda authorizer of a REST API (`APIGatewayRequestAuthorizerEvent`).
 *
 * @example
 * const event = parse(input, undefined, APIGatewayRequestAuthorizerEventSchema);
 */
export const APIGatewayRequestAuthorizerEventSchema = v.object({
  type: v.literal('REQUEST'),
  methodArn: v.string(),
  resource: v.string(),
  path: v.string(),
  httpMethod: v.string(),
  headers: v.nullable(OptionalStringMapSchema),
  multiValueHeaders: v.nullable(StringListMapSchema),
  pathParameters: v.nullable(OptionalStringMapSchema),
  queryStringParameters: v.nullable(OptionalStringMapSchema),
  multiValueQueryStringParameters: v.nullable(StringListMapSchema),
  stageVariables: v.nullable(OptionalStringMapSchema),
  requestContext: v.object({
    ...APIGatewayEventRequestContextSchema.entries,
    authorizer: v.optional(v.undefined()),
  }),
});
