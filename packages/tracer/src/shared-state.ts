import type { AsyncLocalStorage } from 'node:async_hooks';
import type { XraySdk } from './sdk-loader.js';
import type { SegmentLike } from './segment.js';

/** The active segment of one `tracer.subsegment()` scope; `setSegment` replaces it in place. */
export interface SegmentScope {
  segment: SegmentLike;
}

/**
 * What must exist once per process whatever the number of Tracer instances: the loaded SDK, the
 * scope of active subsegments, whether HTTP capture is installed. It lives on globalThis under a
 * registered symbol so the ES module and CommonJS builds, both loaded in one process, share it.
 */
export interface TracerSharedState {
  sdk: XraySdk | undefined;
  loading: Promise<XraySdk | undefined> | undefined;
  scopes: AsyncLocalStorage<SegmentScope> | undefined;
  httpCaptureInstalled: boolean;
}

const STATE_KEY = Symbol.for('@lambkit/tracer.state.v1');

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
    state = { sdk: undefined, loading: undefined, scopes: undefined, httpCaptureInstalled: false };
    holder[STATE_KEY] = state;
  }
  return state;
}
