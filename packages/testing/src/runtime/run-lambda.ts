import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { lambdaEnvironment, lambdaNodeFlags } from './lambda-environment.js';
import {
  type InvocationOutcome,
  type InvocationRequest,
  type RuntimeApi,
  type RuntimeErrorReport,
  startRuntimeApi,
} from './runtime-api.js';
import {
  NODE_PATH_HOOKS_SOURCE,
  REGISTER_NODE_PATH_HOOKS_SOURCE,
  RUNTIME_CLIENT_SOURCE,
} from './runtime-client-source.js';

/** Options of `startLambda` and `runLambda`. */
export interface StartLambdaOptions {
  /** The handler setting, e.g. 'index.handler' or 'src/app.lambdaHandler'. */
  handler: string;
  /** The function's code: the directory standing for /var/task. */
  taskRoot: string;
  /** The directory standing for /opt, where the layers are unpacked (its nodejs/node_modules goes on NODE_PATH). */
  optDir?: string;
  /** Variables set over Lambda's own (see `lambdaEnvironment`). */
  env?: Record<string, string>;
  functionName?: string;
  /** The function timeout; an invocation running longer is killed as Lambda kills it. Default 3000. */
  timeoutMs?: number;
  /** Default 128; sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE and the heap flags. */
  memoryMb?: number;
  region?: string;
  /** The node binary. Default: the one running this process. */
  node?: string;
  /** Replaces the Node flags Lambda uses (see `lambdaNodeFlags`). */
  nodeFlags?: string[];
  /**
   * The directory of an installed aws-lambda-ric package: run AWS's own Runtime Interface Client
   * (its index.mjs) instead of lambkit's runtime client.
   */
  ricPath?: string;
  /**
   * Give ES module imports the NODE_PATH fallback of Lambda's Node.js runtimes (a resolve hook
   * registered before the handler loads). Default true; false shows what plain Node does.
   */
  esmNodePath?: boolean;
  /** A directory to expose as /var/runtime/node_modules (where Lambda keeps the AWS SDK). */
  runtimeModules?: string;
  /** Milliseconds to wait for INIT (until the runtime asks for its first invocation). Default 10000. */
  initTimeoutMs?: number;
}

/** One output line of the function, parsed as JSON where it is JSON. */
export interface FunctionLine {
  text: string;
  json: any;
  stream: 'stdout' | 'stderr';
  at: number;
}

/** An invocation's outcome with the lines the function wrote during it. */
export interface LambdaInvocation extends InvocationOutcome {
  lines: FunctionLine[];
}

/** A running function: one Node process behind a local Runtime API, cold until its first invocation. */
export interface LambdaProcess {
  readonly pid: number | undefined;
  readonly api: RuntimeApi;
  /** The environment the process started with. */
  readonly env: Record<string, string>;
  /** Every line written so far, both streams, in arrival order. */
  readonly lines: FunctionLine[];
  /** Resolves at the end of INIT with its duration (spawn to first request for an invocation). */
  ready(): Promise<{ initDurationMs: number }>;
  invoke(event?: unknown, request?: Omit<InvocationRequest, 'event'>): Promise<LambdaInvocation>;
  /** Stops the process (SIGKILL, as Lambda ends an environment) and the Runtime API. */
  close(): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
}

const majors = new Map<string, number>();

function nodeMajorOf(node: string): number {
  if (node === process.execPath) return Number(process.versions.node.split('.')[0]);
  let major = majors.get(node);
  if (major === undefined) {
    major = Number(execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);
    majors.set(node, major);
  }
  return major;
}

function writeRuntimeDir(runtimeModules: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambkit-runtime-'));
  writeFileSync(join(dir, 'index.mjs'), RUNTIME_CLIENT_SOURCE);
  writeFileSync(join(dir, 'node-path-hooks.mjs'), NODE_PATH_HOOKS_SOURCE);
  writeFileSync(join(dir, 'register-node-path-hooks.mjs'), REGISTER_NODE_PATH_HOOKS_SOURCE);
  if (runtimeModules !== undefined) symlinkSync(resolve(runtimeModules), join(dir, 'node_modules'), 'dir');
  return dir;
}

function parseLine(text: string, stream: FunctionLine['stream']): FunctionLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { text, json, stream, at: Date.now() };
}

function collectLines(child: ChildProcess, lines: FunctionLine[]): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    let partial = '';
    const source = child[stream];
    source?.setEncoding('utf8');
    source?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) if (part !== '') lines.push(parseLine(part, stream));
    });
    source?.on('end', () => {
      if (partial !== '') lines.push(parseLine(partial, stream));
      partial = '';
    });
  }
}

function tail(lines: FunctionLine[]): string {
  return lines
    .slice(-8)
    .map((line) => `  ${line.stream}: ${line.text}`)
    .join('\n');
}

function describeInitError(report: RuntimeErrorReport | undefined): string {
  if (report === undefined) return '';
  return ` after reporting an init error ${report.errorType}: ${report.errorMessage}`;
}

/**
 * Starts a function the way Lambda does: a fresh Node process with Lambda's flags and environment
 * (NODE_PATH with `<optDir>/nodejs/node_modules`, the task root, the handler), running a runtime
 * client (lambkit's, or aws-lambda-ric with `ricPath`) against a local Runtime API. Invoke it as many
 * times as you like: the first invocation is cold, the next ones are warm, all in the same process.
 *
 * @example
 * const fn = await startLambda({ handler: 'index.handler', taskRoot: './dist', optDir: '/tmp/opt' });
 * await fn.ready();
 * const first = await fn.invoke({ orderId: 'o-1' });
 * first.response; // what the handler returned
 * await fn.close();
 */
export async function startLambda(options: StartLambdaOptions): Promise<LambdaProcess> {
  const node = options.node ?? process.execPath;
  const nodeMajor = nodeMajorOf(node);
  const memoryMb = options.memoryMb ?? 128;
  const timeoutMs = options.timeoutMs ?? 3000;
  const taskRoot = resolve(options.taskRoot);
  const api = await startRuntimeApi({
    timeoutMs,
    functionName: options.functionName,
    region: options.region,
  });
  const runtimeDir = writeRuntimeDir(options.runtimeModules);
  const env = {
    ...lambdaEnvironment({
      nodeMajor,
      handler: options.handler,
      taskRoot,
      runtimeDir,
      optDir: options.optDir === undefined ? undefined : resolve(options.optDir),
      runtimeApi: api.address,
      functionName: options.functionName,
      memoryMb,
      region: options.region,
      nodeBinDir: dirname(node),
    }),
    ...options.env,
  };
  const esmNodePath = options.esmNodePath ?? true;
  const flags = options.nodeFlags ?? lambdaNodeFlags(nodeMajor, memoryMb);
  const args =
    options.ricPath === undefined
      ? [...flags, join(runtimeDir, 'index.mjs'), ...(esmNodePath ? [] : ['--no-esm-node-path'])]
      : [
          ...flags,
          ...(esmNodePath ? ['--import', join(runtimeDir, 'register-node-path-hooks.mjs')] : []),
          join(resolve(options.ricPath), 'index.mjs'),
        ];
  const startedAt = Date.now();
  const child = spawn(node, args, { cwd: taskRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: FunctionLine[] = [];
  collectLines(child, lines);
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (exitCode, signal) => done({ exitCode, signal }));
    child.once('error', (error) => {
      lines.push(parseLine(`spawn failed: ${error.message}`, 'stderr'));
      done({ exitCode: null, signal: null });
    });
  });
  let closing = false;
  exited.then(({ exitCode, signal }) => {
    if (closing) return;
    api.abort(
      new Error(
        `the function process exited (code ${exitCode}, signal ${signal})${describeInitError(api.initError)}\n${tail(lines)}`,
      ),
    );
  });

  let readiness: Promise<{ initDurationMs: number }> | undefined;
  function ready(): Promise<{ initDurationMs: number }> {
    readiness ??= api.ready(options.initTimeoutMs ?? 10_000).then(
      () => ({ initDurationMs: (api.readyAt ?? Date.now()) - startedAt }),
      async (error: Error) => {
        await Promise.race([exited, new Promise((done) => setTimeout(done, 200))]);
        throw new Error(`${error.message}\n${tail(lines)}`, { cause: error });
      },
    );
    return readiness;
  }

  async function invoke(
    event?: unknown,
    request: Omit<InvocationRequest, 'event'> = {},
  ): Promise<LambdaInvocation> {
    await ready();
    const from = lines.length;
    const requestId = request.requestId ?? randomUUID();
    const limit = request.timeoutMs ?? timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<InvocationOutcome>((done) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({
          requestId,
          traceHeader: undefined,
          status: 'error',
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${(limit / 1000).toFixed(2)} seconds`,
          },
          durationMs: limit,
        });
      }, limit + 50);
    });
    const startedAt = Date.now();
    const pending = api.invoke({ ...request, requestId, event }).catch(async (error: Error) => {
      // The process ended without posting a result: Lambda reports that as Runtime.ExitError.
      const exit = await Promise.race([
        exited,
        new Promise<undefined>((done) => setTimeout(() => done(undefined), 200)),
      ]);
      if (exit === undefined) throw error;
      const reason =
        exit.exitCode === 0
          ? 'without providing a reason'
          : `with error: ${exit.signal ? `signal: ${exit.signal.toLowerCase()}` : `exit status ${exit.exitCode}`}`;
      return {
        requestId,
        traceHeader: undefined,
        status: 'error' as const,
        error: {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${requestId} Error: Runtime exited ${reason}`,
        },
        durationMs: Date.now() - startedAt,
      };
    });
    const outcome = await Promise.race([pending, timedOut]).finally(() => clearTimeout(timer));
    // Lines written during the invocation are in the pipes before the runtime posts its result; the
    // runtime asks for the next invocation right after, so waiting for that request (or the exit)
    // lets every one of them arrive.
    await Promise.race([api.nextAfter(outcome.requestId, 1000), exited]);
    await new Promise((done) => setImmediate(done));
    return { ...outcome, lines: lines.slice(from) };
  }

  return {
    pid: child.pid,
    api,
    env,
    lines,
    ready,
    invoke,
    async close() {
      closing = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const result = await exited;
      await api.close();
      rmSync(runtimeDir, { recursive: true, force: true });
      return result;
    },
  };
}

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
