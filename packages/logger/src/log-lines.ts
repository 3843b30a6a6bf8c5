import type { LoggerConfig } from './config.js';
import { LineFormatter } from './format.js';
import { FORMAT_LINE, type FormatterSettings, type FormatterWithLine } from './formatter/format-line.js';
import type { LineSink } from './log-buffer.js';
import { reservedKeyNotice } from './notices.js';
import { orderLine } from './record-order.js';
import type { LoggerScope } from './scope.js';
import { writeDevLine, writeLine } from './write.js';

/**
 * How a Logger turns a call into text and writes it, decided once from its config: the default
 * format (LineFormatter), a custom logFormatter (falling back to the default format, with one
 * warning, when it throws), logRecordOrder, and POWERTOOLS_DEV's indented lines through the console.
 *
 * @example
 * const lines = new LogLines(resolveConfig({ serviceName: 'orders' }), (message) => warnOnce(message));
 * lines.emit(LogLevelThreshold.INFO, lines.line(scope, LogLevelThreshold.INFO, 'order placed', []));
 */
export class LogLines implements LineSink {
  /** The default format, which also holds the persistent keys. */
  readonly format: LineFormatter;
  /** A custom formatter's settings; undefined for the default format. */
  readonly #formatter: FormatterSettings | undefined;
  readonly #recordOrder: string[] | undefined;
  readonly #pretty: boolean;

  constructor(config: LoggerConfig, warnOnce: (message: string) => void) {
    this.format = new LineFormatter(config, (key) => warnOnce(reservedKeyNotice(key)));
    this.#recordOrder = config.recordOrder;
    this.#pretty = config.pretty;
    const formatter = config.formatter;
    this.#formatter = formatter === undefined ? undefined : { ...config, formatter, warnOnce };
  }

  /** The line, with its newline, of a call at `level` in `scope`. */
  line(scope: LoggerScope, level: number, input: unknown, extras: readonly unknown[]): string {
    if (this.#formatter !== undefined) {
      const settings = this.#formatter;
      const write = (settings.formatter as unknown as FormatterWithLine)[FORMAT_LINE];
      const line = write(settings, this.format, scope, level, input, extras);
      if (line !== undefined) return line;
    }
    const line = this.format.line(scope, level, input, extras);
    return this.#recordOrder === undefined ? line : orderLine(line, this.#recordOrder);
  }

  /** Writes `line` to the stream of `level` (stderr from WARN up), or through the console in dev mode. */
  emit(level: number, line: string): void {
    if (this.#pretty) writeDevLine(level, line);
    else writeLine(level, line);
  }
}
