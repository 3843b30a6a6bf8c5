import { LogLevelThreshold as L } from './levels.js';
import { EVICTED_NOTICE, OVERSIZED_LINE_NOTICE } from './notices.js';
import type { LineBuffer, LoggerScope } from './scope.js';

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
  const buffer = (scope.buffer ??= { lines: [], bytes: 0, evicted: 0 });
  const lines = buffer.lines;
  while (lines.length > 0 && buffer.bytes + size > maxBytes) {
    // The loop runs only while lines is not empty.
    buffer.bytes -= lines.shift()?.size ?? 0;
    buffer.evicted++;
  }
  lines.push({ line, level, size });
  buffer.bytes += size;
  return true;
}

/**
 * Empties the scope's buffer and returns what it held, undefined when nothing.
 *
 * @example
 * const held = takeBuffer(scope);
 */
export function takeBuffer(scope: LoggerScope): LineBuffer | undefined {
  const buffer = scope.buffer;
  scope.buffer = undefined;
  return buffer;
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
  const buffer = takeBuffer(scope);
  if (buffer === undefined) return;
  for (const { line, level } of buffer.lines) sink.emit(level, line);
  const evicted = buffer.evicted;
  if (evicted > 0) sink.emit(L.WARN, sink.line(scope, L.WARN, EVICTED_NOTICE, [{ evicted_lines: evicted }]));
}
