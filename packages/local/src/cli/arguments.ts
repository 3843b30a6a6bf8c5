// The arguments of `lambkit-local invoke`, checked before anything starts: a wrong one fails at once,
// naming the argument, the value and the rule.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';

/**
 * A wrong command line; the message names the argument, the value and the rule.
 *
 * @example
 * new UsageError('--timeout "0": must be a number from 1 to 900');
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What `lambkit-local invoke` was asked to do. */
export interface InvokeCommand {
  /** Lambda's handler setting, relative to the task root: 'dist/app.handler'. */
  handler: string;
  taskRoot: string;
  optDir: string | undefined;
  /** The events, in order (the first is the cold start); their files, for the report. */
  events: Array<{ file: string; event: unknown }>;
  env: Record<string, string>;
  timeoutMs: number;
  memoryMb: number;
  functionName: string | undefined;
  region: string | undefined;
  /** Seeds of the parameters extension, when --extension was given. */
  extension: { parameters?: Record<string, unknown>; secrets?: Record<string, unknown> } | undefined;
  /** Configurations of the AppConfig agent by 'application/environment/profile', when --appconfig was given. */
  appConfig: Record<string, string> | undefined;
  xray: boolean;
}

/** The command line: a request for help, or an invocation. */
export type CliCommand = { help: true } | ({ help: false } & InvokeCommand);

const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const EXPORT_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VALUE_OPTIONS = new Set([
  '--event',
  '--env',
  '--timeout',
  '--memory',
  '--function-name',
  '--region',
  '--task-root',
  '--opt-dir',
  '--extension',
  '--appconfig',
]);

function usageError(argument: string, value: unknown, rule: string): UsageError {
  return new UsageError(`${argument} ${JSON.stringify(value)}: ${rule}`);
}

function readJsonFile(argument: string, file: string): unknown {
  if (!existsSync(file) || !statSync(file).isFile())
    throw usageError(argument, file, 'must be a JSON file that exists');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw usageError(argument, file, `must hold JSON (${(error as Error).message})`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseNumber(
  argument: string,
  text: string,
  rule: { min: number; max: number; integer: boolean },
): number {
  const value = Number(text);
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    value >= rule.min &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value));
  if (!ok)
    throw usageError(
      argument,
      text,
      `must be ${rule.integer ? 'an integer' : 'a number'} from ${rule.min} to ${rule.max}`,
    );
  return value;
}

function parseEnv(text: string, env: Record<string, string>): void {
  const equals = text.indexOf('=');
  const name = equals === -1 ? text : text.slice(0, equals);
  if (equals === -1 || !ENV_NAME.test(name))
    throw usageError(
      '--env',
      text,
      'must be NAME=value, NAME made of letters, digits and _ (not first a digit)',
    );
  env[name] = text.slice(equals + 1);
}

/** `<file>[:export]`: the handler setting and task root Lambda would have. */
function parseHandler(
  text: string,
  taskRootOption: string | undefined,
): { handler: string; taskRoot: string } {
  const colon = text.lastIndexOf(':');
  const file = resolve(colon === -1 ? text : text.slice(0, colon));
  const exportPath = colon === -1 ? 'handler' : text.slice(colon + 1);
  if (!EXPORT_PATH.test(exportPath))
    throw usageError(
      '<handler>',
      text,
      'the export after ":" must be a name or a dotted path (handler, handlers.orders)',
    );
  if (!HANDLER_EXTENSIONS.includes(extname(file)))
    throw usageError('<handler>', text, 'must be a .js, .mjs or .cjs file (build TypeScript first)');
  if (!existsSync(file) || !statSync(file).isFile())
    throw usageError('<handler>', text, 'must be a file that exists');
  const taskRoot = resolve(taskRootOption ?? dirname(file));
  const inRoot = relative(taskRoot, file);
  if (inRoot.startsWith(`..${sep}`) || inRoot === '..')
    throw usageError('--task-root', taskRootOption, `must be a directory holding the handler file ${file}`);
  return { handler: `${inRoot.slice(0, -extname(inRoot).length)}.${exportPath}`, taskRoot };
}

function parseExtensionSeeds(file: string): NonNullable<InvokeCommand['extension']> {
  const seeds = readJsonFile('--extension', file);
  const rule = 'must hold { "parameters": { name: value }, "secrets": { name: value } }';
  if (!isPlainObject(seeds)) throw usageError('--extension', file, rule);
  for (const [key, value] of Object.entries(seeds))
    if (!['parameters', 'secrets'].includes(key) || !isPlainObject(value))
      throw usageError('--extension', file, `${rule}; found "${key}"`);
  return seeds;
}

function parseAppConfigSeeds(file: string): Record<string, string> {
  const seeds = readJsonFile('--appconfig', file);
  if (!isPlainObject(seeds))
    throw usageError('--appconfig', file, 'must hold { "application/environment/profile": configuration }');
  const configurations: Record<string, string> = {};
  for (const [path, value] of Object.entries(seeds)) {
    if (path.split('/').length !== 3 || path.split('/').includes(''))
      throw usageError(
        '--appconfig',
        file,
        `keys must be "application/environment/profile"; found "${path}"`,
      );
    // A string is the configuration's text as it is; any other JSON value is sent as its JSON text.
    configurations[path] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return configurations;
}

function existingDirectory(argument: string, dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw usageError(argument, dir, 'must be a directory that exists');
  return resolve(dir);
}

/** Splits `argv` into options with their values, flags and positionals, rejecting what is unknown. */
function scan(argv: string[]): { values: Map<string, string[]>; flags: Set<string>; positionals: string[] } {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const equals = arg.indexOf('=');
    const name = arg.startsWith('--') && equals !== -1 ? arg.slice(0, equals) : arg;
    if (VALUE_OPTIONS.has(name)) {
      const value = equals !== -1 && name !== arg ? arg.slice(equals + 1) : argv[++i];
      if (value === undefined) throw usageError(name, null, 'needs a value');
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (arg === '--xray' || arg === '--help' || arg === '-h') flags.add(arg === '-h' ? '--help' : arg);
    else if (arg.startsWith('-'))
      throw usageError('option', arg, 'is not an option of lambkit-local (see --help)');
    else positionals.push(arg);
  }
  return { values, flags, positionals };
}

function single(values: Map<string, string[]>, name: string): string | undefined {
  const given = values.get(name);
  if (given !== undefined && given.length > 1) throw usageError(name, given, 'may be given once');
  return given?.[0];
}

/**
 * Parses `lambkit-local` arguments (without the node and script paths).
 *
 * @example
 * parseArguments(['invoke', 'dist/app.mjs:handler', '--event', 'events/order.json', '--xray']);
 */
export function parseArguments(argv: string[]): CliCommand {
  const { values, flags, positionals } = scan(argv);
  if (flags.has('--help')) return { help: true };
  const [command, handlerText, ...extra] = positionals;
  if (command === undefined)
    throw usageError('command', null, 'is required: lambkit-local invoke <handler-file>[:export]');
  if (command !== 'invoke') throw usageError('command', command, 'must be "invoke"');
  if (handlerText === undefined) throw usageError('<handler>', null, 'is required: <handler-file>[:export]');
  if (extra.length > 0) throw usageError('argument', extra[0], 'is not expected: give one handler');
  const taskRootOption = single(values, '--task-root');
  if (taskRootOption !== undefined) existingDirectory('--task-root', taskRootOption);
  const optDir = single(values, '--opt-dir');
  const env: Record<string, string> = {};
  for (const text of values.get('--env') ?? []) parseEnv(text, env);
  const timeout = single(values, '--timeout');
  const memory = single(values, '--memory');
  const extension = single(values, '--extension');
  const appConfig = single(values, '--appconfig');
  return {
    help: false,
    ...parseHandler(handlerText, taskRootOption),
    optDir: optDir === undefined ? undefined : existingDirectory('--opt-dir', optDir),
    events: (values.get('--event') ?? []).map((file) => ({ file, event: readJsonFile('--event', file) })),
    env,
    timeoutMs:
      timeout === undefined
        ? 3000
        : parseNumber('--timeout', timeout, { min: 1, max: 900, integer: false }) * 1000,
    memoryMb:
      memory === undefined ? 128 : parseNumber('--memory', memory, { min: 128, max: 10_240, integer: true }),
    functionName: single(values, '--function-name'),
    region: single(values, '--region'),
    extension: extension === undefined ? undefined : parseExtensionSeeds(extension),
    appConfig: appConfig === undefined ? undefined : parseAppConfigSeeds(appConfig),
    xray: flags.has('--xray'),
  };
}
