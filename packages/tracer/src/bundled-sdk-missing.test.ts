import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// A CommonJS bundle that left aws-xray-sdk-core out (marked external) where it is not installed:
// require() finds no SDK, and reaching it through the bundle's import() fails as Node's loader does
// for a package that is not there (a vitest mock cannot reject an import() with that error as is:
// the module object throws it when the SDK is read from it, which the loader reports the same way).
vi.mock('node:module', async (importOriginal) => {
  const { withHiddenModules, isXraySdk } = await import('../test/test-bundle.js');
  return withHiddenModules(await importOriginal(), isXraySdk);
});
vi.mock('aws-xray-sdk-core', () => ({
  get default(): never {
    throw Object.assign(
      new Error("Cannot find package 'aws-xray-sdk-core' imported from /var/task/index.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
  },
}));

const holder = globalThis as { require?: unknown };
/** The require() a CommonJS bundle has of its own. */
function bundleRequire(): never {
  throw new Error('not called');
}

beforeAll(() => {
  useLambdaEnvironment('127.0.0.1:2000');
  holder.require = bundleRequire;
});

afterAll(() => {
  delete holder.require;
});

describe('when aws-xray-sdk-core is neither installed nor bundled', () => {
  it('warns once that it must be installed, leaves the bundle its own require(), and the invocation goes on untraced', async () => {
    const { result, stderr } = await captureOutput(async () => {
      const tracer = new Tracer({ serviceName: 'orders' });
      const requireWhileLoading = holder.require;
      const handler = middy(async () => ({ statusCode: 200 })).use(captureLambdaHandler(tracer));
      const response = await handler({}, startInvocation().context);
      return { response, loaded: await tracer.ready(), requireWhileLoading };
    });

    expect(result).toEqual({
      response: { statusCode: 200 },
      loaded: false,
      requireWhileLoading: bundleRequire,
    });
    expect(holder.require).toBe(bundleRequire);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({ level: 'WARN', code: 'TRACER_XRAY_SDK_UNAVAILABLE' });
    expect(stderr[0]?.message).toBe(
      "@lambkit/tracer: tracing is on but aws-xray-sdk-core is not installed (Cannot find package 'aws-xray-sdk-core' imported from /var/task/index.js); nothing will be traced. Install aws-xray-sdk-core 3 next to @lambkit/tracer (a bundle must include it), or set POWERTOOLS_TRACE_ENABLED=false.",
    );
  });
});
