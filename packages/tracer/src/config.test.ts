import { EnvVarError } from '@lambkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { Tracer } from './index.js';

const LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', LAMBDA_TASK_ROOT: '/var/task' };
const VARIABLES = [
  'AWS_EXECUTION_ENV',
  'LAMBDA_TASK_ROOT',
  'AWS_SAM_LOCAL',
  'POWERTOOLS_TRACE_ENABLED',
  'POWERTOOLS_TRACER_CAPTURE_RESPONSE',
  'POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS',
];

function withEnvironment(variables: Record<string, string>): void {
  Object.assign(process.env, variables);
}

afterEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

describe('when tracing is on', () => {
  it('is on inside Lambda', () => {
    withEnvironment(LAMBDA);

    expect(new Tracer().isTracingEnabled()).toBe(true);
  });

  it('is off when the enabled option is false', () => {
    withEnvironment(LAMBDA);

    expect(new Tracer({ enabled: false }).isTracingEnabled()).toBe(false);
  });

  it('is off under POWERTOOLS_TRACE_ENABLED=false, in any case', () => {
    withEnvironment({ ...LAMBDA, POWERTOOLS_TRACE_ENABLED: 'FALSE' });

    expect(new Tracer().isTracingEnabled()).toBe(false);
  });

  it('is off under SAM local, which has no X-Ray daemon', () => {
    withEnvironment({ ...LAMBDA, AWS_SAM_LOCAL: 'true' });

    expect(new Tracer().isTracingEnabled()).toBe(false);
  });

  it('loads aws-xray-sdk-core once tracing is on', async () => {
    withEnvironment(LAMBDA);

    expect(await new Tracer().ready()).toBe(true);
  });
});

describe('bad configuration', () => {
  it('names a Powertools variable that is not a boolean, and its value', () => {
    withEnvironment({ ...LAMBDA, POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'sometimes' });

    let error: unknown;
    try {
      new Tracer();
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(EnvVarError);
    expect((error as Error).message).toBe(
      'Environment variable POWERTOOLS_TRACER_CAPTURE_RESPONSE has the value "sometimes": expected a boolean (true, false, 1, 0, yes, no, on, off)',
    );
  });

  it('names an option of the wrong type, and its value', () => {
    expect(() => new Tracer({ enabled: 'no' as never })).toThrow(
      'Tracer: option enabled must be a boolean, got "no"',
    );
    expect(() => new Tracer({ serviceName: 42 as never })).toThrow(
      'Tracer: option serviceName must be a string, got 42',
    );
    expect(() => new Tracer(null as never)).toThrow('Tracer: options must be an object, got null');
  });

  it('refuses a metadata namespace reserved by AWS', () => {
    expect(() => new Tracer().putMetadata('key', 1, 'AWS.lambda')).toThrow(
      'Tracer: metadata namespace "AWS.lambda" rejected: it must be a string not starting with "AWS." (reserved by AWS)',
    );
  });
});
