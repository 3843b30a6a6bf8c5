import { runInInvocation } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { useEmulators } from '../test/test-helpers.js';
import {
  GetParameterError,
  getParameter,
  type JsonValue,
  type ParametersContext,
  parameters,
} from './index.js';

const emulators = useEmulators();

/** A Lambda context with a real deadline, typed as @types/aws-lambda's Context. */
const lambdaContext = () => createContext() as Context;

const SEED = {
  parameters: { '/app/db-url': 'postgres://db', '/app/config': '{"retries":3}' },
  secrets: { 'payments/api-key': 'sk_live_123' },
};

const fetch = {
  dbUrl: { parameter: '/app/db-url' },
  config: { parameter: '/app/config', transform: 'json' },
  apiKey: { secret: 'payments/api-key' },
} as const;

type HandlerContext = Context & ParametersContext<typeof fetch>;

describe('parameters middleware', () => {
  it('puts typed values on the context before the handler runs', async () => {
    await emulators.extension(SEED);
    const handler = middy<unknown, string[], Error, HandlerContext>()
      .use(parameters({ fetch }))
      .handler(async (_event, context) => {
        expectTypeOf(context.dbUrl).toEqualTypeOf<string>();
        expectTypeOf(context.config).toEqualTypeOf<JsonValue>();
        expectTypeOf(context.apiKey).toEqualTypeOf<string | Uint8Array>();
        return [context.dbUrl, JSON.stringify(context.config), String(context.apiKey)];
      });

    const result = await handler({}, lambdaContext() as HandlerContext);

    expect(result).toEqual(['postgres://db', '{"retries":3}', 'sk_live_123']);
  });

  it('serves warm invocations from the cache without a request', async () => {
    const extension = await emulators.extension(SEED);
    const handler = middy<unknown, unknown, Error, HandlerContext>()
      .use(parameters({ fetch }))
      .handler(async (_event, context) => context.dbUrl);

    await handler({}, lambdaContext() as HandlerContext);
    await handler({}, lambdaContext() as HandlerContext);
    const third = await handler({}, lambdaContext() as HandlerContext);

    expect(third).toBe('postgres://db');
    expect(extension.requestCount).toBe(3);
  });

  it('prefetches at creation when asked, so the first invocation makes no request', async () => {
    const extension = await emulators.extension(SEED);
    const middleware = parameters({ fetch, prefetch: true });
    await vi.waitFor(() => expect(extension.requestCount).toBe(3));
    const handler = middy<unknown, unknown, Error, HandlerContext>()
      .use(middleware)
      .handler(async (_event, context) => context.apiKey);

    const result = await handler({}, lambdaContext() as HandlerContext);

    expect(result).toBe('sk_live_123');
    expect(extension.requestCount).toBe(3);
  });

  it('prefetches by default inside Lambda', async () => {
    const extension = await emulators.extension(SEED);
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';

    parameters({ fetch: { dbUrl: { parameter: '/app/db-url', transport: 'extension' } } });

    await vi.waitFor(() =>
      expect(extension.requests.map((request) => request.query.name)).toEqual(['/app/db-url']),
    );
  });

  it('does not prefetch under SnapStart', async () => {
    const extension = await emulators.extension(SEED);
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders';
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'snap-start';

    parameters({ fetch: { dbUrl: { parameter: '/app/db-url', transport: 'extension' } } });
    // A request made after creation: a prefetch, had there been one, was sent before it.
    await getParameter('/app/config', { transport: 'extension' });

    expect(extension.requests.map((request) => request.query.name)).toEqual(['/app/config']);
  });

  it('puts the values on request.internal with setToContext false', async () => {
    await emulators.extension(SEED);
    let seen: unknown;
    const handler = middy()
      .use(parameters({ fetch: { dbUrl: { parameter: '/app/db-url' } }, setToContext: false }))
      .before(async (request) => {
        seen = request.internal.dbUrl;
      })
      .handler(async (_event, context) => (context as unknown as Record<string, unknown>).dbUrl);

    const result = await handler({}, lambdaContext());

    expect(seen).toBe('postgres://db');
    expect(result).toBeUndefined();
  });

  it('applies the shared maxAge to every entry', async () => {
    const extension = await emulators.extension(SEED);
    const handler = middy<unknown, unknown, Error, HandlerContext>()
      .use(parameters({ fetch, maxAge: 0 }))
      .handler(async (_event, context) => context.dbUrl);

    await handler({}, lambdaContext() as HandlerContext);
    await handler({}, lambdaContext() as HandlerContext);

    expect(extension.requestCount).toBe(6);
  });

  it('serves interleaved invocations (Lambda Managed Instances) on their own contexts with one request', async () => {
    const extension = await emulators.extension({ ...SEED, delayMs: 20 });
    const handler = middy<unknown, unknown, Error, HandlerContext>()
      .use(parameters({ fetch }))
      .handler(async (_event, context) => [context.awsRequestId, context.dbUrl]);
    const contexts = [lambdaContext(), lambdaContext()] as HandlerContext[];

    const results = await Promise.all(
      contexts.map((context) =>
        runInInvocation(() => handler({}, context), { requestId: context.awsRequestId }),
      ),
    );

    expect(results).toEqual(contexts.map((context) => [context.awsRequestId, 'postgres://db']));
    expect(contexts.map((context) => context.apiKey)).toEqual(['sk_live_123', 'sk_live_123']);
    expect(extension.requestCount).toBe(3);
  });

  it('fails the invocation with the GetParameterError of a value it cannot fetch', async () => {
    await emulators.extension({ parameters: { '/app/db-url': 'postgres://db' } });
    let handlerRan = false;
    const handler = middy()
      .use(
        parameters({
          fetch: { dbUrl: { parameter: '/app/db-url' }, apiKey: { secret: 'payments/api-key' } },
        }),
      )
      .handler(async () => {
        handlerRan = true;
      });

    const error = await handler({}, lambdaContext()).catch((e: unknown) => e as GetParameterError);

    expect(error).toBeInstanceOf(GetParameterError);
    expect(error.parameter).toBe('payments/api-key');
    expect(handlerRan).toBe(false);
  });
});
