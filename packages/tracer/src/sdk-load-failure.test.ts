import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// aws-xray-sdk-core throws while loading when AWS_XRAY_DAEMON_ADDRESS is malformed.
beforeAll(() => {
  useLambdaEnvironment('no-port-here');
});

describe('when aws-xray-sdk-core cannot be loaded', () => {
  it('warns once, traces nothing, and never fails an invocation', async () => {
    const { result, stderr } = await captureOutput(async () => {
      const tracer = new Tracer({ serviceName: 'orders' });
      const handler = middy(async () => tracer.subsegment('### work', () => ({ statusCode: 200 }))).use(
        captureLambdaHandler(tracer),
      );
      const first = await handler({}, startInvocation().context);
      const second = await handler({}, startInvocation().context);
      return { tracer, responses: [first, second] };
    });

    expect(result?.responses).toEqual([{ statusCode: 200 }, { statusCode: 200 }]);
    expect(await result?.tracer.ready()).toBe(false);
    expect(result?.tracer.getSegment()?.name).toBe('## Dummy segment');
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({
      level: 'WARN',
      package: '@lambkit/tracer',
      code: 'TRACER_XRAY_SDK_UNAVAILABLE',
    });
    expect(stderr[0].message).toMatch(
      /^@lambkit\/tracer: tracing is on but aws-xray-sdk-core was found and failed to load \(Invalid Daemon Address.*\); nothing will be traced: fix the cause above \(a malformed AWS_XRAY_DAEMON_ADDRESS is one\), or set POWERTOOLS_TRACE_ENABLED=false\.$/,
    );
  });
});
