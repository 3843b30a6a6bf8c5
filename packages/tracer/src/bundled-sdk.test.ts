import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { FakeDynamoDB } from '../test/test-aws-sdk-v2.js';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// A bundle holding aws-xray-sdk-core: require() resolves neither the installed SDK nor the single
// file @lambkit/tracer ships, so the SDK comes from the bundle's import(), after `new Tracer()`
// returns. What is asked of the SDK before then must apply once it has loaded.
vi.mock('node:module', async (importOriginal) => {
  const { withHiddenModules, isXraySdk } = await import('../test/test-bundle.js');
  return withHiddenModules(await importOriginal(), isXraySdk);
});

const daemon = useXrayDaemon();

describe('when aws-xray-sdk-core comes from a bundle (loaded after new Tracer() returns)', () => {
  it('applies the clients captured and the provider settings made before it loaded, and warns for a capture that fails', async () => {
    const holder = globalThis as { require?: unknown };
    const requireBefore = holder.require;
    const logger = { debug() {}, info() {}, warn() {}, error() {} };

    const { result, stderr } = await captureOutput(async () => {
      const tracer = new Tracer({ serviceName: 'orders' });
      const early = {
        namespace: tracer.provider.getNamespace(),
        requireLent: typeof holder.require,
        client: tracer.captureAWSClient(new FakeDynamoDB()),
        notAClient: tracer.captureAWSClient({ name: 'not a client' }),
        frozen: tracer.captureAWSClient({
          customizeRequests() {
            // Thrown as is, not as an Error: the warning still names it.
            throw 'client is frozen';
          },
        }),
      };
      const customizersBeforeLoad = early.client.customizers?.length ?? 0;
      tracer.provider.setLogger(logger);
      const loaded = await tracer.ready();
      return { tracer, early, customizersBeforeLoad, loaded };
    });

    // Not loaded yet when the constructor returned: the calls were deferred, not lost.
    expect(result?.early.namespace).toBeUndefined();
    expect(result?.customizersBeforeLoad).toBe(0);
    expect(result?.early.notAClient).toEqual({ name: 'not a client' });
    // The bundle's SDK gets a require() while its modules run (an ES module bundle has none), then
    // it is taken away again.
    expect(requireBefore).toBeUndefined();
    expect(result?.early.requireLent).toBe('function');
    expect(holder.require).toBeUndefined();

    expect(result?.loaded).toBe(true);
    expect(result?.tracer.provider.getNamespace()).toBeDefined();
    // Imported here, not at the top: the SDK reads the daemon address when it loads.
    const { default: xray } = await import('aws-xray-sdk-core');
    expect(xray.getLogger()).toBe(logger);
    expect(result?.early.client.customizers).toHaveLength(1);
    expect(stderr).toHaveLength(2);
    for (const line of stderr) {
      expect(line).toMatchObject({
        level: 'WARN',
        package: '@lambkit/tracer',
        code: 'TRACER_CAPTURE_FAILED',
      });
    }
    expect(stderr[0]?.message).toMatch(
      /^@lambkit\/tracer: captureAWSClient failed once aws-xray-sdk-core loaded \(.+\); its calls will not be traced$/,
    );
    expect(stderr[1]?.message).toBe(
      '@lambkit/tracer: captureAWSClient failed once aws-xray-sdk-core loaded (client is frozen); its calls will not be traced',
    );

    // The client captured early is traced like any other.
    const tracer = result?.tracer as Tracer;
    const client = result?.early.client as FakeDynamoDB;
    const handler = middy(() => client.getItem({ TableName: 'orders' })).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();
    await handler({}, context);
    const [handlerDoc, callDoc] = await Promise.all([
      daemon().waitFor((doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT, 3000),
      daemon().waitFor((doc) => doc.trace_id === trace.root && doc.name === 'dynamodb', 3000),
    ]);
    expect(callDoc.parent_id).toBe(handlerDoc.id);
    expect(callDoc.aws).toMatchObject({ operation: 'GetItem', request_id: 'req-1' });
  });
});
