import middy from '@middy/core';
import { constructStack } from '@smithy/core/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, Tracer } from './index.js';

// The tracing middleware run by the AWS SDK v3's own middleware stack (@smithy/core, which every
// v3 client is built on) holding nothing else, as a hand-written command or a client of another SDK runs it: names the
// SDK's generated clients always give may be missing, the region may be a plain value, and a
// request may carry no headers.
const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

/** A client of the SDK's own middleware stack (the one every v3 client has), empty, and `region`. */
function bareClient(region: unknown) {
  return tracer.captureAWSv3Client({ middlewareStack: constructStack(), config: { region } });
}

async function tracedRun(
  client: ReturnType<typeof bareClient>,
  context: Record<string, string>,
): Promise<{ root: string; output: unknown }> {
  const terminal = async () => ({
    output: { $metadata: { httpStatusCode: 200, requestId: 'req-bare' } },
    response: { headers: {} },
  });
  const run = client.middlewareStack.resolve(terminal as never, context as never);
  const handler = middy(async () => run({ input: { Name: 'x' } } as never)).use(captureLambdaHandler(tracer));
  const { trace, context: lambdaContext } = startInvocation();
  const output = await handler({}, lambdaContext);
  return { root: trace.root, output };
}

describe('the AWS SDK v3 tracing middleware on a bare middleware stack', () => {
  it('names the call for a client and command without the Client and Command suffixes, with a plain region', async () => {
    const { root } = await tracedRun(bareClient('eu-west-2'), {
      clientName: 'Widgets',
      commandName: 'Frobnicate',
    });

    const call = await daemon().waitFor((doc) => doc.trace_id === root && doc.name === 'Widgets');
    expect(call).toMatchObject({
      namespace: 'aws',
      aws: expect.objectContaining({ operation: 'Frobnicate', region: 'eu-west-2', request_id: 'req-bare' }),
      http: { response: { status: 200 } },
    });
  });

  it('records a call without client or command names under AWS, operation Unknown, without a region it cannot read', async () => {
    const { root, output } = await tracedRun(bareClient(42), {});

    const call = await daemon().waitFor((doc) => doc.trace_id === root && doc.name === 'AWS');
    expect(output).toMatchObject({ output: { $metadata: { requestId: 'req-bare' } } });
    expect(call.aws).toMatchObject({ operation: 'Unknown' });
    expect((call.aws as { region?: string }).region).toBeUndefined();
  });
});
