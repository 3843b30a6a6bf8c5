/** One line written during `captureOutput`: its text, and its JSON value when it parses as JSON. */
export interface CapturedLine {
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document that tests read by field
  json: any;
}

/** What `captureOutput` saw. */
export interface CapturedOutput<T> {
  result: T;
  /** Lines written to stdout, parsed as JSON where they are JSON (else the text). */
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document that tests read by field
  stdout: any[];
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document that tests read by field
  stderr: any[];
  /** The same lines with their raw text. */
  stdoutLines: CapturedLine[];
  stderrLines: CapturedLine[];
  /** When fn threw or rejected: what it threw. The output is still returned. */
  error?: unknown;
}

type Write = typeof process.stdout.write;

function parseLines(chunks: string[]): CapturedLine[] {
  const lines: CapturedLine[] = [];
  for (const line of chunks.join('').split('\n')) {
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    lines.push({ text: line, json });
  }
  return lines;
}

function interceptor(chunks: string[]): Write {
  return function capturedWrite(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') done();
    return true;
  } as Write;
}

/**
 * Runs `fn` (sync or async) and returns every line it wrote to stdout and stderr, each parsed as
 * JSON where it is JSON. Nothing reaches the terminal meanwhile. When fn throws, the output is still
 * returned, with the error under `error`.
 *
 * @example
 * const { stdout } = await captureOutput(() => logger.info('hello'));
 * stdout[0].message; // 'hello'
 */
export async function captureOutput<T>(fn: () => T | Promise<T>): Promise<CapturedOutput<T | undefined>> {
  const out: string[] = [];
  const err: string[] = [];
  const originalOut = process.stdout.write;
  const originalErr = process.stderr.write;
  process.stdout.write = interceptor(out);
  process.stderr.write = interceptor(err);
  let result: T | undefined;
  let error: unknown;
  let failed = false;
  try {
    result = await fn();
  } catch (e) {
    failed = true;
    error = e;
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  const stdoutLines = parseLines(out);
  const stderrLines = parseLines(err);
  const captured: CapturedOutput<T | undefined> = {
    result,
    stdout: stdoutLines.map((line) => line.json ?? line.text),
    stderr: stderrLines.map((line) => line.json ?? line.text),
    stdoutLines,
    stderrLines,
  };
  if (failed) captured.error = error;
  return captured;
}
