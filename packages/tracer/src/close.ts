import { writeWarning } from '@lambkit/core';
import type { SegmentLike, SubsegmentLike } from './segment.js';

/**
 * The members of aws-xray-sdk-core's Subsegment used here beyond SubsegmentLike, declared rather
 * than imported: config.ts imports ErrorRecording from this file, and the published types must not
 * depend on the SDK's declarations.
 */
interface SdkSubsegment extends SubsegmentLike {
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: SdkSubsegment[];
}

/** How an error is recorded: with its stack (`cause.exceptions`), or as a bare error flag. */
export type ErrorRecording = 'exception' | 'flag';

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Why a value cannot be serialized, or undefined when it can. */
function serializationProblem(value: unknown): string | undefined {
  try {
    JSON.stringify(value, bigintAsString);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/**
 * Replaces every metadata value of `subsegment` (and of the subsegments still nested in it) that
 * JSON cannot serialize with a string saying why, so the rest of the subsegment is still sent.
 */
function replaceUnserializableMetadata(subsegment: SdkSubsegment): number {
  let replaced = 0;
  const metadata = subsegment.metadata;
  if (metadata !== undefined) {
    for (const entries of Object.values(metadata)) {
      for (const key of Object.keys(entries)) {
        const problem = serializationProblem(entries[key]);
        if (problem === undefined) continue;
        entries[key] = `[lambkit: metadata not serializable: ${problem}]`;
        replaced++;
      }
    }
  }
  for (const child of subsegment.subsegments ?? []) replaced += replaceUnserializableMetadata(child);
  return replaced;
}

/** Sends a closed subsegment again after its metadata was repaired; drops it, with a warning, if it still cannot be sent. */
function resend(subsegment: SdkSubsegment, cause: unknown): void {
  replaceUnserializableMetadata(subsegment);
  try {
    // A subsegment built by hand (new Subsegment()) has no parent to stream it to.
    const parent = subsegment.parent as SegmentLike | undefined;
    if (subsegment.streamSubsegments() && parent) parent.removeSubsegment(subsegment);
  } catch (error) {
    // Left in its parent, it would make the parent unsendable too, and with it the whole trace.
    (subsegment.parent as SegmentLike | undefined)?.removeSubsegment(subsegment);
    writeWarning({
      package: '@lambkit/tracer',
      code: 'TRACER_SUBSEGMENT_NOT_SENT',
      message: `@lambkit/tracer: subsegment ${JSON.stringify(subsegment.name)} could not be serialized and was not sent (${serializationProblem(subsegment) ?? String(error ?? cause)})`,
    });
  }
}

/**
 * Records `error` on `subsegment`: with its stack when `recording` is 'exception' (what
 * POWERTOOLS_TRACER_CAPTURE_ERROR=true asks), else only the error flag.
 *
 * @example
 * recordError(subsegment, new Error('boom'), 'exception');
 */
export function recordError(
  subsegment: SegmentLike,
  error: unknown,
  recording: ErrorRecording,
  remote = false,
): void {
  if (recording === 'flag') {
    subsegment.addErrorFlag();
    return;
  }
  // The SDK only records objects and strings; anything else thrown is recorded as its text.
  const recorded =
    (typeof error === 'object' && error !== null) || typeof error === 'string' ? error : String(error);
  subsegment.addError(recorded as Error | string, remote);
}

/**
 * Closes `subsegment` (once: closing a closed one does nothing), which sends it. Never throws: a
 * metadata value that cannot be serialized is replaced by a note and the subsegment is sent anyway.
 *
 * @example
 * closeSubsegment(subsegment);
 */
export function closeSubsegment(subsegment: SubsegmentLike): void {
  if (subsegment.isClosed()) return;
  try {
    subsegment.close();
  } catch (error) {
    resend(subsegment as SdkSubsegment, error);
  }
}

/**
 * Closes every subsegment under `subsegment` still open (a call that never completed, a promise
 * nobody awaited), deepest first. A closed subsegment with an open child is never sent by the SDK, so
 * this runs before the handler subsegment closes: nothing recorded during the invocation is lost.
 *
 * @example
 * closeOpenDescendants(handlerSubsegment);
 */
export function closeOpenDescendants(subsegment: SubsegmentLike): void {
  const children = (subsegment as SdkSubsegment).subsegments;
  if (children === undefined || children.length === 0) return;
  for (const child of children.slice()) {
    closeOpenDescendants(child);
    closeSubsegment(child);
  }
}
