import {
  describeType,
  getInvocationState,
  getTraceHeader,
  getXrayTraceId,
  type HandlerMethodDecorator,
  isColdStart,
  traceHeaderField,
  writeWarning,
} from '@lambkit/core';
import { activeSegment, dataSegment, setActiveSegment } from './active-segment.js';
import { type AnnotationValue, assertAnnotation } from './annotations.js';
import { captureAwsV2, captureAwsV2Client } from './aws-sdk-v2.js';
import { assertAwsV3Client, instrumentAwsV3Client } from './aws-sdk-v3.js';
import type { CaptureLambdaHandlerOptions } from './capture-lambda-handler.js';
import { recordError } from './close.js';
import { resolveTracerSettings, type TracerOptions, type TracerSettings } from './config.js';
import {
  type AnyClass,
  type CaptureMethodOptions,
  captureLambdaHandlerDecorator,
  captureMethodDecorator,
  type MethodDecorator,
} from './decorators.js';
import { installHttpCapture } from './http-capture.js';
import { loadOtelApi } from './otel-loader.js';
import { createProvider, type TracerProvider } from './provider.js';
import { loadXraySdk, type XraySdk } from './sdk-loader.js';
import { dummySegment, type SegmentLike } from './segment.js';
import { tracerSharedState } from './shared-state.js';
import { runTraced } from './traced-call.js';
import type { TracerInterface } from './tracer-interface.js';

/**
 * Options of `tracer.subsegment()`.
 *
 * @example
 * await tracer.subsegment('### quote', () => quote(cart), { captureResponse: true });
 */
export interface SubsegmentOptions {
  /** Record what `fn` returns (resolves to) as metadata `<name> response`. Default: false. */
  captureResponse?: boolean;
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`Tracer: a subsegment name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
}

/**
 * Where a Tracer keeps its settings for lambkit's middleware: a registered symbol, so a Tracer from
 * the CommonJS build works with the middleware of the ES module build and the other way round.
 */
const SETTINGS = Symbol.for('@lambkit/tracer.settings');

/**
 * Returns the settings a Tracer decided at INIT, or throws a TypeError naming what was passed
 * instead of a Tracer. For lambkit's own middleware.
 *
 * @example
 * const { enabled } = tracerSettings(tracer);
 */
export function tracerSettings(tracer: Tracer): TracerSettings {
  const settings = (tracer as unknown as { [SETTINGS]?: TracerSettings } | null)?.[SETTINGS];
  if (settings === undefined) {
    throw new TypeError(
      `captureLambdaHandler: expected a Tracer from @lambkit/tracer, got ${describeType(tracer)}`,
    );
  }
  return settings;
}

/**
 * Loads the chosen backend's SDK or API, once per process: one process traces to one backend, so a
 * Tracer asking for another than an earlier one did is refused.
 */
function loadBackend(settings: TracerSettings): Promise<boolean> {
  const shared = tracerSharedState();
  if (shared.backend !== undefined && shared.backend !== settings.backend) {
    throw new TypeError(
      `Tracer: option backend ${JSON.stringify(settings.backend)} conflicts with ${JSON.stringify(shared.backend)}, which an earlier Tracer in this process uses: one process traces to one backend`,
    );
  }
  shared.backend = settings.backend;
  if (settings.backend === 'opentelemetry') return loadOtelApi();
  return loadXraySdk().then((sdk) => sdk !== undefined);
}

/**
 * Records X-Ray subsegments with aws-xray-sdk-core, or (`backend: 'opentelemetry'`) the same tree
 * as OpenTelemetry spans through @opentelemetry/api. Tracing is on inside Lambda (AWS_EXECUTION_ENV)
 * unless POWERTOOLS_TRACE_ENABLED=false or `enabled: false`, and an invocation is traced when it has
 * an X-Ray trace header (active tracing). When tracing is off, neither is ever imported and every
 * method is a cheap no-op. Create the tracer once, at INIT: that is when the SDK loads.
 *
 * @example
 * const tracer = new Tracer({ serviceName: 'orders' });
 * export const handler = middy(main).use(captureLambdaHandler(tracer));
 */
export class Tracer implements TracerInterface {
  readonly #settings: TracerSettings;
  readonly #ready: Promise<boolean>;
  #provider: TracerProvider | undefined;

  constructor(options: TracerOptions = {}) {
    this.#settings = resolveTracerSettings(options);
    Object.defineProperty(this, SETTINGS, { value: this.#settings });
    if (!this.#settings.enabled) {
      this.#ready = Promise.resolve(false);
      return;
    }
    this.#ready = loadBackend(this.#settings);
    if (this.#settings.captureHTTPsRequests) installHttpCapture();
  }

  /**
   * Resolves once aws-xray-sdk-core (or @opentelemetry/api) is loaded: true when tracing is on and it loaded, false
   * otherwise. Nothing needs to wait for it: an installed SDK is loaded by the constructor, and a
   * bundled one before INIT ends; `captureLambdaHandler` still waits for it on the first invocation.
   *
   * @example
   * await tracer.ready();
   */
  ready(): Promise<boolean> {
    return this.#ready;
  }

  /**
   * Whether tracing is on (decided at INIT).
   *
   * @example
   * if (tracer.isTracingEnabled()) tracer.putAnnotation('tenant', tenantId);
   */
  isTracingEnabled(): boolean {
    return this.#settings.enabled;
  }

  /**
   * Runs `fn` (sync or async) inside a new subsegment named `name`, nested under the active
   * segment, and returns what it returns. A thrown error (or rejection) is recorded on the
   * subsegment and rethrown; the subsegment is closed either way.
   *
   * @example
   * const order = await tracer.subsegment('### loadOrder', () => loadOrder(id));
   */
  subsegment<T>(name: string, fn: () => T, options: SubsegmentOptions = {}): T {
    checkName(name);
    if (!this.#settings.enabled) return fn();
    const parent = activeSegment();
    if (parent === undefined) return fn();
    const captureResponse = options.captureResponse === true && this.#settings.captureResponse;
    return runTraced(this.#settings, parent, name, fn, captureResponse ? `${name} response` : undefined);
  }

  /**
   * A class method decorator (TypeScript's legacy decorators, `"experimentalDecorators": true`, as
   * Powertools' docs use) for the handler method: each call runs in the subsegment `## <_HANDLER>`
   * with the ColdStart and Service annotations, the result as metadata (unless `captureResponse:
   * false`) and a thrown error with its stack, as `captureLambdaHandler` the middleware does.
   *
   * @example
   * class Lambda implements LambdaInterface {
   *   @tracer.captureLambdaHandler()
   *   public async handler(_event: unknown, _context: unknown) {}
   * }
   */
  captureLambdaHandler(options?: CaptureLambdaHandlerOptions): HandlerMethodDecorator {
    return captureLambdaHandlerDecorator(this.#settings, () => this.#ready, options);
  }

  /**
   * A class method decorator (legacy decorators, as `captureLambdaHandler`): each call of the method
   * runs in a subsegment (`### <method name>`, or `subSegmentName`) nested under the active one,
   * with its result as metadata `<method name> response` (unless `captureResponse: false`) and a
   * thrown error with its stack. A method that returns synchronously still does.
   *
   * @example
   * class Lambda implements LambdaInterface {
   *   @tracer.captureMethod({ subSegmentName: '### charge' })
   *   public async charge(order: string) { return order; }
   *   public async handler() { return this.charge('o-1'); }
   * }
   */
  captureMethod<T extends AnyClass>(options?: CaptureMethodOptions): MethodDecorator<T> {
    return captureMethodDecorator<T>(this.#settings, options);
  }

  /**
   * Powertools' escape hatch to aws-xray-sdk-core: `setLogger`, `setDaemonAddress`,
   * `setContextMissingStrategy`, `getNamespace`, and the capture and segment methods, sharing the
   * tracer's active segment. Built on first use.
   *
   * @example
   * tracer.provider.setLogger(logger);
   */
  get provider(): TracerProvider {
    this.#provider ??= createProvider(this, this.#settings);
    return this.#provider;
  }

  /** Replaceable, as Powertools' public field is (a test double, for example). */
  set provider(provider: TracerProvider) {
    this.#provider = provider;
  }

  /**
   * Adds an annotation (indexed, searchable in X-Ray) to the active subsegment. Throws
   * AnnotationError when X-Ray would reject the key (letters, digits and underscore only) or the
   * value (string, finite number or boolean), whether tracing is on or not.
   *
   * @example
   * tracer.putAnnotation('orderId', order.id);
   */
  putAnnotation(key: string, value: AnnotationValue): void {
    assertAnnotation(key, value);
    const segment = this.#dataSegment('annotation');
    segment?.addAnnotation(key, value);
  }

  /**
   * Adds metadata (not indexed; any JSON value) to the active subsegment, under `namespace` (default:
   * the service name). A value JSON cannot serialize is replaced by a note when the subsegment is sent.
   *
   * @example
   * tracer.putMetadata('order', order);
   */
  putMetadata(key: string, value: unknown, namespace?: string): void {
    if (typeof key !== 'string') {
      throw new TypeError(`Tracer: a metadata key must be a string, got ${JSON.stringify(key)}`);
    }
    if (namespace !== undefined && (typeof namespace !== 'string' || namespace.startsWith('AWS.'))) {
      throw new TypeError(
        `Tracer: metadata namespace ${JSON.stringify(namespace)} rejected: it must be a string not starting with "AWS." (reserved by AWS)`,
      );
    }
    const segment = this.#dataSegment('metadata');
    segment?.addMetadata(key, value, namespace ?? this.#settings.serviceName);
  }

  /** The active subsegment, when one can hold data; the facade segment Lambda sends cannot. */
  #dataSegment(what: string): SegmentLike | undefined {
    return this.#settings.enabled ? dataSegment(what) : undefined;
  }

  /**
   * The active segment or subsegment: outside any subsegment, the segment Lambda sends for the
   * invocation. With tracing off (or aws-xray-sdk-core not loaded), a dummy segment whose methods do
   * nothing, as in Powertools, so hand-made instrumentation runs unchanged; undefined when tracing is
   * on but the invocation is not traced (no X-Ray trace header).
   *
   * @example
   * const segment = tracer.getSegment();
   * const subsegment = segment?.addNewSubsegment('### charge');
   */
  getSegment(): SegmentLike | undefined {
    // Without the SDK (tracing off, or it failed to load and said so) nothing can be traced.
    return this.#settings.enabled && tracerSharedState().recorder !== undefined
      ? activeSegment()
      : dummySegment;
  }

  /**
   * Makes `segment` the active one: for the current `subsegment()` scope when inside one, else for
   * the rest of the invocation. No-op when tracing is off.
   *
   * @example
   * const parent = tracer.getSegment();
   * const child = parent.addNewSubsegment('manual');
   * tracer.setSegment(child);
   * // ...
   * child.close();
   * tracer.setSegment(parent);
   */
  setSegment(segment: SegmentLike): void {
    if (this.#settings.enabled) setActiveSegment(segment);
  }

  /**
   * The X-Ray trace id (Root) of the current invocation, whether tracing is on or not.
   *
   * @example
   * tracer.getRootXrayTraceId(); // '1-5759e988-bd862e3fe1be46a994272793'
   */
  getRootXrayTraceId(): string | undefined {
    return getXrayTraceId();
  }

  /**
   * Whether X-Ray samples the current invocation (Sampled=1); false when tracing is off.
   *
   * @example
   * if (tracer.isTraceSampled()) tracer.putMetadata('event', event);
   */
  isTraceSampled(): boolean {
    return this.#settings.enabled && traceHeaderField(getTraceHeader(), 'Sampled') === '1';
  }

  /**
   * Records each call of an AWS SDK v3 client as a subsegment nested under the segment active when
   * the call was made, with the trace header sent downstream. Returns the client. When tracing is
   * off, the client is returned untouched.
   *
   * @example
   * const ssm = tracer.captureAWSv3Client(new SSMClient({}));
   */
  captureAWSv3Client<T>(client: T): T {
    assertAwsV3Client(client);
    return this.#settings.enabled ? instrumentAwsV3Client(client) : client;
  }

  /**
   * Records every call of every AWS SDK v2 client as a subsegment (aws-xray-sdk-core's `captureAWS`),
   * nested under the segment active when the call is made. Returns the module; untouched when
   * tracing is off.
   *
   * @deprecated AWS SDK v2 is in maintenance and not in the Node.js Lambda runtimes: use `captureAWSv3Client`.
   * @example
   * const AWS = tracer.captureAWS(require('aws-sdk'));
   */
  captureAWS<T>(aws: T): T {
    return this.#withSdk(aws, captureAwsV2, 'captureAWS');
  }

  /**
   * Records every call of one AWS SDK v2 client (a DocumentClient too) as a subsegment
   * (aws-xray-sdk-core's `captureAWSClient`). Returns the client; untouched when tracing is off.
   *
   * @deprecated AWS SDK v2 is in maintenance and not in the Node.js Lambda runtimes: use `captureAWSv3Client`.
   * @example
   * const s3 = tracer.captureAWSClient(new S3());
   */
  captureAWSClient<T>(service: T): T {
    return this.#withSdk(service, captureAwsV2Client, 'captureAWSClient');
  }

  /**
   * Applies `capture` to `target` with the loaded SDK: now when it is loaded, else (a bundled SDK
   * still loading during INIT) as soon as it is, warning if that fails rather than rejecting
   * where nobody listens. Returns `target`.
   */
  #withSdk<T>(target: T, capture: (target: T, sdk: XraySdk) => T, method: string): T {
    if (!this.#settings.enabled) return target;
    if (this.#settings.backend === 'opentelemetry') {
      writeWarning({
        package: '@lambkit/tracer',
        code: 'TRACER_OTEL_SDK_V2_UNTRACED',
        message: `@lambkit/tracer: ${method} records AWS SDK v2 calls through aws-xray-sdk-core, which backend 'opentelemetry' never loads; the client is returned untraced. Use AWS SDK v3 with captureAWSv3Client, or the ADOT layer's aws-sdk instrumentation.`,
        onceKey: `tracer:otel-${method}`,
      });
      return target;
    }
    const sdk = tracerSharedState().sdk;
    if (sdk !== undefined) return capture(target, sdk);
    void this.#ready.then(function captureWithLoadedSdk(loaded) {
      const later = tracerSharedState().sdk;
      if (!loaded || later === undefined) return;
      try {
        capture(target, later);
      } catch (error) {
        writeWarning({
          package: '@lambkit/tracer',
          code: 'TRACER_CAPTURE_FAILED',
          message: `@lambkit/tracer: ${method} failed once aws-xray-sdk-core loaded (${error instanceof Error ? error.message : String(error)}); its calls will not be traced`,
        });
      }
    });
    return target;
  }

  /**
   * Adds the ColdStart annotation (true on the first invocation of this execution environment).
   *
   * @example
   * tracer.annotateColdStart();
   */
  annotateColdStart(): void {
    if (this.#settings.enabled) this.putAnnotation('ColdStart', isColdStart(getInvocationState().requestId));
  }

  /**
   * Adds the Service annotation (the service name).
   *
   * @example
   * tracer.addServiceNameAnnotation();
   */
  addServiceNameAnnotation(): void {
    if (this.#settings.enabled) this.putAnnotation('Service', this.#settings.serviceName);
  }

  /**
   * Records `data` as metadata `<methodName> response`, unless it is undefined or
   * POWERTOOLS_TRACER_CAPTURE_RESPONSE=false.
   *
   * @example
   * tracer.addResponseAsMetadata(result, 'loadOrder');
   */
  addResponseAsMetadata(data?: unknown, methodName?: string): void {
    if (data === undefined || !this.#settings.captureResponse || !this.#settings.enabled) return;
    // As Powertools: without a method name the key is "undefined response".
    this.putMetadata(`${methodName} response`, data);
  }

  /**
   * Records `error` on the active subsegment: with its stack, or only as the error flag when
   * POWERTOOLS_TRACER_CAPTURE_ERROR=false.
   *
   * @example
   * tracer.addErrorAsMetadata(error);
   */
  addErrorAsMetadata(error: Error, remote = false): void {
    const segment = this.#dataSegment('error');
    if (segment !== undefined) recordError(segment, error, this.#settings.errorRecording, remote);
  }
}
