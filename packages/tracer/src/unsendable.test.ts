import { captureOutput } from '@lambkit/testing';
import middy from '@middy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT, startInvocation, useXrayDaemon } from '../test/test-env.js';
import { captureLambdaHandler, type SubsegmentLike, Tracer } from './index.js';

// A subsegment that cannot be serialized even once its metadata is repaired (a circular attribute):
// it is dropped with one warning, and the rest of the invocation's trace is still sent.
const daemon = useXrayDaemon();
let tracer: Tracer;

beforeAll(() => {
  tracer = new Tracer({ serviceName: 'orders' });
});

describe('a subsegment JSON cannot write', () => {
  it('is dropped with one warning, and the handler subsegment is still sent', async () => {
    const loop: { self?: unknown } = {};
    loop.self = loop;
    const handler = middy(async () => {
      tracer.subsegment('### unsendable', () => {
        (tracer.getSegment() as SubsegmentLike).addAttribute('loop', loop);
      });
      return 'answered';
    }).use(captureLambdaHandler(tracer));
    const { trace, context } = startInvocation();

    const { result, stderr } = await captureOutput(() => handler({}, context));

    expect(result).toBe('answered');
    expect(stderr).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'subsegment "### unsendable" could not be serialized and was not sent (Converting circular structure to JSON',
        ),
      }),
    ]);
    const handlerDoc = await daemon().waitFor(
      (doc) => doc.trace_id === trace.root && doc.name === HANDLER_SUBSEGMENT,
    );
    expect(handlerDoc.subsegments ?? []).toEqual([]);
    expect(daemon().documents.filter((doc) => doc.name === '### unsendable')).toEqual([]);
  });
});
