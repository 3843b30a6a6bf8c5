// The scenario suite both backends run (scenarios-xray.test.ts, scenarios-otel.test.ts): the same
// handlers, traced through the real SDKs, must give the same trace tree on each, compared as the
// X-Ray console shows it (names, nesting, annotations, errors); ids and times aside.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runInInvocation } from '@lambkit/core';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { captureLambdaHandler, type Tracer } from '../src/index.js';
import { decorate, HANDLER_SUBSEGMENT, newTraceHeader, startInvocation } from './test-env.js';
import type { LocalServer } from './test-servers.js';

/** One segment (or span) as the X-Ray console shows it. */
export interface TraceTree {
  name: string;
  annotations: Record<string, string | number | boolean>;
  error: boolean;
  children: TraceTree[];
}

/** What each backend gives the suite. */
export interface ScenarioBackend {
  tracer: Tracer;
  ssmEndpoint: LocalServer;
  httpServer: LocalServer;
  /** The tree under the invocation's handler segment of the trace `root`, once `count` segments arrived. */
  tree(root: string, count: number): Promise<TraceTree>;
}

/** Children in name order, so trees compare whatever order calls finished in. */
export function sortTree(tree: TraceTree): TraceTree {
  const children = tree.children.map(sortTree).sort((a, b) => a.name.localeCompare(b.name));
  return { ...tree, children };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function node(
  name: string,
  annotations: TraceTree['annotations'],
  children: TraceTree[] = [],
  error = false,
): TraceTree {
  return { name, annotations, error, children };
}

const SERVICE = { Service: 'orders' };

/**
 * Runs every scenario on the backend `backend()` gives (called once the test file's setup ran).
 *
 * @example
 * runScenarioSuite('opentelemetry', () => backend);
 */
export function runScenarioSuite(name: string, backend: () => ScenarioBackend): void {
  function ssmClient(): SSMClient {
    const { tracer, ssmEndpoint } = backend();
    return tracer.captureAWSv3Client(
      new SSMClient({
        region: 'eu-west-1',
        endpoint: ssmEndpoint.url,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      }),
    );
  }

  async function invoke(body: (event: { index: number }) => Promise<unknown>, index = 0) {
    const handler = middy(body).use(captureLambdaHandler(backend().tracer));
    const { trace, context } = startInvocation();
    const response = await handler({ index }, context).catch((error: unknown) => error);
    return { root: trace.root, response };
  }

  describe(`the shared scenarios on ${name}`, () => {
    it('a subsegment with annotations, an AWS SDK call, a fetch call and a nested subsegment', async () => {
      const { tracer, httpServer } = backend();
      const ssm = ssmClient();
      const { root } = await invoke(() =>
        tracer.subsegment('### checkout', async () => {
          tracer.putAnnotation('orderId', 'o-1');
          tracer.putMetadata('cart', { items: 2 });
          await ssm.send(new GetParameterCommand({ Name: '/app/db-host' }));
          await fetch(`${httpServer.url}/item/1`);
          await tracer.subsegment('### price', () => pause(1));
        }),
      );

      expect(sortTree(await backend().tree(root, 5))).toEqual(
        node(HANDLER_SUBSEGMENT, SERVICE, [
          node('### checkout', { orderId: 'o-1' }, [
            node('### price', {}),
            node('127.0.0.1', {}),
            node('SSM', {}),
          ]),
        ]),
      );
    });

    it('a failing subsegment, a failing AWS call and a 5xx answer, then the handler throws', async () => {
      const { tracer, httpServer } = backend();
      const ssm = ssmClient();
      const { root, response } = await invoke(async () => {
        await ssm.send(new GetParameterCommand({ Name: 'missing' })).catch(() => undefined);
        await fetch(`${httpServer.url}/status/503`);
        await tracer.subsegment('### charge', async () => {
          throw new Error('card declined');
        });
      });

      expect((response as Error).message).toBe('card declined');
      expect(sortTree(await backend().tree(root, 4))).toEqual(
        node(
          HANDLER_SUBSEGMENT,
          SERVICE,
          [node('### charge', {}, [], true), node('127.0.0.1', {}, [], true), node('SSM', {}, [], true)],
          true,
        ),
      );
    });

    it("Powertools' manual pattern and a decorated method", async () => {
      const { tracer } = backend();
      class Orders {
        async charge() {
          tracer.putAnnotation('charged', true);
        }
      }
      decorate(Orders.prototype, 'charge', tracer.captureMethod());
      const orders = new Orders();
      const { root } = await invoke(async () => {
        const segment = tracer.getSegment();
        if (segment === undefined) throw new Error('no active segment');
        const subsegment = segment.addNewSubsegment('### manual');
        tracer.setSegment(subsegment);
        try {
          subsegment.addAnnotation('tenant', 't-1');
          await orders.charge();
        } finally {
          subsegment.close();
          tracer.setSegment(segment);
        }
      });

      expect(sortTree(await backend().tree(root, 3))).toEqual(
        node(HANDLER_SUBSEGMENT, SERVICE, [
          node('### manual', { tenant: 't-1' }, [node('### charge', { charged: true })]),
        ]),
      );
    });

    it('interleaved invocations, each in a tree of its own', async () => {
      const { tracer, httpServer } = backend();
      const handler = middy(async (event: { index: number }) =>
        tracer.subsegment('### work', async () => {
          tracer.putAnnotation('invocation', event.index);
          await pause((event.index * 7) % 3);
          await fetch(`${httpServer.url}/item/${event.index}`);
          await tracer.subsegment('### finish', () => pause(1));
        }),
      ).use(captureLambdaHandler(tracer));
      const traces = Array.from({ length: 6 }, () => newTraceHeader());

      await Promise.all(
        traces.map((trace, index) => {
          const { context } = startInvocation();
          delete process.env._X_AMZN_TRACE_ID;
          return runInInvocation(() => handler({ index }, context), { traceId: trace.header });
        }),
      );

      for (const [index, trace] of traces.entries()) {
        expect(sortTree(await backend().tree(trace.root, 4))).toEqual(
          node(HANDLER_SUBSEGMENT, SERVICE, [
            node('### work', { invocation: index }, [node('### finish', {}), node('127.0.0.1', {})]),
          ]),
        );
      }
    });
  });
}
