import { beginInvocation, type LambdaContext } from '@lambkit/core';
import { captureOutput, createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { type InjectLambdaContextOptions, injectLambdaContext, type Logger } from './index.js';

/** A trace header as Lambda sets it in _X_AMZN_TRACE_ID. */
export const TRACE_HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
export const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';

/** A middy handler running `body` with injectLambdaContext(logger, options). */
export function handlerWith(
  logger: Logger | Logger[],
  body: (event: any, context: LambdaContext) => unknown,
  options?: InjectLambdaContextOptions,
) {
  return middy(async (event: any, context: LambdaContext) => body(event, context)).use(
    injectLambdaContext(logger, options),
  );
}

/** Invokes `handler` once with a fresh context and returns what it wrote, lines parsed as JSON. */
export async function invoke(
  handler: (event: any, context: any) => Promise<unknown>,
  event: unknown = {},
  context: LambdaContext = createContext({ functionName: 'orders' }),
) {
  return captureOutput(() => handler(event, context));
}

/** Starts a new invocation (as the first middleware would) so earlier appended keys are gone. */
export function newInvocation(): LambdaContext {
  const context = createContext({ functionName: 'orders' });
  beginInvocation(context);
  return context;
}

/** Leaves any invocation, as at INIT: no request id, no context. */
export function outsideInvocation(): void {
  beginInvocation(undefined);
}
