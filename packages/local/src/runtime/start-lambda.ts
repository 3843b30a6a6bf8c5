import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { collectLines, type FunctionLine, parseLine, tail } from './function-lines.js';
import { lambdaEnvironment, lambdaNodeFlags } from './lambda-environment.js';
import {
  type InvocationOutcome,
  type InvocationRequest,
  type RuntimeApi,
  type RuntimeErrorReport,
  startRuntimeApi,
} from './runtime-api.js';
import { runtimeClientFiles } from './runtime-client-files.js';

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

/** An invocation's outcome with the lines the function wrote during it. */
export interface LambdaInvocation extends InvocationOutcome {
  lines: FunctionLine[];
}

/** How the function process ended. */
type Exit = { exitCode: number | null; signal: NodeJS.Signals | null };

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
  close(): Promise<Exit>;
}

/** Everything one started function holds: its settings, process, Runtime API and output. */
interface FunctionState {
  readonly options: StartLambdaOptions;
  readonly timeoutMs: number;
  readonly api: RuntimeApi;
  readonly runtimeDir: string;
  readonly env: Record<string, string>;
  readonly child: ChildProcess;
  readonly startedAt: number;
  readonly lines: FunctionLine[];
  readonly exited: Promise<Exit>;
  readiness: Promise<{ initDurationMs: number }> | undefined;
  closing: boolean;
}

const majors = new Map<string, number>();

/** The major version of the node binary `node` (asked once per binary). */
function nodeMajorOf(node: string): number {
  if (node === process.execPath) return Number(process.versions.node.split('.')[0]);
  let major = majors.get(node);
  if (major === undefined) {
    major = Number(execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);
    majors.set(node, major);
  }
  return major;
}

/** A directory standing for /var/runtime, with `runtimeModules` as its node_modules. */
function createRuntimeDir(runtimeModules: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambkit-runtime-'));
  if (runtimeModules !== undefined) symlinkSync(resolve(runtimeModules), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The arguments of the function process: Lambda's flags, then lambkit's runtime client or aws-lambda-ric. */
function functionArgs(options: StartLambdaOptions, flags: string[]): string[] {
  const files = runtimeClientFiles();
  const esmNodePath = options.esmNodePath ?? true;
  if (options.ricPath === undefined)
    return [...flags, files.client, ...(esmNodePath ? [] : ['--no-esm-node-path'])];
  return [
    ...flags,
    ...(esmNodePath ? ['--import', files.registerNodePathHooks] : []),
    join(resolve(options.ricPath), 'index.mjs'),
  ];
}

function describeInitError(report: RuntimeErrorReport | undefined): string {
  if (report === undefined) return '';
  return ` after reporting an init error ${report.errorType}: ${report.errorMessage}`;
}

/** Resolves when the process exits; an exit the caller did not ask for fails whatever waits on the Runtime API. */
function watchExit(
  child: ChildProcess,
  lines: FunctionLine[],
  api: RuntimeApi,
  state: { closing: boolean },
): Promise<Exit> {
  const exited = new Promise<Exit>((done) => {
    child.once('exit', (exitCode, signal) => done({ exitCode, signal }));
    child.once('error', (error) => {
      lines.push(parseLine(`spawn failed: ${error.message}`, 'stderr'));
      done({ exitCode: null, signal: null });
    });
  });
  exited.then(({ exitCode, signal }) => {
    if (state.closing) return;
    api.abort(
      new Error(
        `the function process exited (code ${exitCode}, signal ${signal})${describeInitError(api.initError)}\n${tail(lines)}`,
      ),
    );
  });
  return exited;
}

/** Starts the Runtime API and the function process. */
async function spawnFunction(options: StartLambdaOptions): Promise<FunctionState> {
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
  const runtimeDir = createRuntimeDir(options.runtimeModules);
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
  const args = functionArgs(options, options.nodeFlags ?? lambdaNodeFlags(nodeMajor, memoryMb));
  const startedAt = Date.now();
  const child = spawn(node, args, { cwd: taskRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: FunctionLine[] = [];
  collectLines(child, lines);
  const flags = { closing: false };
  const exited = watchExit(child, lines, api, flags);
  return Object.assign(flags, {
    options,
    timeoutMs,
    api,
    runtimeDir,
    env,
    child,
    startedAt,
    lines,
    exited,
    readiness: undefined,
  });
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((done) => setTimeout(() => done(value), ms));
}

/** `ready()`: INIT's duration, or its failure with the last lines the process wrote. */
function waitForReady(fn: FunctionState): Promise<{ initDurationMs: number }> {
  fn.readiness ??= fn.api.ready(fn.options.initTimeoutMs ?? 10_000).then(
    () => ({ initDurationMs: (fn.api.readyAt ?? Date.now()) - fn.startedAt }),
    async (error: Error) => {
      // A runtime that posted an init error exits by itself (aws-lambda-ric with code 1): give it
      // time to, so the run reports its own exit rather than the kill of close(). 200 ms was too
      // short for aws-lambda-ric on a machine under a load average of 17.
      const grace = fn.api.initError === undefined ? 200 : 2000;
      await Promise.race([fn.exited, delay(grace, undefined)]);
      throw new Error(`${error.message}\n${tail(fn.lines)}`, { cause: error });
    },
  );
  return fn.readiness;
}

/** Kills the process at the invocation's deadline and reports Sandbox.Timedout, as Lambda does. */
function timeoutAfter(
  fn: FunctionState,
  requestId: string,
  limit: number,
): { outcome: Promise<InvocationOutcome>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<InvocationOutcome>((done) => {
    timer = setTimeout(() => {
      fn.child.kill('SIGKILL');
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
  return { outcome, cancel: () => clearTimeout(timer) };
}

/** The process ended without posting a result: Lambda reports that as Runtime.ExitError. */
async function exitErrorOutcome(
  fn: FunctionState,
  requestId: string,
  startedAt: number,
  error: Error,
): Promise<InvocationOutcome> {
  const exit = await Promise.race([fn.exited, delay(200, undefined)]);
  if (exit === undefined) throw error;
  const reason =
    exit.exitCode === 0
      ? 'without providing a reason'
      : `with error: ${exit.signal ? `signal: ${exit.signal.toLowerCase()}` : `exit status ${exit.exitCode}`}`;
  return {
    requestId,
    traceHeader: undefined,
    status: 'error',
    error: {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited ${reason}`,
    },
    durationMs: Date.now() - startedAt,
  };
}

/** `invoke()`: one event through the Runtime API, with the lines written meanwhile. */
async function invokeFunction(
  fn: FunctionState,
  event: unknown,
  request: Omit<InvocationRequest, 'event'>,
): Promise<LambdaInvocation> {
  await waitForReady(fn);
  const from = fn.lines.length;
  const requestId = request.requestId ?? randomUUID();
  const timeout = timeoutAfter(fn, requestId, request.timeoutMs ?? fn.timeoutMs);
  const startedAt = Date.now();
  const pending = fn.api
    .invoke({ ...request, requestId, event })
    .catch((error: Error) => exitErrorOutcome(fn, requestId, startedAt, error));
  const outcome = await Promise.race([pending, timeout.outcome]).finally(timeout.cancel);
  // Lines written during the invocation are in the pipes before the runtime posts its result; the
  // runtime asks for the next invocation right after, so waiting for that request (or the exit)
  // lets every one of them arrive.
  await Promise.race([fn.api.nextAfter(outcome.requestId, 1000), fn.exited]);
  await new Promise((done) => setImmediate(done));
  return { ...outcome, lines: fn.lines.slice(from) };
}

/** `close()`: SIGKILL, as Lambda ends an environment, then the Runtime API and the runtime directory. */
async function closeFunction(fn: FunctionState): Promise<Exit> {
  fn.closing = true;
  if (fn.child.exitCode === null && fn.child.signalCode === null) fn.child.kill('SIGKILL');
  const result = await fn.exited;
  await fn.api.close();
  rmSync(fn.runtimeDir, { recursive: true, force: true });
  return result;
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
  const fn = await spawnFunction(options);
  return {
    pid: fn.child.pid,
    api: fn.api,
    env: fn.env,
    lines: fn.lines,
    ready: () => waitForReady(fn),
    invoke: (event, request = {}) => invokeFunction(fn, event, request),
    close: () => closeFunction(fn),
  };
}
