/**
 * An environment variable holds a value its reader cannot accept.
 *
 * @example
 * try { readEnvNumber('POWERTOOLS_PARAMETERS_MAX_AGE', 5); } catch (e) { if (e instanceof EnvVarError) console.error(e.variable); }
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

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
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

/**
 * Reads a boolean variable: true/1/yes/on or false/0/no/off, in any case. Unset or blank gives
 * `fallback`; anything else throws EnvVarError naming the variable and the value.
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
  throw new EnvVarError(name, value, 'expected a boolean (true, false, 1, 0, yes, no, on, off)');
}

/** Bounds for `readEnvNumber`. */
export interface EnvNumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
}

/**
 * Reads a finite number. Unset or blank gives `fallback`; a value that is not a number, or outside
 * the given bounds, throws EnvVarError naming the variable, the value and the rule.
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
  if (!Number.isFinite(parsed)) throw new EnvVarError(name, value, 'expected a finite number');
  if (options.integer === true && !Number.isInteger(parsed)) {
    throw new EnvVarError(name, value, 'expected an integer');
  }
  if (options.min !== undefined && parsed < options.min) {
    throw new EnvVarError(name, value, `expected a number >= ${options.min}`);
  }
  if (options.max !== undefined && parsed > options.max) {
    throw new EnvVarError(name, value, `expected a number <= ${options.max}`);
  }
  return parsed;
}
