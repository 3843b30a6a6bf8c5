import { beginInvocation, type LambdaContext } from '@lambkit/core';
import { createContext } from '@lambkit/testing';
import middy from '@middy/core';
import { type InjectLambdaContextOptions, injectLambdaContext, type Logger } from '../src/index.js';

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

type Stream = 'stdout' | 'stderr';

/** What captureLogs returns. */
export interface CapturedLogs<T> {
  result: T | undefined;
  error?: unknown;
  /** Every line written to stdout or stderr, in the order written, parsed as JSON where it is. */
  lines: any[];
  /** The stream each of `lines` went to. */
  streams: Stream[];
  /** Each of `lines` as written, without its newline. */
  texts: string[];
}

function collect(stream: Stream, { lines, streams, texts }: CapturedLogs<unknown>) {
  return function write(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
    for (const text of String(chunk).split('\n')) {
      if (text === '') continue;
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {}
      lines.push(value);
      streams.push(stream);
      texts.push(text);
    }
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') done();
    return true;
  } as typeof process.stdout.write;
}

/**
 * Runs `fn` and returns the lines it wrote to stdout and stderr as one list in the order written
 * (Powertools' streams: WARN, ERROR and CRITICAL go to stderr), with the stream of each.
 */
export async function captureLogs<T>(fn: () => T | Promise<T>): Promise<CapturedLogs<T>> {
  const captured: CapturedLogs<T> = { result: undefined, lines: [], streams: [], texts: [] };
  const { write: out } = process.stdout;
  const { write: err } = process.stderr;
  process.stdout.write = collect('stdout', captured);
  process.stderr.write = collect('stderr', captured);
  try {
    captured.result = await fn();
  } catch (error) {
    captured.error = error;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return captured;
}

/** Invokes `handler` once with a fresh context and returns what it wrote, lines parsed as JSON. */
export async function invoke(
  handler: (event: any, context: any) => Promise<unknown>,
  event: unknown = {},
  context: LambdaContext = createContext({ functionName: 'orders' }),
) {
  return captureLogs(() => handler(event, context));
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
