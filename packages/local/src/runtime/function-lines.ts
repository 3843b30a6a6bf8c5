import type { ChildProcess } from 'node:child_process';

/** One output line of the function, parsed as JSON where it is JSON. */
export interface FunctionLine {
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document that tests read by field
  json: any;
  stream: 'stdout' | 'stderr';
  at: number;
}

/**
 * A line of output, parsed as JSON where it is JSON.
 *
 * @example
 * parseLine('{"level":"INFO"}', 'stdout').json; // { level: 'INFO' }
 */
export function parseLine(text: string, stream: FunctionLine['stream']): FunctionLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { text, json, stream, at: Date.now() };
}

/**
 * Appends each line the child writes on stdout and stderr to `lines`, in arrival order.
 *
 * @example
 * collectLines(spawn(process.execPath, ['app.js']), lines);
 */
export function collectLines(child: ChildProcess, lines: FunctionLine[]): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    let partial = '';
    const source = child[stream];
    source?.setEncoding('utf8');
    source?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) if (part !== '') lines.push(parseLine(part, stream));
    });
    source?.on('end', () => {
      if (partial !== '') lines.push(parseLine(partial, stream));
      partial = '';
    });
  }
}

/**
 * The last lines, for an error message about a process that failed.
 *
 * @example
 * new Error(`the function process exited\n${tail(lines)}`);
 */
export function tail(lines: FunctionLine[]): string {
  return lines
    .slice(-8)
    .map((line) => `  ${line.stream}: ${line.text}`)
    .join('\n');
}
