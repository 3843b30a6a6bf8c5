import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Subsegment } from 'aws-xray-sdk-core';
import { activeSegment, downstreamTraceHeader, openSubsegment } from './active-segment.js';
import { closeSubsegment, recordError } from './close.js';
import { tracerSharedState } from './shared-state.js';
import { isSpanParent, SPAN_KIND } from './span-segment.js';

/** The part of undici's request object (behind fetch) its diagnostics channels publish. */
interface UndiciRequest {
  method: string;
  origin: string | URL;
  path: string;
  addHeader(name: string, value: string): unknown;
}

interface UndiciResponse {
  statusCode: number;
  headers: Array<Buffer | string>;
}

/** Calls in flight, by the request object the diagnostics channels publish. */
const inFlight = new WeakMap<object, Subsegment>();

function pathWithoutQuery(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** Opens the subsegment of an outgoing call under the active segment, or returns undefined outside a traced invocation. */
function openCall(host: string, method: string, url: string): Subsegment | undefined {
  const parent = activeSegment();
  if (parent === undefined) return undefined;
  if (isSpanParent(parent)) {
    if (parent.isTracingSuppressed()) return undefined;
    // OpenTelemetry's HTTP client conventions: named for the method, the host as server.address.
    const attributes = { 'http.request.method': method, 'url.full': url, 'server.address': host };
    return parent.startChild(method, SPAN_KIND.CLIENT, attributes) as unknown as Subsegment;
  }
  const subsegment = openSubsegment(parent, host);
  subsegment.namespace = 'remote';
  subsegment.addAttribute('http', { request: { url, method } });
  return subsegment;
}

function finishCall(subsegment: Subsegment, status: number, contentLength: number | undefined): void {
  const response = contentLength === undefined ? { status } : { status, content_length: contentLength };
  const http = (subsegment as { http?: Record<string, unknown> }).http;
  // A span segment has no `http` block to complete: it takes the response as attributes.
  if (http !== undefined) http.response = response;
  else subsegment.addAttribute('http', { response });
  if (status === 429) subsegment.addThrottleFlag();
  if (status >= 400 && status < 500) subsegment.addErrorFlag();
  else if (status >= 500) subsegment.addFaultFlag();
  closeSubsegment(subsegment);
}

function failCall(request: object, error: unknown): void {
  const subsegment = inFlight.get(request);
  if (subsegment === undefined) return;
  inFlight.delete(request);
  recordError(subsegment, error, 'exception');
  closeSubsegment(subsegment);
}

/**
 * node:http(s). Node 22.14+ publishes `http.client.request.created` before the headers are sent, so
 * the trace header travels downstream; on older Node only `start` exists, after the headers are
 * sent, and the call is recorded without propagating the header. A request that already carries
 * X-Amzn-Trace-Id (an AWS SDK call, recorded by its own middleware) is left alone.
 */
function onHttpRequest(injectHeader: boolean) {
  return function lambkitHttpRequest(message: unknown): void {
    const request = (message as { request: ClientRequest }).request;
    if (inFlight.has(request) || request.getHeader('x-amzn-trace-id') !== undefined) return;
    const host = request.host || 'unknown host';
    const url = `${request.protocol}//${host}${pathWithoutQuery(request.path)}`;
    const subsegment = openCall(host, request.method, url);
    if (subsegment === undefined) return;
    inFlight.set(request, subsegment);
    const traceHeader = injectHeader ? downstreamTraceHeader(subsegment) : undefined;
    if (traceHeader !== undefined) request.setHeader('X-Amzn-Trace-Id', traceHeader);
  };
}

function onHttpResponse(message: unknown): void {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  const subsegment = inFlight.get(request);
  if (subsegment === undefined) return;
  inFlight.delete(request);
  const length = Number(response.headers['content-length']);
  finishCall(subsegment, response.statusCode ?? 0, Number.isInteger(length) ? length : undefined);
}

function onHttpError(message: unknown): void {
  const { request, error } = message as { request: ClientRequest; error: unknown };
  failCall(request, error);
}

function onFetchRequest(message: unknown): void {
  const request = (message as { request: UndiciRequest }).request;
  if (request.method === 'CONNECT') return;
  const origin = typeof request.origin === 'string' ? new URL(request.origin) : request.origin;
  const url = `${origin.protocol}//${origin.hostname}${pathWithoutQuery(request.path)}`;
  const subsegment = openCall(origin.hostname, request.method, url);
  if (subsegment === undefined) return;
  inFlight.set(request, subsegment);
  const traceHeader = downstreamTraceHeader(subsegment);
  if (traceHeader !== undefined) request.addHeader('X-Amzn-Trace-Id', traceHeader);
}

function headerValue(headers: Array<Buffer | string>, name: string): string | undefined {
  for (let i = 0; i + 1 < headers.length; i += 2) {
    // i + 1 < headers.length: both reads are in range.
    if (headers[i]?.toString().toLowerCase() === name) return headers[i + 1]?.toString();
  }
  return undefined;
}

function onFetchResponse(message: unknown): void {
  const { request, response } = message as { request: UndiciRequest; response: UndiciResponse };
  const subsegment = inFlight.get(request);
  if (subsegment === undefined) return;
  inFlight.delete(request);
  const length = Number(headerValue(response.headers, 'content-length'));
  finishCall(subsegment, response.statusCode, Number.isInteger(length) ? length : undefined);
}

function onFetchError(message: unknown): void {
  const { request, error } = message as { request: UndiciRequest; error: unknown };
  failCall(request, error);
}

/**
 * A diagnostics channel subscriber that never throws: an error thrown by a subscriber surfaces as an
 * uncaught exception, which would end the invocation (and the process) for the sake of a trace.
 */
function neverThrowing(subscriber: (message: unknown) => void) {
  return function guardedSubscriber(message: unknown): void {
    try {
      subscriber(message);
    } catch {
      // The call goes on untraced.
    }
  };
}

/**
 * Records every fetch and node:http(s) call made inside a traced invocation as a subsegment of the
 * segment active when it was made, through Node's diagnostics channels (no module is patched).
 * Installed once per process; calls outside a traced invocation cost one lookup.
 *
 * @example
 * installHttpCapture();
 */
export function installHttpCapture(): void {
  const shared = tracerSharedState();
  if (shared.httpCaptureInstalled) return;
  shared.httpCaptureInstalled = true;
  subscribe('http.client.request.created', neverThrowing(onHttpRequest(true)));
  subscribe('http.client.request.start', neverThrowing(onHttpRequest(false)));
  subscribe('http.client.response.finish', neverThrowing(onHttpResponse));
  subscribe('http.client.request.error', neverThrowing(onHttpError));
  subscribe('undici:request:create', neverThrowing(onFetchRequest));
  subscribe('undici:request:headers', neverThrowing(onFetchResponse));
  subscribe('undici:request:error', neverThrowing(onFetchError));
}
