import { beginInvocation, type MiddlewareObj, runInInvocation } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEmf, invoke, setEnv } from '../test/test-emf.js';
import { logMetrics, Metrics, MetricUnit } from './index.js';

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv({ POWERTOOLS_SERVICE_NAME: undefined, POWERTOOLS_METRICS_NAMESPACE: undefined });
});
afterEach(() => restoreEnv());

/** Resolves after a timer: what a callback the handler did not await looks like. */
function later<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(work()), 1));
}

/**
 * A handler that records "handled" and, on its first invocation, starts work it does not await,
 * which records `late` after the invocation has returned and been flushed.
 */
function handlerWithLateWork(metrics: Metrics, late: (metrics: Metrics) => void) {
  let pending: Promise<void> | undefined;
  const handler = middy(async (event: { first?: boolean }) => {
    metrics.addMetric('handled', MetricUnit.Count, 1);
    if (event.first) pending = later(() => late(metrics));
  }).use(logMetrics(metrics));
  return { handler, settled: () => pending };
}

const addLateMetric = (metrics: Metrics): void => {
  metrics.addMetric('lateWork', MetricUnit.Milliseconds, 250);
};

describe('a metric added after its invocation was flushed', () => {
  it('is published with the flush of the next invocation', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' });
    const { handler, settled } = handlerWithLateWork(metrics, addLateMetric);

    const first = await captureEmf(() => invoke(handler, { first: true }));
    const second = await captureEmf(async () => {
      await settled();
      await invoke(handler, {});
    });

    expect(first.documents.map((document) => document.lateWork)).toEqual([undefined]);
    const late = second.documents.filter((document) => 'lateWork' in document);
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ service: 'orders', lateWork: 250 });
    expect(late[0]._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'shop',
      Dimensions: [['service']],
      Metrics: [{ Name: 'lateWork', Unit: 'Milliseconds' }],
    });
    expect(second.documents.filter((document) => document.handled === 1)).toHaveLength(1);
  });

  it('says once that it was added late and that awaiting the work publishes it with its own invocation', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const { handler, settled } = handlerWithLateWork(metrics, (late) => {
      addLateMetric(late);
      addLateMetric(late);
    });

    const { stderr, warnings } = await captureEmf(async () => {
      await invoke(handler, { first: true });
      await settled();
    });

    expect(warnings.map((warning) => warning.code)).toEqual(['METRICS_LATE_METRIC']);
    expect(stderr).toEqual([
      'Metric "lateWork" was added after its invocation\'s metrics were published, by work the handler ' +
        'did not await; it is published with the next flush. Await that work before the handler returns',
    ]);
  });

  it('keeps the dimensions and metadata added with it, apart from those of the next invocation', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' });
    const { handler, settled } = handlerWithLateWork(metrics, (late) => {
      late.addDimension('job', 'cleanup').addMetadata('attempt', 2);
      addLateMetric(late);
    });

    const { documents } = await captureEmf(async () => {
      await invoke(handler, { first: true });
      await settled();
      await invoke(handler, {});
    });

    const late = documents.find((document) => 'lateWork' in document);
    expect(late).toMatchObject({ job: 'cleanup', attempt: 2, lateWork: 250 });
    expect(late._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'job']]);
    const next = documents.at(-1);
    expect(next).toMatchObject({ handled: 1 });
    expect(next).not.toHaveProperty('job');
    expect(next).not.toHaveProperty('attempt');
  });

  it('is published with the next flush when invocations run in scopes of their own (Managed Instances)', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const { handler, settled } = handlerWithLateWork(metrics, addLateMetric);
    const run = (event: object, awsRequestId: string) =>
      runInInvocation(() => invoke(handler, event, createContext({ awsRequestId })), {
        requestId: awsRequestId,
      });

    const { documents } = await captureEmf(async () => {
      await run({ first: true }, 'req-1');
      await settled();
      await run({}, 'req-2');
    });

    expect(documents.filter((document) => 'lateWork' in document)).toHaveLength(1);
    expect(documents.filter((document) => 'handled' in document)).toHaveLength(2);
  });

  it('is published by an invocation already running when the late work of another one ends', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    let lateDone: Promise<void> | undefined;
    const handler = middy(async (event: { first?: boolean }) => {
      metrics.addMetric('handled', MetricUnit.Count, 1);
      if (event.first) lateDone = later(() => addLateMetric(metrics));
      else await lateDone;
    }).use(logMetrics(metrics));
    const run = (event: object, awsRequestId: string) =>
      runInInvocation(() => invoke(handler, event, createContext({ awsRequestId })), {
        requestId: awsRequestId,
      });

    const { documents } = await captureEmf(async () => {
      await run({ first: true }, 'req-1');
      await run({}, 'req-2');
    });

    expect(documents.filter((document) => 'lateWork' in document)).toHaveLength(1);
  });

  it('counts as a metric of the next flush, which then neither warns nor throws for want of metrics', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    let pending: Promise<void> | undefined;
    const handler = middy(async (event: { first?: boolean }) => {
      if (event.first) {
        metrics.addMetric('handled', MetricUnit.Count, 1);
        pending = later(() => addLateMetric(metrics));
      }
    }).use(logMetrics(metrics, { throwOnEmptyMetrics: true }));

    const { documents, error } = await captureEmf(async () => {
      await invoke(handler, { first: true });
      await pending;
      await invoke(handler, {});
    });

    expect(error).toBeUndefined();
    expect(documents.map((document) => Object.keys(document).at(-1))).toEqual(['handled', 'lateWork']);
  });

  it('does not mistake a new invocation with the same request id (a retry) for late work', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = middy(async () => {
      metrics.addDimension('attempt', 'any');
      metrics.addMetric('handled', MetricUnit.Count, 1);
    }).use(logMetrics(metrics));
    const context = createContext();

    const { documents, stderr } = await captureEmf(async () => {
      await invoke(handler, {}, context);
      await invoke(handler, {}, context);
    });

    expect(stderr).toEqual([]);
    expect(documents.map((document) => document.attempt)).toEqual(['any', 'any']);
  });
});

describe('dimensions or metadata added after their invocation was flushed, with no metric', () => {
  it('are not published, and the next flush says so', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const { handler, settled } = handlerWithLateWork(metrics, (late) => late.addMetadata('attempt', 2));

    const { documents, stderr, warnings } = await captureEmf(async () => {
      await invoke(handler, { first: true });
      await settled();
      await invoke(handler, {});
    });

    expect(documents.filter((document) => 'attempt' in document)).toEqual([]);
    expect(warnings.map((warning) => warning.code)).toEqual([
      'METRICS_LATE_METRIC',
      'METRICS_LATE_WITHOUT_METRICS',
    ]);
    expect(stderr).toEqual([
      expect.stringMatching(/^Metadata "attempt" was added after its invocation's metrics were published/),
      "Dimensions or metadata added after their invocation's metrics were published, with no metric, are " +
        'not published. Add them before the handler returns',
    ]);
  });
});

/** What another lambkit middleware (the logger's, for one) does in `before`: opens the invocation. */
const opensInvocations: MiddlewareObj = {
  before: (request) => {
    beginInvocation(request.context);
  },
};

describe('without logMetrics, an invocation replaced by the next one before its metrics were published', () => {
  it('has what it added after its manual flush published with the next flush', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    let pending: Promise<void> | undefined;
    const handler = middy(async (event: { first?: boolean }) => {
      try {
        metrics.addMetric('handled', MetricUnit.Count, 1);
        if (event.first) pending = later(() => addLateMetric(metrics));
      } finally {
        metrics.publishStoredMetrics();
      }
    }).use(opensInvocations);

    const { documents, stderr } = await captureEmf(async () => {
      await invoke(handler, { first: true });
      await pending;
      await invoke(handler, {});
    });

    expect(documents.map((document) => Object.keys(document).at(-1))).toEqual([
      'handled',
      'lateWork',
      'handled',
    ]);
    expect(stderr).toEqual([
      'Metrics "lateWork" of an invocation that ended without publishing them are published with the next flush. ' +
        'Publish in a finally block after awaiting all work, or use logMetrics',
    ]);
  });

  it('says, naming them, that it drops them when the leftovers of an earlier invocation still wait for a flush', async () => {
    const metrics = new Metrics({ namespace: 'shop' });
    const handler = middy(async (event: { name: string; flush?: boolean }) => {
      metrics.addMetric(event.name, MetricUnit.Count, 1);
      if (event.flush) metrics.publishStoredMetrics();
    }).use(opensInvocations);

    const { documents, stderr, warnings } = await captureEmf(async () => {
      await invoke(handler, { name: 'first' });
      await invoke(handler, { name: 'second' });
      await invoke(handler, { name: 'third', flush: true });
    });

    expect(warnings.map((warning) => warning.code)).toEqual([
      'METRICS_ABANDONED',
      'METRICS_ABANDONED_DROPPED',
    ]);
    expect(documents.map((document) => Object.keys(document).at(-1))).toEqual(['first', 'third']);
    expect(stderr).toEqual([
      expect.stringMatching(
        /^Metrics "first" of an invocation that ended without publishing them are published/,
      ),
      'Metrics "second" of an invocation that ended without publishing them are dropped: others already ' +
        'wait. Publish in a finally block after awaiting all work, or use logMetrics',
    ]);
  });
});
