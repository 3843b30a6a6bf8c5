import { isThenable, type LambdaContext } from '@lambkit/core';
import { openHandlerSubsegment, openSubsegment, runWithSegment } from './active-segment.js';
import { closeOpenDescendants, closeSubsegment, recordError } from './close.js';
import type { TracerSettings } from './config.js';
import type { SegmentLike, SubsegmentLike } from './segment.js';

function succeed(
  settings: TracerSettings,
  subsegment: SubsegmentLike,
  value: unknown,
  responseKey: string | undefined,
  isHandler: boolean,
): void {
  if (responseKey !== undefined && value !== undefined) {
    subsegment.addMetadata(responseKey, value, settings.serviceName);
  }
  if (isHandler) closeOpenDescendants(subsegment);
  closeSubsegment(subsegment);
}

function fail(
  settings: TracerSettings,
  subsegment: SubsegmentLike,
  error: unknown,
  isHandler: boolean,
): void {
  recordError(subsegment, error, settings.errorRecording);
  if (isHandler) closeOpenDescendants(subsegment);
  closeSubsegment(subsegment);
}

/** What a handler subsegment is opened with: the invocation's context and event, and whether it is the cold start. */
export interface HandlerInvocation {
  context: LambdaContext | undefined;
  event: unknown;
  coldStart: boolean;
}

/**
 * Runs `fn` (sync or async) inside a new subsegment `name` opened under `parent`, and returns what
 * it returns, sync results staying sync. The result is recorded as metadata `responseKey` (when one
 * is given and the result is not undefined), a thrown error or rejection on the subsegment, which is
 * closed either way. Shared by `tracer.subsegment()` and the decorators. Given `handler`, it is
 * a handler subsegment: it gets the ColdStart and Service annotations as it opens, and closes
 * whatever was left open under it before it closes itself, so nothing recorded is lost.
 *
 * @example
 * runTraced(settings, parent, '### charge', () => charge(order), 'charge response');
 */
export function runTraced<T>(
  settings: TracerSettings,
  parent: SegmentLike,
  name: string,
  fn: () => T,
  responseKey: string | undefined,
  handler?: HandlerInvocation,
): T {
  const isHandler = handler !== undefined;
  const subsegment = isHandler
    ? openHandlerSubsegment(parent, name, handler.context, handler.event, handler.coldStart)
    : openSubsegment(parent, name);
  if (isHandler) {
    subsegment.addAnnotation('ColdStart', handler.coldStart);
    subsegment.addAnnotation('Service', settings.serviceName);
  }
  let result: T;
  try {
    result = runWithSegment(subsegment, fn);
  } catch (error) {
    fail(settings, subsegment, error, isHandler);
    throw error;
  }
  if (!isThenable(result)) {
    succeed(settings, subsegment, result, responseKey, isHandler);
    return result;
  }
  return result.then(
    (value) => {
      succeed(settings, subsegment, value, responseKey, isHandler);
      return value;
    },
    (error: unknown) => {
      fail(settings, subsegment, error, isHandler);
      throw error;
    },
  ) as T;
}
