import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// An ES module bundle without a createRequire banner: require() finds no aws-xray-sdk-core, and the
// copy in the bundle comes back half-built, throwing as the SDK does when require("util") has no
// require() to call.
vi.mock('node:module', async (importOriginal) => {
  const { withHiddenModules, isXraySdk } = await import('../test/test-bundle.js');
  return withHiddenModules(await importOriginal(), isXraySdk);
});
vi.mock('aws-xray-sdk-core', () => ({
  get default(): never {
    throw new Error('Dynamic require of "util" is not supported');
  },
}));

beforeAll(() => {
  useLambdaEnvironment('127.0.0.1:2000');
});

describe('when the bundled aws-xray-sdk-core fails to load', () => {
  it('warns once with the banner to add, leaves early captures untouched, and never fails an invocation', async () => {
    const customizers: unknown[] = [];
    const client = { customizeRequests: (customizer: unknown) => customizers.push(customizer) };

    const { result, stderr } = await captureOutput(async () => {
      const tracer = new Tracer({ serviceName: 'orders' });
      const captured = tracer.captureAWSClient(client);
      tracer.provider.setDaemonAddress('127.0.0.1:3000');
      const loaded = await tracer.ready();
      const handler = middy(async () => tracer.subsegment('### work', () => 'done')).use(
        captureLambdaHandler(tracer),
      );
      const response = await handler({}, startInvocation().context);
      return { captured, loaded, response, namespace: tracer.provider.getNamespace() };
    });

    expect(result?.loaded).toBe(false);
    expect(result?.response).toBe('done');
    expect(result?.captured).toBe(client);
    expect(customizers).toHaveLength(0);
    expect(result?.namespace).toBeUndefined();
    expect((globalThis as { require?: unknown }).require).toBeUndefined();
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({ level: 'WARN', code: 'TRACER_XRAY_SDK_UNAVAILABLE' });
    expect(stderr[0]?.message).toContain(
      'aws-xray-sdk-core was found and failed to load (Dynamic require of "util" is not supported)',
    );
    expect(stderr[0]?.message).toContain(
      `it is bundled in an ES module that gives it no require(): add the banner "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);" to the bundle`,
    );
  });
});
