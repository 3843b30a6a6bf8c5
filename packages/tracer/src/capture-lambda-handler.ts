import {
  beginInvocation,
  getInvocationState,
  type InvocationState,
  isColdStart,
  type MiddlewareObj,
  type MiddyRequest,
} from '@lambkit/core';
import type { Subsegment } from 'aws-xray-sdk-core';
import {
  ACTIVE_KEY,
  invocationFacade,
  openHandlerSubsegment,
  setInvocationSegment,
} from './active-segment.js';
import { closeOpenDescendants, closeSubsegment, recordError } from './close.js';
import { tracerSharedState } from './shared-state.js';
import { type Tracer, tracerSettings } from './tracer.js';

/**
 * Options of `captureLambdaHandler`.
 *
 * @example
 * middy(main).use(captureLambdaHandler(tracer, { captureResponse: false }));
 */
export interface CaptureLambdaHandlerOptions {
  /** Record the handler's response as metadata `<handler> response`. Default: true (unless POWERTOOLS_TRACER_CAPTURE_RESPONSE=false). */
  captureResponse?: boolean;
}

/** The handler subsegment of the invocation in progress. */
const HANDLER_KEY = Symbol.for('@lambkit/tracer.handler');

/**
 * A middy middleware that records the invocation as the subsegment "## <handler>" (the handler name
 * from _HANDLER) under the segment Lambda sends, with the annotations ColdStart and Service, the
 * response as metadata and a thrown error with its stack. Everything traced during the invocation
 * nests under it. The subsegment is closed on every path: a normal return, a thrown error, and
 * another middleware returning early. Use it first, so its `after` runs last.
 *
 * @example
 * const tracer = new Tracer({ serviceName: 'orders' });
 * export const handler = middy(main).use(captureLambdaHandler(tracer));
 */
export function captureLambdaHandler(
  tracer: Tracer,
  options: CaptureLambdaHandlerOptions = {},
): MiddlewareObj {
  const settings = tracerSettings(tracer);
  const captureResponse = options.captureResponse !== false && settings.captureResponse;
  // _HANDLER is fixed for the life of the execution environment: name and key are built once.
  const handlerName = process.env._HANDLER;
  const fixedSubsegmentName = handlerName === undefined ? undefined : `## ${handlerName}`;
  const fixedResponseKey = handlerName === undefined ? undefined : `${handlerName} response`;

  function open(request: MiddyRequest, state: InvocationState): void {
    const recorder = tracerSharedState().recorder;
    if (recorder === undefined) return;
    const facade = invocationFacade(state, recorder);
    if (facade === undefined) return;
    const name = fixedSubsegmentName ?? `## ${request.context?.functionName ?? 'handler'}`;
    const coldStart = isColdStart(request.context?.awsRequestId);
    const handlerSubsegment = openHandlerSubsegment(facade, name, request.context, request.event, coldStart);
    handlerSubsegment.addAnnotation('ColdStart', coldStart);
    handlerSubsegment.addAnnotation('Service', settings.serviceName);
    state[HANDLER_KEY] = handlerSubsegment;
    setInvocationSegment(state, handlerSubsegment);
    watchForEarlyReturn(request, state);
  }

  function close(request: MiddyRequest, state: InvocationState): void {
    const handlerSubsegment = state[HANDLER_KEY] as Subsegment | undefined;
    if (handlerSubsegment === undefined) return;
    state[HANDLER_KEY] = undefined;
    if (state[ACTIVE_KEY] === handlerSubsegment) setInvocationSegment(state, undefined);
    if (request.error !== undefined && request.error !== null) {
      recordError(handlerSubsegment, request.error, settings.errorRecording);
    } else if (captureResponse && request.response !== undefined) {
      const key = fixedResponseKey ?? `${request.context?.functionName ?? 'handler'} response`;
      handlerSubsegment.addMetadata(key, request.response, settings.serviceName);
    }
    closeOpenDescendants(handlerSubsegment);
    closeSubsegment(handlerSubsegment);
  }

  /**
   * middy skips the remaining middlewares, this one's `after` or `onError` included, when one
   * returns early (it then sets request.earlyResponse). Every path ends with request.response being
   * assigned, so the assignment is watched, and once the current turn of the event loop is over an
   * invocation that returned early has its handler subsegment closed here.
   */
  function watchForEarlyReturn(request: MiddyRequest, state: InvocationState): void {
    let response = request.response;
    let scheduled = false;
    Object.defineProperty(request, 'response', {
      configurable: true,
      enumerable: true,
      get: () => response,
      set(value) {
        response = value;
        if (scheduled) return;
        scheduled = true;
        setImmediate(closeIfReturnedEarly, request, state);
      },
    });
  }

  function closeIfReturnedEarly(request: MiddyRequest, state: InvocationState): void {
    if ('earlyResponse' in request) close(request, state);
  }

  function captureLambdaHandlerBefore(request: MiddyRequest): Promise<void> | undefined {
    if (!settings.enabled) return undefined;
    const state = beginInvocation(request.context);
    const shared = tracerSharedState();
    if (shared.recorder !== undefined) {
      open(request, state);
      return undefined;
    }
    // First invocation only: the SDK (or API) started loading at INIT and may still be on its way.
    return tracer.ready().then(() => open(request, state));
  }

  function captureLambdaHandlerAfter(request: MiddyRequest): void {
    if (settings.enabled) close(request, getInvocationState());
  }

  return {
    before: captureLambdaHandlerBefore,
    after: captureLambdaHandlerAfter,
    onError: captureLambdaHandlerAfter,
  };
}
