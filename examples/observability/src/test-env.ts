// Test helpers: the local X-Ray daemon and DynamoDB endpoint of start-env.mjs, the handler loaded
// under Lambda's environment, and invocations with a trace header of their own.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { XrayDocument } from '@lambkit/local';
import { captureOutput, createApiGatewayProxyEventV2, createContext } from '@lambkit/testing';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { vi } from 'vitest';
import { HANDLER, type ObservabilityEnvironment, setup } from '../start-env.mjs';

/** The emulators, and the handler loaded (INIT) with the environment pointing at them. */
export async function startLocalFunction() {
  const local: ObservabilityEnvironment = await setup();
  for (const [name, value] of Object.entries(local.env)) vi.stubEnv(name, value);
  vi.stubEnv('_HANDLER', HANDLER);
  // The tracer decides at INIT, when the handler's module loads, that it runs in Lambda with tracing.
  const { handler } = await import('./handler.js');

  /** Invokes the handler as Lambda does with active tracing: a new trace header for each invocation. */
  async function invoke(event: APIGatewayProxyEventV2) {
    const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`);
    const captured = await captureOutput(() =>
      handler(event, createContext({ functionName: 'observability' })),
    );
    // WARN and ERROR lines go to stderr, as with Powertools.
    const logs = [...captured.stdout, ...captured.stderr].filter((line) => line.level !== undefined);
    const metrics = captured.stdout.filter((line) => line._aws !== undefined);
    return { ...captured, root, logs, metrics };
  }

  /** The subsegment named `name` of the trace `root`, once the daemon has received it. */
  function subsegment(root: string, name: string): Promise<XrayDocument> {
    return local.daemon.waitFor((document) => document.trace_id === root && document.name === name);
  }

  async function close() {
    vi.unstubAllEnvs();
    await local.close();
  }

  return { local, invoke, subsegment, close };
}

export function sampleEvent(file: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8'));
}

export function productEvent(sku: string): APIGatewayProxyEventV2 {
  return createApiGatewayProxyEventV2({
    routeKey: 'GET /products/{sku}',
    rawPath: `/products/${sku}`,
    pathParameters: { sku },
  });
}
