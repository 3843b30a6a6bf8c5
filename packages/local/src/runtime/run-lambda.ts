import type { FunctionLine } from './function-lines.js';
import type { InvocationRequest, RuntimeErrorReport } from './runtime-api.js';
import { type LambdaInvocation, type StartLambdaOptions, startLambda } from './start-lambda.js';

/** Options of `runLambda`: those of `startLambda`, and the events to send in order. */
export interface RunLambdaOptions extends StartLambdaOptions {
  /** Events, sent one after the other to the same process (the first is the cold start). */
  events?: unknown[];
  /** Invocations with their own request ids, trace headers, client context ... (after `events`). */
  invocations?: InvocationRequest[];
}

/** What `runLambda` saw. */
export interface LambdaRun {
  pid: number | undefined;
  /** Spawn to the first request for an invocation; undefined when INIT failed. */
  initDurationMs: number | undefined;
  /** The init error the runtime reported, if INIT failed. */
  initError: RuntimeErrorReport | undefined;
  /** Why the run stopped early (INIT failure, process exit), if it did. */
  failure: Error | undefined;
  invocations: LambdaInvocation[];
  /** Every line the function wrote, both streams, in arrival order. */
  lines: FunctionLine[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs a function as Lambda would for a series of events: starts it (see `startLambda`), sends each
 * event in turn to the same process (cold, then warm), stops it, and returns every outcome and line.
 * An INIT failure is returned (initError, failure), not thrown.
 *
 * @example
 * const run = await runLambda({ handler: 'index.handler', taskRoot, optDir, events: [first, second] });
 * run.invocations.map((invocation) => invocation.response);
 */
export async function runLambda(options: RunLambdaOptions): Promise<LambdaRun> {
  const fn = await startLambda(options);
  const invocations: LambdaInvocation[] = [];
  let initDurationMs: number | undefined;
  let failure: Error | undefined;
  try {
    ({ initDurationMs } = await fn.ready());
    const requests = [...(options.events ?? []).map((event) => ({ event })), ...(options.invocations ?? [])];
    for (const { event, ...request } of requests) invocations.push(await fn.invoke(event, request));
  } catch (error) {
    failure = error as Error;
  }
  const initError = fn.api.initError;
  const { exitCode, signal } = await fn.close();
  return { pid: fn.pid, initDurationMs, initError, failure, invocations, lines: fn.lines, exitCode, signal };
}
