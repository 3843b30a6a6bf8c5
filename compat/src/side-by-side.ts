/**
 * Runs one handler through Powertools and through lambkit with the same event, context and
 * environment, and turns what differs in their output into gap ids for compat/differences.json.
 */
import { captureOutput } from '@lambkit/testing';

/** Keys whose values differ by nature between two runs. */
const VOLATILE_KEYS = new Set(['timestamp', 'Timestamp', 'Trace_ID']);

export interface Lines {
  /** Every JSON line, stdout and stderr, in the order each stream wrote them. */
  lines: Record<string, unknown>[];
  /** Which stream each line was written to. */
  streams: ('stdout' | 'stderr')[];
}

/** Runs fn and returns the JSON lines it wrote, stdout first, then stderr. */
export async function jsonLines(fn: () => unknown): Promise<Lines> {
  const captured = await captureOutput(fn);
  if (captured.error !== undefined) throw captured.error;
  const stdout = captured.stdoutLines.filter((line) => line.json !== undefined);
  const stderr = captured.stderrLines.filter((line) => line.json !== undefined);
  return {
    lines: [...stdout, ...stderr].map((line) => line.json as Record<string, unknown>),
    streams: [...stdout.map(() => 'stdout' as const), ...stderr.map(() => 'stderr' as const)],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The paths at which two JSON values differ (`error.stack`, `function_memory_size`), keys of
 * VOLATILE_KEYS aside. Objects are compared key by key, anything else as JSON text.
 */
export function differingPaths(theirs: unknown, ours: unknown, path = ''): string[] {
  if (isObject(theirs) && isObject(ours)) {
    const keys = new Set([...Object.keys(theirs), ...Object.keys(ours)]);
    return [...keys]
      .filter((key) => !VOLATILE_KEYS.has(key))
      .flatMap((key) => differingPaths(theirs[key], ours[key], path === '' ? key : `${path}.${key}`));
  }
  return JSON.stringify(theirs) === JSON.stringify(ours) ? [] : [path];
}

/**
 * Pairs the lines of both runs by their message (or by position when there is none) and returns
 * the gap ids `<package>:output:<path>` for every path where a pair differs, `:output:lines` when
 * one run wrote a line the other did not, `:output:stream:<level>` when the streams differ.
 */
export function outputGaps(name: string, theirs: Lines, ours: Lines): string[] {
  const gaps = new Set<string>();
  const unmatched = new Set(ours.lines.keys());
  theirs.lines.forEach((their, index) => {
    const match = [...unmatched].find((candidate) => sameLine(their, ours.lines[candidate]));
    if (match === undefined) {
      gaps.add(`${name}:output:lines`);
      return;
    }
    unmatched.delete(match);
    for (const path of differingPaths(their, ours.lines[match])) gaps.add(`${name}:output:${path}`);
    if (theirs.streams[index] !== ours.streams[match]) {
      gaps.add(`${name}:output:stream:${String(their.level ?? 'EMF')}`);
    }
  });
  if (unmatched.size > 0) gaps.add(`${name}:output:lines`);
  return [...gaps].sort();
}

function sameLine(theirs: Record<string, unknown>, ours: Record<string, unknown> | undefined): boolean {
  if (ours === undefined) return false;
  if ('message' in theirs || 'message' in ours) return theirs.message === ours.message;
  return JSON.stringify(Object.keys(theirs).sort()) === JSON.stringify(Object.keys(ours).sort());
}
