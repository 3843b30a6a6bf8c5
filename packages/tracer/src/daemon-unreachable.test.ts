import { createSocket } from 'node:dgram';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useLambdaEnvironment } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

/** A loopback UDP port nobody listens on. */
async function closedPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

beforeAll(async () => {
  useLambdaEnvironment(`127.0.0.1:${await closedPort()}`);
});

describe('when the X-Ray daemon is unreachable', () => {
  it('still runs every invocation to completion', async () => {
    const tracer = new Tracer({ serviceName: 'orders' });
    const handler = middy(async (event: { n: number }) =>
      tracer.subsegment('### work', async () => {
        tracer.putAnnotation('n', event.n);
        return event.n * 2;
      }),
    ).use(captureLambdaHandler(tracer));

    const responses = [];
    for (let n = 0; n < 20; n++) responses.push(await handler({ n }, startInvocation().context));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await tracer.ready()).toBe(true);
    expect(responses).toEqual(Array.from({ length: 20 }, (_, n) => n * 2));
  });
});
