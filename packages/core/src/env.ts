import { writeWarning } from './warn.js';

/**
 * An environment variable holds a value its reader cannot accept. lambkit's own readers never throw
 * it (an invalid value warns and falls back, so INIT goes on); throw it from your code for a
 * variable your function cannot run without.
 *
 * @example
 * const table = readEnvString('ORDERS_TABLE');
 * if (table === undefined) throw new EnvVarError('ORDERS_TABLE', '', 'required (template.yaml sets it)');
 */
export class EnvVarError extends Error {
  override readonly name = 'EnvVarError';
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`Environment variable ${variable} has the value ${JSON.stringify(shorten(value))}: ${rule}`);
  }
}

// Long enough to recognise a value, short enough that a pasted document does not flood the log.
function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

/**
 * Warns, once per process for each variable and value, that a variable holds a value its reader
 * cannot accept and what is used instead (`fallback`; undefined: the variable is ignored, as if
 * unset). The value is shortened to 80 characters. For readers of variables lambkit does not parse
 * itself, so every package words this warning the same way. The line is `writeWarning`'s, with the
 * code `CORE_INVALID_ENV` and the keys `variable`, `value` and `fallback`.
 *
 * @example
 * warnInvalidEnv('POWERTOOLS_LOG_LEVEL', 'verbose', 'expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT', 'INFO');
 */
export function warnInvalidEnv(
  variable: string,
  value: string,
  rule: string,
  fallback: string | undefined,
): void {
  const shown = shorten(value);
  const instead = fallback === undefined ? 'ignoring it, as if it were unset' : `using ${fallback} instead`;
  writeWarning({
    package: '@lambkit/core',
    code: 'CORE_INVALID_ENV',
    message: `Environment variable ${variable} has the value ${JSON.stringify(shown)}: ${rule}; ${instead}. Set a valid value or unset the variable.`,
    fields: { variable, value: shown, fallback },
    onceKey: `env:${variable}=${value}`,
  });
}

function raw(name: string): string | undefined {
  const value = process.env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads a string variable; unset or blank gives `fallback`.
 *
 * @example
 * const region = readEnvString('AWS_REGION', 'us-east-1');
 */
export function readEnvString(name: string): string | undefined;
export function readEnvString(name: string, fallback: string): string;
export function readEnvString(name: string, fallback?: string): string | undefined {
  return raw(name) ?? fallback;
}

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off']);
const BOOLEAN_RULE = 'expected a boolean (true, false, 1, 0, yes, no, on, off)';

/**
 * Reads a boolean variable: true/1/yes/on or false/0/no/off, in any case. Unset or blank gives
 * `fallback`; anything else gives `fallback` too, with one warning (per process) naming the
 * variable, the value and the fallback.
 *
 * @example
 * const enabled = readEnvBoolean('POWERTOOLS_TRACE_ENABLED', true);
 */
export function readEnvBoolean(name: string, fallback: boolean): boolean;
export function readEnvBoolean(name: string, fallback?: boolean): boolean | undefined;
export function readEnvBoolean(name: string, fallback?: boolean): boolean | undefined {
  const value = raw(name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (TRUE_VALUES.has(lower)) return true;
  if (FALSE_VALUES.has(lower)) return false;
  return invalid(name, value, BOOLEAN_RULE, fallback);
}

/** Bounds for `readEnvNumber`. */
export interface EnvNumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
}

function numberRule(parsed: number, options: EnvNumberOptions): string | undefined {
  if (!Number.isFinite(parsed)) return 'expected a finite number';
  if (options.integer === true && !Number.isInteger(parsed)) return 'expected an integer';
  if (options.min !== undefined && parsed < options.min) return `expected a number >= ${options.min}`;
  if (options.max !== undefined && parsed > options.max) return `expected a number <= ${options.max}`;
  return undefined;
}

/**
 * Reads a finite number. Unset or blank gives `fallback`; a value that is not a number, or outside
 * the given bounds, gives `fallback` too, with one warning (per process) naming the variable, the
 * value, the rule and the fallback.
 *
 * @example
 * const maxAge = readEnvNumber('POWERTOOLS_PARAMETERS_MAX_AGE', 5, { min: 0 });
 */
export function readEnvNumber(name: string, fallback: number, options?: EnvNumberOptions): number;
export function readEnvNumber(
  name: string,
  fallback?: number,
  options?: EnvNumberOptions,
): number | undefined;
export function readEnvNumber(
  name: string,
  fallback?: number,
  options: EnvNumberOptions = {},
): number | undefined {
  const value = raw(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  const broken = numberRule(parsed, options);
  return broken === undefined ? parsed : invalid(name, value, broken, fallback);
}

function invalid<T extends boolean | number>(
  name: string,
  value: string,
  rule: string,
  fallback: T | undefined,
): T | undefined {
  warnInvalidEnv(name, value, rule, fallback === undefined ? undefined : String(fallback));
  return fallback;
}
