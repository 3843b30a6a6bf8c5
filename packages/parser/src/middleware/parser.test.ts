import { type ParsedResult, ParseError, parser, SqsEnvelope } from '@lambkit/parser';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFixture } from '../__fixtures__/load.js';

const order = z.object({ orderId: z.string(), total: z.number() });
type Order = z.infer<typeof order>;

/** Invokes a middy handler the way Lambda does: any event, a real context. */
function invoke(handler: (event: any, context: any) => Promise<unknown>, event: unknown): Promise<any> {
  return handler(event, createContext());
}

function sqsEvent(bodies: string[]) {
  const event = loadFixture('sqs');
  const template = event.Records[0];
  event.Records = bodies.map((body, i) => ({ ...template, messageId: `m-${i}`, body }));
  return event;
}

describe('parser middleware', () => {
  it('replaces the event with the parsed payloads before the handler runs', async () => {
    const handler = middy<Order[], number>()
      .use(parser({ schema: order, envelope: SqsEnvelope }))
      .handler(async (orders) => orders.reduce((sum, o) => sum + o.total, 0));

    const total = await invoke(handler, sqsEvent(['{"orderId":"a","total":2}', '{"orderId":"b","total":3}']));

    expect(total).toBe(5);
  });

  it('validates the whole event when no envelope is given', async () => {
    const schema = z.object({ detail: z.object({ orderId: z.string() }) });
    const handler = middy<z.infer<typeof schema>, string>()
      .use(parser({ schema }))
      .handler(async (event) => event.detail.orderId);

    const id = await invoke(handler, { detail: { orderId: 'o-9' } });

    expect(id).toBe('o-9');
  });

  it('throws a ParseError naming the bad field, and the handler does not run', async () => {
    let ran = false;
    const handler = middy<Order[]>()
      .use(parser({ schema: order, envelope: SqsEnvelope }))
      .handler(async () => {
        ran = true;
      });

    const run = invoke(handler, sqsEvent(['{"orderId":"a","total":"2"}']));

    await expect(run).rejects.toThrow(ParseError);
    await expect(run).rejects.toThrow('Invalid input at Records[0].body.total');
    expect(ran).toBe(false);
  });

  it('hands the handler the safeParse result with safeParse: true', async () => {
    const handler = middy<ParsedResult<Order[]>, string>()
      .use(parser({ schema: order, envelope: SqsEnvelope, safeParse: true }))
      .handler(async (result) => (result.success ? 'ok' : result.error.path));

    const answer = await invoke(handler, sqsEvent(['{"orderId":"a"}']));

    expect(answer).toBe('Records[0].body.total');
  });

  it('refuses a schema that is not a Standard Schema when the middleware is created', () => {
    const create = () => parser({ schema: {} as never });

    expect(create).toThrow(/schema must be a Standard Schema/);
  });

  it('refuses limits that make no sense when the middleware is created', () => {
    const create = () => parser({ schema: order, envelope: SqsEnvelope, maxLength: -1 });

    expect(create).toThrow(/maxLength must be a non-negative integer/);
  });

  it('applies the limits it was given to every invocation', async () => {
    const handler = middy<Order[]>()
      .use(parser({ schema: order, envelope: SqsEnvelope, maxLength: 10 }))
      .handler(async () => undefined);

    const run = invoke(handler, sqsEvent(['{"orderId":"a","total":2}']));

    await expect(run).rejects.toThrow('expected at most 10 characters');
  });
});
