import { LogLevelThreshold as L } from './levels.js';

/**
 * Writes one JSON line (with its newline) as Powertools does: WARN, ERROR and CRITICAL to stderr,
 * the other levels to stdout, each with one synchronous write. Lambda sends both streams to the
 * same log stream; a test or a local run can tell them apart, as with Powertools.
 *
 * @example
 * writeLine(LogLevelThreshold.ERROR, '{"level":"ERROR",...}\n'); // to stderr
 */
export function writeLine(level: number, line: string): void {
  if (level >= L.WARN) process.stderr.write(line);
  else process.stdout.write(line);
}

// An Error as the serializer writes it: these keys, the stack a string.
function isErrorRecord(holder: Record<string, unknown>): boolean {
  return 'name' in holder && 'location' in holder && 'message' in holder;
}

/** JSON.parse reviver: an error's stack as an array of lines, as Powertools prints it in dev mode. */
function stackLines(this: Record<string, unknown>, key: string, value: unknown): unknown {
  return key === 'stack' && typeof value === 'string' && isErrorRecord(this) ? value.split('\n') : value;
}

/**
 * Writes a line in POWERTOOLS_DEV mode as Powertools does: through the global console's method for
 * the level (read at each call, so a test's spy on console.info sees it), indented by 4 spaces,
 * with each error's stack as an array of lines.
 *
 * @example
 * writeDevLine(LogLevelThreshold.INFO, line); // console.info('{\n    "level": "INFO", ...')
 */
export function writeDevLine(level: number, line: string): void {
  const text = JSON.stringify(JSON.parse(line, stackLines), null, 4);
  if (level >= L.ERROR) console.error(text);
  else if (level >= L.WARN) console.warn(text);
  else if (level >= L.INFO) console.info(text);
  else if (level >= L.DEBUG) console.debug(text);
  // Powertools prints TRACE with console.log: console.trace would add a stack trace.
  else console.log(text);
}
