import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// Backend 'opentelemetry' where @opentelemetry/api is installed but throws while loading (a broken
// install): it is not looked for elsewhere, and the cause is reported.
vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<{
    createRequire: typeof import('node:module').createRequire;
    default?: object;
  }>();
  function createRequire(from: string | URL): NodeJS.Require {
    const real = actual.createRequire(from);
    return Object.assign(function brokenApiRequire(id: string) {
      if (id === '@opentelemetry/api') throw new SyntaxError('Unexpected token in build/src/index.js');
      return real(id);
    }, real) as NodeJS.Require;
  }
  return { ...actual, default: { ...actual.default, createRequire }, createRequire };
});

beforeAll(() => {
  useLambdaEnvironment('127.0.0.1:9');
});

describe("backend 'opentelemetry' when @opentelemetry/api throws while loading", () => {
  it('warns once with the cause, traces nothing and never fails an invocation', async () => {
    const { result, stderr } = await captureOutput(async () => {
      const tracer = new Tracer({ serviceName: 'orders', backend: 'opentelemetry' });
      const handler = middy(async () => tracer.subsegment('### work', () => 'done')).use(
        captureLambdaHandler(tracer),
      );
      const response = await handler({}, startInvocation().context);
      return { response, loaded: await tracer.ready() };
    });

    expect(result).toEqual({ response: 'done', loaded: false });
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({
      level: 'WARN',
      package: '@lambkit/tracer',
      code: 'TRACER_OTEL_API_UNAVAILABLE',
    });
    expect(stderr[0]?.message).toBe(
      "@lambkit/tracer: backend 'opentelemetry' is chosen but @opentelemetry/api could not be loaded (Unexpected token in build/src/index.js); nothing will be traced. Fix the cause above, set LAMBKIT_TRACER_BACKEND=xray, or set POWERTOOLS_TRACE_ENABLED=false.",
    );
  });
});
