import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createApiGatewayProxyEvent, createApiGatewayProxyEventV2 } from '../index.js';

const rest = loadFixture<APIGatewayProxyEvent>('api-gateway-rest.json');
const http = loadFixture<APIGatewayProxyEventV2WithJWTAuthorizer>('api-gateway-http.json');

describe('createApiGatewayProxyEvent', () => {
  it('has the keys and value types of the documented REST sample, with what REST APIs send for its two known differences', () => {
    const event = createApiGatewayProxyEvent({
      queryStringParameters: { parameter1: 'value1' },
      body: 'Hello from Lambda!',
      requestContext: { identity: { clientCert: rest.requestContext.identity.clientCert } },
    });

    // The documented sample leaves out identity.apiKey and identity.apiKeyId (null when the method
    // needs no API key, as @types/aws-lambda types them) and shows resourceId as null where REST APIs
    // send the resource's id.
    const expected = asJson(rest);
    Object.assign(expected.requestContext.identity, { apiKey: null, apiKeyId: null });
    expected.requestContext.resourceId = 'abc123';
    expect(shapeOf(asJson(event))).toEqual(shapeOf(expected));
  });

  it('reproduces the documented REST sample from its values', () => {
    const event = createApiGatewayProxyEvent({
      ...rest,
      requestContext: {
        ...rest.requestContext,
        identity: { ...rest.requestContext.identity, apiKey: undefined, apiKeyId: undefined },
      },
    });

    expect(event).toEqual(rest);
  });

  it('derives the multi-value maps, the stage path and the caller from the request it is given', () => {
    const event = createApiGatewayProxyEvent({
      httpMethod: 'POST',
      path: '/orders',
      resource: '/{proxy+}',
      stage: 'dev',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'tests/1.0' },
      queryStringParameters: { expand: 'lines' },
      body: JSON.stringify({ id: 1 }),
    });

    expect(event.multiValueHeaders).toEqual({
      'Content-Type': ['application/json'],
      'User-Agent': ['tests/1.0'],
    });
    expect(event.multiValueQueryStringParameters).toEqual({ expand: ['lines'] });
    expect(event.requestContext.path).toBe('/dev/orders');
    expect(event.requestContext.httpMethod).toBe('POST');
    expect(event.requestContext.resourcePath).toBe('/{proxy+}');
    expect(event.requestContext.identity.userAgent).toBe('tests/1.0');
  });

  it('gives each request its own request id and a CLF request time matching its epoch', () => {
    const [a, b] = [createApiGatewayProxyEvent(), createApiGatewayProxyEvent()];

    expect(a.requestContext.requestId).not.toBe(b.requestContext.requestId);
    const [, day, month, year, time] = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d:\d\d:\d\d) \+0000$/.exec(
      a.requestContext.requestTime!,
    )!;
    expect(Date.parse(`${day} ${month} ${year} ${time} GMT`)).toBe(
      Math.floor(a.requestContext.requestTimeEpoch / 1000) * 1000,
    );
  });

  it('rejects fields of the wrong type, naming the field and the value', () => {
    expect(() => createApiGatewayProxyEvent({ body: { id: 1 } as never })).toThrow(
      'createApiGatewayProxyEvent: body must be a string or null (JSON.stringify objects), got {"id":1}',
    );
    expect(() => createApiGatewayProxyEvent({ headers: { 'X-Count': 3 as never } })).toThrow(
      'createApiGatewayProxyEvent: headers.X-Count must be a string, got 3',
    );
    expect(() => createApiGatewayProxyEvent({ requestContext: { requestTimeEpoch: '1' as never } })).toThrow(
      'createApiGatewayProxyEvent: requestContext.requestTimeEpoch must be a number, got "1"',
    );
  });
});

describe('createApiGatewayProxyEventV2', () => {
  it('has the keys and value types of the documented HTTP API sample', () => {
    const event = createApiGatewayProxyEventV2({
      cookies: ['session=1'],
      queryStringParameters: { a: '1' },
      pathParameters: { id: '1' },
      stageVariables: { env: 'test' },
      body: '{}',
      requestContext: { authorizer: { jwt: { claims: { sub: 'user-1' }, scopes: ['read'] } } },
    });

    expect(shapeOf(asJson(event))).toEqual(shapeOf(http));
  });

  it('reproduces the documented HTTP API sample from its values, rebuilding rawQueryString', () => {
    const { rawQueryString: _raw, ...fields } = http;

    const event = createApiGatewayProxyEventV2<APIGatewayProxyEventV2WithJWTAuthorizer>(fields);

    expect(event).toEqual(http);
  });

  it('sends only the optional parts a request has', () => {
    const event = createApiGatewayProxyEventV2({ rawPath: '/health' });

    for (const key of ['cookies', 'queryStringParameters', 'pathParameters', 'stageVariables', 'body']) {
      expect(Object.keys(event)).not.toContain(key);
    }
    expect(event.requestContext.http.path).toBe('/health');
    expect(event.rawQueryString).toBe('');
  });

  it('rejects fields of the wrong type, naming the field and the value', () => {
    expect(() => createApiGatewayProxyEventV2({ body: null as never })).toThrow(
      'createApiGatewayProxyEventV2: body must be a string (JSON.stringify objects), got null',
    );
    expect(() => createApiGatewayProxyEventV2({ cookies: 'a=1' as never })).toThrow(
      'createApiGatewayProxyEventV2: cookies must be an array, got "a=1"',
    );
  });
});
