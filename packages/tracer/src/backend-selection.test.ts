import { createRequire } from 'node:module';
import { startXrayDaemon, type XrayDaemon } from '@lambkit/local';
import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// This file runs in a process of its own: the first Tracer with tracing on decides its backend.
const requireCache = createRequire(import.meta.url).cache;

let daemon: XrayDaemon;

beforeAll(async () => {
  daemon = await startXrayDaemon();
  useLambdaEnvironment(daemon.address);
});

afterAll(async () => {
  delete process.env.LAMBKIT_TRACER_BACKEND;
  await daemon.close();
});

async function tracesToXray(tracer: Tracer): Promise<boolean> {
  const handler = middy(async () => 'ok').use(captureLambdaHandler(tracer));
  const { trace, context } = startInvocation();
  await handler({}, context);
  const doc = await daemon.waitFor((d) => d.trace_id === trace.root && d.name === HANDLER_SUBSEGMENT, 3000);
  return doc !== undefined;
}

describe('choosing the backend', () => {
  it('refuses a backend option that is not xray or opentelemetry, naming the value', () => {
    expect(() => new Tracer({ backend: 'otel' as never })).toThrow(
      `Tracer: option backend must be 'xray' or 'opentelemetry', got "otel"`,
    );
  });

  it('warns once about an invalid LAMBKIT_TRACER_BACKEND, naming it, its value and the fallback', async () => {
    process.env.LAMBKIT_TRACER_BACKEND = 'otel';

    const { stderr } = await captureOutput(() => [
      new Tracer({ enabled: false }),
      new Tracer({ enabled: false }),
    ]);

    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatchObject({
      level: 'WARN',
      message:
        'Environment variable LAMBKIT_TRACER_BACKEND has the value "otel": expected one of xray, opentelemetry; using xray instead. Set a valid value or unset the variable.',
      variable: 'LAMBKIT_TRACER_BACKEND',
      fallback: 'xray',
    });
  });

  it('lets the option win over LAMBKIT_TRACER_BACKEND', async () => {
    process.env.LAMBKIT_TRACER_BACKEND = 'opentelemetry';

    const tracer = new Tracer({ serviceName: 'orders', backend: 'xray' });

    expect(await tracesToXray(tracer)).toBe(true);
    expect(Object.keys(requireCache).filter((file) => file.includes('@opentelemetry'))).toEqual([]);
  });

  it('falls back to xray after the warning, so the variable never stops tracing', async () => {
    process.env.LAMBKIT_TRACER_BACKEND = 'otel';

    const { result: tracer } = await captureOutput(() => new Tracer({ serviceName: 'orders' }));

    expect(await tracesToXray(tracer as Tracer)).toBe(true);
  });

  it('refuses a second Tracer asking for another backend than the process traces to', () => {
    delete process.env.LAMBKIT_TRACER_BACKEND;

    expect(() => new Tracer({ backend: 'opentelemetry' })).toThrow(
      'Tracer: option backend "opentelemetry" conflicts with "xray", which an earlier Tracer in this process uses: one process traces to one backend',
    );
  });
});
