import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithRequestContext,
} from 'aws-lambda';
import {
  checkBody,
  checkStringMap,
  headerValue,
  lowerCaseHeaders,
  newCaller,
  rawQueryString,
  restHeaders,
  toMultiValue,
  USER_AGENT,
} from './http.js';
import { apiId, clfTime, DEFAULT_ACCOUNT, DEFAULT_REGION, extendedRequestId, uuid } from './ids.js';
import { checkAgainst, checkArray, checkOptions, checkType, type DeepPartial, deepMerge } from './merge.js';

/** Options for `createApiGatewayProxyEvent`: any event field (deep-merged), plus the stage. */
export interface ApiGatewayProxyEventOptions extends DeepPartial<APIGatewayProxyEvent> {
  /** The deployment stage, part of requestContext.path. Default 'prod'. */
  stage?: string;
  region?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: options of either API Gateway factory (REST or HTTP API), which share no index signature, read by field
function checkHttpFields(factory: string, options: Record<string, any>, nullableBody: boolean): void {
  checkOptions(factory, options);
  checkBody(factory, options?.body, nullableBody);
  checkStringMap(factory, 'headers', options?.headers);
  checkStringMap(factory, 'queryStringParameters', options?.queryStringParameters);
  checkStringMap(factory, 'pathParameters', options?.pathParameters);
  checkStringMap(factory, 'stageVariables', options?.stageVariables);
  checkStringMap(factory, 'multiValueHeaders', options?.multiValueHeaders, true);
  checkStringMap(factory, 'multiValueQueryStringParameters', options?.multiValueQueryStringParameters, true);
  checkType(factory, 'region', options?.region, 'string');
}

/**
 * An API Gateway REST API (v1, Lambda proxy integration) event: method, path and resource, headers
 * with their multi-value twins, query parameters, and a full requestContext (stage path, request
 * ids, CLF request time, caller identity). Give a field to set it; the rest follows from it (the
 * multi-value maps from the single-value ones, requestContext.path from the stage and path).
 *
 * @example
 * const event = createApiGatewayProxyEvent({
 *   httpMethod: 'POST', path: '/orders', body: JSON.stringify({ id: 1 }),
 *   headers: { 'Content-Type': 'application/json' },
 * });
 * event.requestContext.path; // '/prod/orders'
 */
export function createApiGatewayProxyEvent(options: ApiGatewayProxyEventOptions = {}): APIGatewayProxyEvent {
  const factory = 'createApiGatewayProxyEvent';
  checkHttpFields(factory, options, true);
  const { stage = 'prod', region = DEFAULT_REGION, ...overrides } = options;
  checkType(factory, 'stage', stage, 'string');
  const now = Date.now();
  const caller = newCaller(now);
  const id = overrides.requestContext?.apiId ?? apiId();
  const method = overrides.httpMethod ?? 'GET';
  const path = overrides.path ?? '/';
  const resource = overrides.resource ?? path;
  const headers =
    (overrides.headers as Record<string, string>) ??
    restHeaders(`${id}.execute-api.${region}.amazonaws.com`, caller);
  const query = (overrides.queryStringParameters as Record<string, string> | null) ?? null;
  const template: APIGatewayProxyEvent = {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: toMultiValue(headers) ?? {},
    queryStringParameters: query,
    multiValueQueryStringParameters: toMultiValue(query),
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: DEFAULT_ACCOUNT,
      apiId: id,
      authorizer: { claims: null, scopes: null },
      domainName: `${id}.execute-api.${region}.amazonaws.com`,
      domainPrefix: id,
      extendedRequestId: extendedRequestId(),
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: caller.ip,
        user: null,
        userAgent: headerValue(headers, 'user-agent') ?? USER_AGENT,
        userArn: null,
      },
      path: `/${stage}${path}`,
      protocol: 'HTTP/1.1',
      requestId: uuid(),
      requestTime: clfTime(now),
      requestTimeEpoch: now,
      resourceId: apiId().slice(0, 6),
      resourcePath: resource,
      stage,
    },
    body: null,
    isBase64Encoded: false,
  };
  checkAgainst(factory, template, overrides, '');
  return deepMerge(template, overrides);
}

// biome-ignore lint/suspicious/noExplicitAny: the authorizer context is left open, as @types/aws-lambda's own APIGatewayProxyEventV2 does
type HttpApiEvent = APIGatewayProxyEventV2WithRequestContext<any>;

/** Options for `createApiGatewayProxyEventV2`: any event field (deep-merged), authorizer included. */
export interface ApiGatewayProxyEventV2Options
  extends DeepPartial<
    APIGatewayProxyEventV2WithRequestContext<
      APIGatewayProxyEventV2['requestContext'] & { authorizer?: unknown }
    >
  > {
  region?: string;
}

/** The event shared by HTTP APIs and function URLs, for the given domain. */
export function httpApiEvent(
  factory: string,
  options: ApiGatewayProxyEventV2Options,
  domain: (id: string, region: string) => string,
  newId: () => string,
): HttpApiEvent {
  checkHttpFields(factory, options, false);
  checkType(factory, 'rawQueryString', options.rawQueryString, 'string');
  checkArray(factory, 'cookies', options.cookies);
  options.cookies?.forEach((cookie, index) => {
    checkType(factory, `cookies[${index}]`, cookie, 'string');
  });
  const { region = DEFAULT_REGION, ...overrides } = options;
  const now = Date.now();
  const caller = newCaller(now);
  const id = overrides.requestContext?.apiId ?? newId();
  const domainName = domain(id, region);
  const method = overrides.requestContext?.http?.method ?? 'GET';
  const rawPath = overrides.rawPath ?? '/';
  const routeKey = overrides.routeKey ?? '$default';
  const headers = (overrides.headers as Record<string, string>) ?? lowerCaseHeaders(domainName, caller);
  const template: HttpApiEvent = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: rawQueryString(overrides.queryStringParameters as Record<string, string> | undefined),
    headers,
    requestContext: {
      accountId: DEFAULT_ACCOUNT,
      apiId: id,
      domainName,
      domainPrefix: id,
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: caller.ip,
        userAgent: headerValue(headers, 'user-agent') ?? USER_AGENT,
      },
      requestId: extendedRequestId(),
      routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
  checkAgainst(factory, template, overrides, '');
  return deepMerge(template, overrides);
}

/**
 * An API Gateway HTTP API event (payload format 2.0): rawPath and rawQueryString (rebuilt from the
 * query parameters, repeated values split on commas as HTTP APIs join them), lower-case headers, and
 * a requestContext with the http block. cookies, queryStringParameters, pathParameters,
 * stageVariables, body and requestContext.authorizer appear when given, as HTTP APIs send them only
 * when present.
 *
 * @example
 * const event = createApiGatewayProxyEventV2({
 *   routeKey: 'GET /orders/{id}', rawPath: '/orders/42', pathParameters: { id: '42' },
 *   queryStringParameters: { expand: 'lines' },
 * });
 * event.rawQueryString; // 'expand=lines'
 */
export function createApiGatewayProxyEventV2<T extends HttpApiEvent = APIGatewayProxyEventV2>(
  options: ApiGatewayProxyEventV2Options = {},
): T {
  return httpApiEvent(
    'createApiGatewayProxyEventV2',
    options,
    (id, region) => `${id}.execute-api.${region}.amazonaws.com`,
    apiId,
  ) as T;
}
