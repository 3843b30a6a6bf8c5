import type { Attributes, AttributeValue, Context, Span, SpanContext } from '@opentelemetry/api';
import type { OtelBinding } from './otel-loader.js';
import type { SegmentLike, SubsegmentLike } from './segment.js';

/** OpenTelemetry's SpanKind values, as numbers: the enum lives in @opentelemetry/api, loaded only in that mode. */
export const SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;
/** SpanStatusCode.ERROR. */
const STATUS_ERROR = 2;
/**
 * The context key OpenTelemetry's exporters set (suppressTracing from @opentelemetry/core) around
 * their own requests: a context key is a registered symbol of this description.
 */
const SUPPRESS_TRACING = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
/** The attribute AWS's X-Ray exporters read to index attributes as annotations. */
const ANNOTATIONS_ATTRIBUTE = 'aws.xray.annotations';

type SpanKindValue = (typeof SPAN_KIND)[keyof typeof SPAN_KIND];

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * A metadata value as a span attribute: JSON text (attributes hold only primitives and arrays of
 * them); what JSON cannot serialize becomes the same note the X-Ray backend sends.
 */
function metadataText(value: unknown): string {
  try {
    return JSON.stringify(value, bigintAsString) ?? String(value);
  } catch (error) {
    return `[lambkit: metadata not serializable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}]`;
  }
}

function attributeValue(value: unknown): AttributeValue {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean'
    ? (value as AttributeValue)
    : metadataText(value);
}

function epochSeconds(): number {
  return Date.now() / 1000;
}

/** The X-Ray form of an OpenTelemetry trace id: 1-<8 hex epoch seconds>-<24 hex>. */
function xrayTraceId(traceId: string): string {
  return `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}

/** `{ request: { url, method }, response: { status, content_length } }`, the X-Ray `http` block. */
interface HttpBlock {
  request?: { url?: string; method?: string };
  response?: { status?: number; content_length?: number };
}

function httpAttributes(span: Span, http: HttpBlock): void {
  const { request, response } = http;
  if (request?.method !== undefined) span.setAttribute('http.request.method', request.method);
  if (request?.url !== undefined) span.setAttribute('url.full', request.url);
  if (response?.status !== undefined) span.setAttribute('http.response.status_code', response.status);
  if (response?.content_length !== undefined) {
    span.setAttribute('http.response.body.size', response.content_length);
  }
}

/**
 * What span segments and the invocation's root share: opening child spans under their context.
 */
abstract class SpanParent {
  abstract readonly context: Context;
  abstract readonly root: SpanRoot;
  readonly binding: OtelBinding;
  subsegments: SpanSegment[] | undefined;

  constructor(binding: OtelBinding) {
    this.binding = binding;
    this.subsegments = undefined;
  }

  /**
   * Starts a child span of kind `kind` with `attributes`, as a segment of its own. The handler
   * (SERVER) and calls (CLIENT) are opened through this; `addNewSubsegment` opens INTERNAL ones.
   */
  startChild(name: string, kind: SpanKindValue, attributes?: Attributes): SpanSegment {
    const span = this.binding.tracer.startSpan(name, { kind, attributes }, this.context);
    const child = new SpanSegment(this.binding, span, name, this as unknown as SegmentLike & SpanParent);
    (this.subsegments ??= []).push(child);
    return child;
  }

  addNewSubsegment(name: string): SubsegmentLike {
    return this.startChild(name, SPAN_KIND.INTERNAL);
  }

  /**
   * True inside an exporter's own request (to the ADOT collector, say): recording it would make a
   * span whose export makes another, without end.
   */
  isTracingSuppressed(): boolean {
    return this.binding.api.context.active().getValue(SUPPRESS_TRACING) === true;
  }

  addNewSubsegmentWithoutSampling(name: string): SubsegmentLike {
    // The sampling decision is the tracer provider's (a parent-based sampler follows Sampled=0).
    return this.startChild(name, SPAN_KIND.INTERNAL);
  }

  removeSubsegment(subsegment: SubsegmentLike): void {
    const list = this.subsegments;
    const index = list === undefined ? -1 : list.indexOf(subsegment as SpanSegment);
    if (index !== -1) list?.splice(index, 1);
  }

  /** A span cannot move to another parent once started: kept for the SDK's shape, it does nothing. */
  addSubsegment(_subsegment: SubsegmentLike): void {}
  addSubsegmentWithoutSampling(_subsegment: SubsegmentLike): void {}
  incrementCounter(): void {}
  decrementCounter(): void {}
  flush(): void {}
  addPrecursorId(): void {}
}

/**
 * The root of one invocation's span tree in OpenTelemetry mode, standing where X-Ray's facade
 * segment stands: the span context of the invocation's X-Ray trace header (Lambda's own segment), or
 * the span already active when the invocation starts (the ADOT layer's). Like the facade it cannot
 * hold data; its `addNewSubsegment` starts spans under it.
 *
 * @example
 * const root = new SpanRoot(binding, parentContext, '1-5759e988-bd862e3fe1be46a994272793', '53995c3f42cd8ad8', true);
 */
export class SpanRoot extends SpanParent implements SegmentLike {
  readonly facade = true;
  readonly context: Context;
  readonly id: string;
  readonly trace_id: string;
  readonly notTraced: boolean;
  name = 'facade';
  start_time: number;

  constructor(binding: OtelBinding, context: Context, spanContext: SpanContext) {
    super(binding);
    this.context = context;
    this.id = spanContext.spanId;
    this.trace_id = xrayTraceId(spanContext.traceId);
    this.notTraced = (spanContext.traceFlags & 1) === 0;
    this.start_time = epochSeconds();
  }

  get root(): SpanRoot {
    return this;
  }

  /** Like X-Ray's facade, the root holds no data (the tracer warns before it gets here). */
  addAnnotation(): void {}
  addMetadata(): void {}
  addError(): void {}
  addErrorFlag(): void {}
  addFaultFlag(): void {}
  addThrottleFlag(): void {}
  close(): void {}
  isClosed(): boolean {
    return false;
  }
  format(): string {
    return this.name;
  }
  override toString(): string {
    return this.name;
  }
}

/**
 * A span seen as an aws-xray-sdk-core subsegment, so code written against the X-Ray SDK's segment
 * objects (Powertools' manual pattern: `getSegment()`, `addNewSubsegment()`, `setSegment()`,
 * `close()`, `addAnnotation()`, `addMetadata()`, `addError()`) runs unchanged on OpenTelemetry:
 * annotations become attributes (and are listed in `aws.xray.annotations`), metadata becomes the
 * attribute `metadata.<namespace>.<key>` holding JSON text, errors set the span's status and are
 * recorded as exception events, and `close()` ends the span.
 *
 * @example
 * const subsegment = tracer.getSegment()?.addNewSubsegment('### charge'); // a SpanSegment in OpenTelemetry mode
 * subsegment?.close();
 */
export class SpanSegment extends SpanParent implements SubsegmentLike {
  readonly span: Span;
  readonly context: Context;
  readonly parent: SegmentLike;
  readonly root: SpanRoot;
  readonly id: string;
  name: string;
  start_time: number;
  end_time: number | undefined;
  namespace: string | undefined;
  #annotationKeys: string[] | undefined;

  constructor(binding: OtelBinding, span: Span, name: string, parent: SegmentLike & SpanParent) {
    super(binding);
    this.span = span;
    // The parent's context with this span in it: values other code put in the context (baggage,
    // suppressTracing) carry on down the tree.
    this.context = binding.api.trace.setSpan(parent.context, span);
    this.parent = parent;
    this.root = parent.root;
    this.id = span.spanContext().spanId;
    this.name = name;
    this.start_time = epochSeconds();
    this.end_time = undefined;
    this.namespace = undefined;
    this.#annotationKeys = undefined;
  }

  /** The segment at the root of the trace, as the SDK's `subsegment.segment`. */
  get segment(): SegmentLike {
    return this.root;
  }

  get notTraced(): boolean {
    return (this.span.spanContext().traceFlags & 1) === 0;
  }

  /** Runs `fn` with this span active in OpenTelemetry's context too, so other instrumentation nests under it. */
  withContext<T>(fn: () => T): T {
    return this.binding.api.context.with(this.context, fn);
  }

  addAnnotation(key: string, value: boolean | string | number): void {
    this.span.setAttribute(key, value);
    const keys = (this.#annotationKeys ??= []);
    if (!keys.includes(key)) keys.push(key);
  }

  addMetadata(key: string, value: unknown, namespace = 'default'): void {
    this.span.setAttribute(`metadata.${namespace}.${key}`, metadataText(value));
  }

  /** X-Ray's `http` block becomes OpenTelemetry's HTTP attributes; any other becomes an attribute of its name. */
  addAttribute(name: string, data: unknown): void {
    if (name === 'http' && typeof data === 'object' && data !== null) httpAttributes(this.span, data);
    else this.span.setAttribute(name, attributeValue(data));
  }

  addSqlData(sqlData: unknown): void {
    this.span.setAttribute('sql', metadataText(sqlData));
  }

  /** Sets the attributes of a call (rpc.*, aws.*) once they are known. */
  setAttributes(attributes: Attributes): void {
    this.span.setAttributes(attributes);
  }

  addError(error: Error | string, _remote?: boolean): void {
    const message = typeof error === 'string' ? error : error.message;
    this.span.recordException(error);
    this.span.setStatus({ code: STATUS_ERROR, message });
  }

  addErrorFlag(): void {
    this.span.setStatus({ code: STATUS_ERROR });
  }

  addFaultFlag(): void {
    this.span.setStatus({ code: STATUS_ERROR });
  }

  /** A throttled call already says so by its status code (429, or the AWS error); nothing to add. */
  addThrottleFlag(): void {}

  isClosed(): boolean {
    return this.end_time !== undefined;
  }

  /** Ends the span (once), after recording `error` when one is given. */
  close(error?: Error | string | null, remote?: boolean): void {
    if (this.end_time !== undefined) return;
    if (error !== undefined && error !== null) this.addError(error, remote);
    this.end_time = epochSeconds();
    const keys = this.#annotationKeys;
    if (keys !== undefined) this.span.setAttribute(ANNOTATIONS_ATTRIBUTE, keys);
    this.span.end();
    this.parent.removeSubsegment(this);
  }

  streamSubsegments(): true | undefined {
    return undefined;
  }

  format(): string {
    return JSON.stringify(this.toJSON());
  }

  override toString(): string {
    return this.format();
  }

  toJSON(): { [key: string]: unknown } {
    return { id: this.id, name: this.name, trace_id: this.root.trace_id, parent_id: this.parent.id };
  }
}

/**
 * True for the segments of the OpenTelemetry backend, which open child spans of a given kind.
 *
 * @example
 * if (isSpanParent(parent)) parent.startChild('GET', SPAN_KIND.CLIENT);
 */
export function isSpanParent(segment: SegmentLike): segment is SegmentLike & SpanParent {
  return typeof (segment as Partial<SpanParent>).startChild === 'function';
}

/**
 * True for a span segment (not the invocation's root), which takes call attributes.
 *
 * @example
 * if (isSpanSegment(subsegment)) subsegment.setAttributes({ 'aws.request_id': requestId });
 */
export function isSpanSegment(segment: SegmentLike): segment is SpanSegment {
  return typeof (segment as Partial<SpanSegment>).setAttributes === 'function';
}
