// `lambkit-local invoke`: starts what the function asked for (parameters extension, AppConfig agent,
// X-Ray daemon: only on demand, each a local server on 127.0.0.1), runs the handler through the
// Runtime API and lambkit's runtime client as Lambda runs it, prints what it did, and stops it all.
import {
  type AppConfigAgent,
  type LambdaInvocation,
  type LambdaRun,
  type ParametersExtension,
  type ParametersExtensionOptions,
  runLambda,
  startAppConfigAgent,
  startParametersExtension,
  startXrayDaemon,
  type XrayDaemon,
  type XrayDocument,
} from '@lambkit/local';
import { type InvokeCommand, parseArguments, UsageError } from './arguments.js';
import { describeLine, describeTrace, traceRoot } from './report.js';
import { USAGE } from './usage.js';

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Exit codes: a function error is not a wrong command line.
 *
 * @example
 * process.exitCode = EXIT.functionError;
 */
export const EXIT = { ok: 0, functionError: 1, usage: 2 } as const;

/** The local services a command asked for, with the variables that point the function at them. */
interface Services {
  env: Record<string, string>;
  xray: XrayDaemon | undefined;
  close(): Promise<void>;
}

async function startServices(command: InvokeCommand): Promise<Services> {
  const env: Record<string, string> = {};
  const running: Array<ParametersExtension | AppConfigAgent | XrayDaemon> = [];
  let xray: XrayDaemon | undefined;
  if (command.extension !== undefined) {
    const extension = await startParametersExtension(command.extension as ParametersExtensionOptions);
    running.push(extension);
    Object.assign(env, extension.env);
  }
  if (command.appConfig !== undefined) {
    const agent = await startAppConfigAgent({ configurations: command.appConfig });
    running.push(agent);
    Object.assign(env, agent.env);
  }
  if (command.xray) {
    xray = await startXrayDaemon();
    running.push(xray);
    const [host, port] = xray.address.split(':');
    Object.assign(env, {
      AWS_XRAY_DAEMON_ADDRESS: xray.address,
      _AWS_XRAY_DAEMON_ADDRESS: host,
      _AWS_XRAY_DAEMON_PORT: port,
    });
  }
  return {
    env,
    xray,
    close: async () => void (await Promise.all(running.map((service) => service.close()))),
  };
}

/** The segments the function sent, by trace id; UDP datagrams get a moment to arrive. */
async function tracesOf(xray: XrayDaemon | undefined): Promise<Map<string, XrayDocument[]>> {
  const byTrace = new Map<string, XrayDocument[]>();
  if (xray === undefined) return byTrace;
  await new Promise((resolve) => setTimeout(resolve, 150));
  for (const document of xray.documents)
    byTrace.set(document.trace_id, [...(byTrace.get(document.trace_id) ?? []), document]);
  return byTrace;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function printInvocation(
  output: CliOutput,
  title: string,
  outcome: LambdaInvocation,
  traces: XrayDocument[],
): void {
  output.out(`\n--- ${title} (${outcome.durationMs.toFixed(0)} ms)\n`);
  for (const line of outcome.lines) output.out(`${indent(describeLine(line))}\n`);
  for (const line of describeTrace(traces)) output.out(`${indent(line)}\n`);
  if (outcome.status === 'error')
    output.out(`${indent(`error   ${outcome.error?.errorType}: ${outcome.error?.errorMessage}`)}\n`);
  else
    output.out(`${indent(`response ${JSON.stringify(outcome.response ?? outcome.rawResponse, null, 2)}`)}\n`);
}

function printRun(
  output: CliOutput,
  command: InvokeCommand,
  run: LambdaRun,
  traces: Map<string, XrayDocument[]>,
): number {
  if (run.initDurationMs === undefined) {
    output.out(
      `INIT failed: ${run.initError?.errorType ?? 'Error'}: ${run.initError?.errorMessage ?? run.failure?.message}\n`,
    );
    for (const line of run.lines) output.out(`${indent(describeLine(line))}\n`);
    return EXIT.functionError;
  }
  output.out(`INIT ${run.initDurationMs.toFixed(0)} ms (${command.handler})\n`);
  for (const [i, outcome] of run.invocations.entries()) {
    const title = `invocation ${i + 1}: ${command.events[i]?.file ?? '{}'}`;
    printInvocation(output, title, outcome, traces.get(traceRoot(outcome.traceHeader) ?? '') ?? []);
  }
  if (run.failure !== undefined) output.out(`\nstopped: ${run.failure.message}\n`);
  const failed = run.failure !== undefined || run.invocations.some((outcome) => outcome.status === 'error');
  return failed ? EXIT.functionError : EXIT.ok;
}

/** Runs one `invoke` command; resolves with the exit code. */
async function invoke(command: InvokeCommand, output: CliOutput): Promise<number> {
  const services = await startServices(command);
  try {
    const run = await runLambda({
      handler: command.handler,
      taskRoot: command.taskRoot,
      optDir: command.optDir,
      env: { ...services.env, ...command.env },
      timeoutMs: command.timeoutMs,
      memoryMb: command.memoryMb,
      functionName: command.functionName,
      region: command.region,
      events: command.events.length === 0 ? [{}] : command.events.map(({ event }) => event),
    });
    return printRun(output, command, run, await tracesOf(services.xray));
  } finally {
    await services.close();
  }
}

/**
 * The `lambkit-local` command: parses `argv` (without node and the script), runs it, and resolves
 * with the exit code (0, 1 on a function error, 2 on a wrong argument).
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
 */
export async function runCli(argv: string[], output: CliOutput): Promise<number> {
  let command: ReturnType<typeof parseArguments>;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`lambkit-local: ${error.message}\nRun lambkit-local --help for the usage.\n`);
    return EXIT.usage;
  }
  if (command.help) {
    output.out(USAGE);
    return EXIT.ok;
  }
  return invoke(command, output);
}
