/**
 * A Logger option holds a value the Logger cannot accept. The message names the option, the value
 * and the rule, so the fix is obvious from the error alone.
 *
 * @example
 * try { new Logger({ logLevel: 'VERBOSE' as never }); } catch (e) { if (e instanceof LoggerOptionError) e.option; } // 'logLevel'
 */
export class LoggerOptionError extends Error {
  override readonly name = 'LoggerOptionError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`Logger option ${option} has the value ${describe(value)}: ${rule}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function')
    return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
