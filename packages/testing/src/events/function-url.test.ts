import type { LambdaFunctionURLEventWithIAMAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { asJson, loadFixture, shapeOf } from '../../test/events/test-shape.js';
import { createFunctionUrlEvent } from '../index.js';

const sample = loadFixture<LambdaFunctionURLEventWithIAMAuthorizer>('function-url.json');

describe('createFunctionUrlEvent', () => {
  it('has the keys and value types of the documented IAM-auth sample', () => {
    const event = createFunctionUrlEvent({
      authType: 'AWS_IAM',
      cookies: ['session=1'],
      queryStringParameters: { a: '1' },
      body: 'Hello from client!',
    });

    // The guide: authentication, pathParameters and stageVariables are unused by function URLs and
    // "Lambda sets this to null or excludes this from the JSON"; the factory leaves them out.
    const { pathParameters: _p, stageVariables: _s, ...expected } = asJson(sample) as any;
    delete expected.requestContext.authentication;
    expect(shapeOf(asJson(event))).toEqual(shapeOf(expected));
  });

  it('reproduces the documented sample from its values', () => {
    const { rawQueryString: _raw, ...fields } = sample;

    const event = createFunctionUrlEvent<LambdaFunctionURLEventWithIAMAuthorizer>(fields as never);

    expect(event).toEqual(sample);
  });

  it('uses the function URL domain and leaves the authorizer out for auth type NONE', () => {
    const event = createFunctionUrlEvent({ region: 'eu-west-1' });

    expect(event.requestContext.domainName).toBe(`${event.requestContext.apiId}.lambda-url.eu-west-1.on.aws`);
    expect(event.requestContext.apiId).toMatch(/^[a-z0-9]{32}$/);
    expect(Object.keys(event.requestContext)).not.toContain('authorizer');
    expect(event.routeKey).toBe('$default');
  });

  it('rejects an unknown auth type, naming it', () => {
    expect(() => createFunctionUrlEvent({ authType: 'COGNITO' as never })).toThrow(
      `createFunctionUrlEvent: authType must be 'NONE' or 'AWS_IAM', got "COGNITO"`,
    );
  });
});
