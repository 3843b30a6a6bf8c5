import type { AsyncLocalStorage } from 'node:async_hooks';
import type { TracerBackend } from './config.js';
import type { OtelBinding } from './otel-loader.js';
import type { XraySdk } from './sdk-loader.js';
import type { SegmentLike } from './segment.js';

/** The active segment of one `tracer.subsegment()` scope; `setSegment` replaces it in place. */
export interface SegmentScope {
  segment: SegmentLike;
}

/**
 * What records an invocation's segments, once its SDK or API is loaded: the X-Ray SDK's facade
 * segments or the OpenTelemetry span adapter, behind one interface so the rest of the tracer
 * (subsegments, decorators, AWS SDK and HTTP capture) does not care which.
 */
export interface TraceRecorder {
  kind: TracerBackend;
  /**
   * The root of one invocation's tree, built from its X-Ray trace header: the segment Lambda sends
   * (X-Ray) or the span context it stands for (OpenTelemetry). Undefined when it is not traced.
   */
  createRoot(traceHeader: string | undefined): SegmentLike | undefined;
}

/**
 * What must exist once per process whatever the number of Tracer instances: the loaded SDK, the
 * scope of active subsegments, whether HTTP capture is installed. It lives on globalThis under a
 * registered symbol so the ES module and CommonJS builds, both loaded in one process, share it.
 */
export interface TracerSharedState {
  /** The backend the first enabled Tracer chose: one process traces to one backend. */
  backend: TracerBackend | undefined;
  /** Set once the chosen backend's SDK or API is loaded. */
  recorder: TraceRecorder | undefined;
  sdk: XraySdk | undefined;
  loading: Promise<XraySdk | undefined> | undefined;
  otel: OtelBinding | undefined;
  otelLoading: Promise<boolean> | undefined;
  scopes: AsyncLocalStorage<SegmentScope> | undefined;
  httpCaptureInstalled: boolean;
}

const STATE_KEY = Symbol.for('@lambkit/tracer.state.v2');

type GlobalWithState = typeof globalThis & { [STATE_KEY]?: TracerSharedState };

/**
 * Returns the process-wide tracer state, creating it on first use (never at import time).
 *
 * @example
 * tracerSharedState().sdk; // undefined until aws-xray-sdk-core is loaded
 */
export function tracerSharedState(): TracerSharedState {
  const holder = globalThis as GlobalWithState;
  let state = holder[STATE_KEY];
  if (state === undefined) {
    state = {
      backend: undefined,
      recorder: undefined,
      sdk: undefined,
      loading: undefined,
      otel: undefined,
      otelLoading: undefined,
      scopes: undefined,
      httpCaptureInstalled: false,
    };
    holder[STATE_KEY] = state;
  }
  return state;
}
