import { LogLevelThreshold as L } from './levels.js';
import { EVICTED_NOTICE, OVERSIZED_LINE_NOTICE } from './notices.js';
import type { LoggerScope } from './scope.js';

// Log buffering: lines at or below the buffered level wait in the invocation's scope until the
// handler fails (written) or ends (dropped), as Powertools' logBufferOptions.

/** How a Logger makes and writes lines, for the buffer's own lines and the flush. */
export interface LineSink {
  line(scope: LoggerScope, level: number, input: unknown, extras: readonly unknown[]): string;
  emit(level: number, line: string): void;
}

/**
 * Adds a line to the scope's buffer, evicting the oldest lines beyond `maxBytes`. Returns false,
 * buffering nothing, when the line alone is larger than `maxBytes`.
 *
 * @example
 * if (!bufferLine(scope, line, LogLevelThreshold.DEBUG, 20480)) process.stdout.write(line);
 */
export function bufferLine(scope: LoggerScope, line: string, level: number, maxBytes: number): boolean {
  const size = Buffer.byteLength(line);
  if (size > maxBytes) return false;
  const lines = (scope.bufferLines ??= []);
  const sizes = (scope.bufferSizes ??= []);
  const levels = (scope.bufferLevels ??= []);
  while (lines.length > 0 && scope.bufferBytes + size > maxBytes) {
    lines.shift();
    levels.shift();
    // sizes holds one entry per line, so it is never empty here.
    scope.bufferBytes -= sizes.shift() ?? 0;
    scope.evicted++;
  }
  lines.push(line);
  levels.push(level);
  sizes.push(size);
  scope.bufferBytes += size;
  return true;
}

/**
 * Empties the scope's buffer and returns what it held.
 *
 * @example
 * const { lines, levels, evicted } = takeBuffer(scope);
 */
export function takeBuffer(scope: LoggerScope): { lines: string[]; levels: number[]; evicted: number } {
  const taken = { lines: scope.bufferLines ?? [], levels: scope.bufferLevels ?? [], evicted: scope.evicted };
  scope.bufferLines = undefined;
  scope.bufferSizes = undefined;
  scope.bufferLevels = undefined;
  scope.bufferBytes = 0;
  scope.evicted = 0;
  return taken;
}

/**
 * Buffers `line`; a line larger than the whole buffer is written at once, after a warning giving
 * both sizes, rather than lost.
 *
 * @example
 * bufferOrWrite(sink, scope, 20480, LogLevelThreshold.DEBUG, line);
 */
export function bufferOrWrite(
  sink: LineSink,
  scope: LoggerScope,
  maxBytes: number,
  level: number,
  line: string,
): void {
  if (bufferLine(scope, line, level, maxBytes)) return;
  const sizes = { line_bytes: Buffer.byteLength(line), max_bytes: maxBytes };
  sink.emit(L.WARN, sink.line(scope, L.WARN, OVERSIZED_LINE_NOTICE, [sizes]));
  sink.emit(level, line);
}

/**
 * Writes the buffered lines of `scope`, each to its level's stream, then a warning counting the
 * lines evicted to make room.
 *
 * @example
 * flushBuffered(sink, scope);
 */
export function flushBuffered(sink: LineSink, scope: LoggerScope): void {
  if (scope.bufferLines === undefined && scope.evicted === 0) return;
  const { lines, levels, evicted } = takeBuffer(scope);
  for (let i = 0; i < lines.length; i++) {
    // levels holds one entry per line.
    const line = lines[i];
    const level = levels[i];
    if (line !== undefined && level !== undefined) sink.emit(level, line);
  }
  if (evicted > 0) sink.emit(L.WARN, sink.line(scope, L.WARN, EVICTED_NOTICE, [{ evicted_lines: evicted }]));
}
