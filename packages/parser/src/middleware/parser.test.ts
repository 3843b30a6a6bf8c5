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

describe('parser middleware with errorHandler', () => {
  it("turns the parser's ParseError into the response", async () => {
    const handler = middy<Order[]>()
      .use(
        parser({
          schema: order,
          envelope: SqsEnvelope,
          errorHandler: (error) => ({ statusCode: 400, body: error.path }),
        }),
      )
      .handler(async () => ({ statusCode: 200, body: '' }));

    const response = await invoke(handler, sqsEvent(['{"orderId":"a"}']));

    expect(response).toEqual({ statusCode: 400, body: 'Records[0].body.total' });
  });

  it('gives the errorHandler the event as it arrived', async () => {
    let seen: unknown;
    const event = sqsEvent(['not json']);
    const handler = middy<Order[]>()
      .use(parser({ schema: order, envelope: SqsEnvelope, errorHandler: (_error, raw) => (seen = raw) }))
      .handler(async () => 'ran');

    await invoke(handler, event);

    expect(seen).toBe(event);
  });

  it('throws the ParseError when the errorHandler returns undefined', async () => {
    const handler = middy<Order[]>()
      .use(parser({ schema: order, envelope: SqsEnvelope, errorHandler: () => undefined }))
      .handler(async () => 'ran');

    await expect(invoke(handler, sqsEvent(['{}']))).rejects.toThrow(ParseError);
  });

  it('leaves a ParseError the handler throws alone', async () => {
    const handler = middy<Order[]>()
      .use(parser({ schema: order, envelope: SqsEnvelope, errorHandler: () => 'recovered' }))
      .handler(async () => {
        throw new ParseError('thrown by the handler');
      });

    await expect(invoke(handler, sqsEvent(['{"orderId":"a","total":1}']))).rejects.toThrow(
      'thrown by the handler',
    );
  });

  it('refuses an errorHandler that returns a promise, naming the rule', async () => {
    const handler = middy<Order[]>()
      .use(
        parser({ schema: order, envelope: SqsEnvelope, errorHandler: (async () => 'late') as () => never }),
      )
      .handler(async () => 'ran');

    await expect(invoke(handler, sqsEvent(['{}']))).rejects.toThrow(/errorHandler must return synchronously/);
  });

  it('refuses an errorHandler that is not a function when the middleware is created', () => {
    const create = () => parser({ schema: order, errorHandler: 'ignore' as never });

    expect(create).toThrow('parser: errorHandler must be a function, got string');
  });

  it('refuses errorHandler together with safeParse: true when the middleware is created', () => {
    const create = () => parser({ schema: order, safeParse: true, errorHandler: (() => 1) as never });

    expect(create).toThrow(/errorHandler cannot be combined with safeParse: true/);
  });
});

describe('parser as a method decorator', () => {
  /** What TypeScript's experimentalDecorators emit for `@parser(options)` on a method. */
  function decorate(target: object, key: string, decorator: (...args: any[]) => unknown): void {
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    Object.defineProperty(
      target,
      key,
      (decorator(target, key, descriptor) as PropertyDescriptor) ?? descriptor,
    );
  }

  /** A new class each time, so each test decorates its own method. */
  function lambdaClass() {
    return class Lambda {
      readonly prefix = 'sum';
      async handler(orders: Order[], context: { awsRequestId: string }): Promise<string> {
        return `${this.prefix} ${orders.reduce((sum, o) => sum + o.total, 0)} ${context.awsRequestId}`;
      }
    };
  }

  it('hands the method the parsed event, its context and its this', async () => {
    const Lambda = lambdaClass();
    decorate(Lambda.prototype, 'handler', parser({ schema: order, envelope: SqsEnvelope }));
    const lambda = new Lambda();
    const context = createContext();

    const answer = await lambda.handler(sqsEvent(['{"orderId":"a","total":2}']) as never, context);

    expect(answer).toBe(`sum 2 ${context.awsRequestId}`);
  });

  it('throws the ParseError, or returns what errorHandler makes of it', async () => {
    const strict = lambdaClass().prototype;
    const lenient = lambdaClass().prototype;
    decorate(strict, 'handler', parser({ schema: order, envelope: SqsEnvelope }));
    decorate(
      lenient,
      'handler',
      parser({ schema: order, envelope: SqsEnvelope, errorHandler: () => 'bad input' }),
    );
    const event = sqsEvent(['{"orderId":"a"}']) as never;

    expect(() => strict.handler.call(strict, event, createContext())).toThrow(ParseError);
    expect(lenient.handler.call(lenient, event, createContext())).toBe('bad input');
  });
});
