import { getInvocationState, type InvocationState, type LambdaContext, writeWarning } from '@lambkit/core';
import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import { faasAttributes } from './faas-attributes.js';
import type { SegmentLike, SubsegmentLike } from './segment.js';
import { type TraceRecorder, tracerSharedState } from './shared-state.js';
import { isSpanParent, SPAN_KIND, type SpanSegment } from './span-segment.js';

/** The segment made active for the whole invocation (the handler subsegment, or `setSegment`). */
export const ACTIVE_KEY = Symbol.for('@lambkit/tracer.active');
/**
 * The trace header ACTIVE_KEY was set under. Without lambkit's middleware nothing starts a new
 * invocation state, so a segment made active by hand (Powertools' manual pattern ends with
 * `setSegment(facade)`) would otherwise outlive its invocation and parent the next one's subsegments.
 */
const ACTIVE_TRACE_KEY = Symbol.for('@lambkit/tracer.activeTrace');
/** The invocation's facade segment and the trace header it was built from. */
const FACADE_KEY = Symbol.for('@lambkit/tracer.facade');

interface CachedFacade {
  traceHeader: string | undefined;
  segment: SegmentLike | undefined;
}

function invocationTraceHeader(state: InvocationState): string | undefined {
  return state.traceId ?? process.env._X_AMZN_TRACE_ID;
}

/**
 * Makes `segment` the active one for the rest of the invocation in progress (undefined: none).
 *
 * @example
 * setInvocationSegment(getInvocationState(), handlerSubsegment);
 */
export function setInvocationSegment(state: InvocationState, segment: SegmentLike | undefined): void {
  state[ACTIVE_KEY] = segment;
  state[ACTIVE_TRACE_KEY] = invocationTraceHeader(state);
}

/**
 * The root segment of the invocation in progress (X-Ray's facade, or the span context it stands for
 * in OpenTelemetry mode), built on first use from its trace header (the invocation store's, else
 * _X_AMZN_TRACE_ID). Undefined when the invocation is not traced (no trace header).
 *
 * @example
 * const facade = invocationFacade(getInvocationState(), recorder);
 */
export function invocationFacade(state: InvocationState, recorder: TraceRecorder): SegmentLike | undefined {
  const header = invocationTraceHeader(state);
  const traceHeader = header === '' ? undefined : header;
  const cached = state[FACADE_KEY] as CachedFacade | undefined;
  if (cached !== undefined && cached.traceHeader === traceHeader && cached.segment !== undefined) {
    return cached.segment;
  }
  const segment = recorder.createRoot(traceHeader);
  state[FACADE_KEY] = { traceHeader, segment } satisfies CachedFacade;
  return segment;
}

/**
 * The segment new subsegments nest under: the innermost `tracer.subsegment()` scope, else the
 * invocation's active segment (the handler subsegment), else the invocation's facade. Undefined when
 * the SDK is not loaded or the invocation is not traced.
 *
 * @example
 * const parent = activeSegment();
 * parent?.addNewSubsegment('work');
 */
export function activeSegment(): SegmentLike | undefined {
  const shared = tracerSharedState();
  if (shared.recorder === undefined) return undefined;
  const scope = shared.scopes?.getStore();
  if (scope !== undefined) return scope.segment;
  const state = getInvocationState();
  const active = state[ACTIVE_KEY] as SegmentLike | undefined;
  if (active !== undefined && state[ACTIVE_TRACE_KEY] === invocationTraceHeader(state)) return active;
  return invocationFacade(state, shared.recorder);
}

/**
 * Makes `segment` the active one: in the innermost `tracer.subsegment()` scope when inside one, else
 * for the rest of the invocation.
 *
 * @example
 * setActiveSegment(handlerSubsegment);
 */
export function setActiveSegment(segment: SegmentLike | undefined): void {
  const scope = tracerSharedState().scopes?.getStore();
  if (scope !== undefined && segment !== undefined) scope.segment = segment;
  else setInvocationSegment(getInvocationState(), segment);
}

/**
 * Runs `fn` with `segment` active for it and everything it starts (async continuations included).
 *
 * @example
 * runWithSegment(subsegment, () => doWork());
 */
export function runWithSegment<T>(segment: SubsegmentLike, fn: () => T): T {
  const scopes = tracerSharedState().scopes;
  if (scopes === undefined) return fn();
  // A span is made active in OpenTelemetry's context too, so other instrumentation nests under it.
  if (isSpanParent(segment)) return scopes.run({ segment }, withSpanContext, segment as SpanSegment, fn);
  return scopes.run({ segment }, fn);
}

function withSpanContext<T>(segment: SpanSegment, fn: () => T): T {
  return segment.withContext(fn);
}

/**
 * True for the invocation's facade segment (the one Lambda sends), which cannot hold data.
 *
 * @example
 * if (isFacade(segment)) return undefined; // annotate a subsegment instead
 */
export function isFacade(segment: SegmentLike): boolean {
  return (segment as { facade?: boolean }).facade === true;
}

/**
 * The active segment or subsegment when it can hold data. The facade segment Lambda sends cannot:
 * then undefined, with a warning each time (each is an annotation, metadata or error not recorded),
 * as Powertools warns.
 *
 * @example
 * dataSegment('annotation')?.addAnnotation('orderId', 'o-1');
 */
export function dataSegment(what: string): SegmentLike | undefined {
  const segment = activeSegment();
  if (segment === undefined || !isFacade(segment)) return segment;
  writeWarning({
    package: '@lambkit/tracer',
    code: 'TRACER_FACADE_SEGMENT',
    message: `@lambkit/tracer: ${what} ignored: the active segment is the one Lambda sends, which cannot be annotated; add it inside a subsegment`,
  });
  return undefined;
}

/**
 * The trace header to send downstream for a call recorded as `subsegment`, or undefined where the
 * invocation only passes its trace through (Root without Parent and Sampled).
 *
 * @example
 * request.setHeader('X-Amzn-Trace-Id', downstreamTraceHeader(subsegment));
 */
export function downstreamTraceHeader(subsegment: Subsegment): string | undefined {
  if ((subsegment as { noOp?: boolean }).noOp === true) return undefined;
  const root = subsegment.segment as Segment & { additionalTraceData?: Record<string, string> };
  let header = `Root=${root.trace_id};Parent=${subsegment.id};Sampled=${subsegment.notTraced ? '0' : '1'}`;
  const extra = root.additionalTraceData;
  if (extra !== undefined) for (const key in extra) header += `;${key}=${extra[key]}`;
  return header;
}

/**
 * Opens a subsegment under `parent`, unsampled where the parent is.
 *
 * @example
 * const subsegment = openSubsegment(parent, 'SSM');
 */
export function openSubsegment(parent: SegmentLike, name: string): Subsegment {
  if (isSpanParent(parent)) return parent.startChild(name, SPAN_KIND.INTERNAL) as unknown as Subsegment;
  // The active segment is always the SDK's: the facade, a subsegment it made, or one the user made with it.
  const subsegment = parent.notTraced
    ? parent.addNewSubsegmentWithoutSampling(name)
    : parent.addNewSubsegment(name);
  return subsegment as Subsegment;
}

/**
 * Opens the handler subsegment `name` of an invocation under `parent`: in OpenTelemetry mode a
 * SERVER span with the FaaS attributes of `context` and `event` (the trigger, where known).
 *
 * @example
 * const handlerSubsegment = openHandlerSubsegment(facade, '## index.handler', context, event, true);
 */
export function openHandlerSubsegment(
  parent: SegmentLike,
  name: string,
  context: LambdaContext | undefined,
  event: unknown,
  coldStart: boolean,
): Subsegment {
  if (!isSpanParent(parent)) return openSubsegment(parent, name);
  return parent.startChild(
    name,
    SPAN_KIND.SERVER,
    faasAttributes(context, event, coldStart),
  ) as unknown as Subsegment;
}
