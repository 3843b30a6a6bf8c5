import { beginInvocation, type HandlerMethodDecorator, isColdStart, type LambdaContext } from '@lambkit/core';
import { activeSegment } from './active-segment.js';
import type { CaptureLambdaHandlerOptions } from './capture-lambda-handler.js';
import type { TracerSettings } from './config.js';
import { tracerSharedState } from './shared-state.js';
import { runTraced } from './traced-call.js';

/**
 * Options of the `@tracer.captureMethod()` decorator.
 *
 * @example
 * class Lambda { @tracer.captureMethod({ subSegmentName: '### charge', captureResponse: false }) charge() {} }
 */
export interface CaptureMethodOptions {
  /** The subsegment's name. Default: `### <method name>`. */
  subSegmentName?: string;
  /** Record what the method returns as metadata `<method name> response`. Default: true (unless POWERTOOLS_TRACER_CAPTURE_RESPONSE=false). */
  captureResponse?: boolean;
}

/**
 * Any class method, as Powertools' `AnyClassMethod`.
 *
 * @example
 * const method: AnyClassMethod = (order: string) => order;
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' decorator types: a method or class of any signature can be decorated
export type AnyClassMethod = (...args: any[]) => any;

/**
 * Any class, as Powertools' `AnyClass`.
 *
 * @example
 * const decorator = tracer.captureMethod<AnyClass>();
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' decorator types: a method or class of any signature can be decorated
export type AnyClass = new (...args: any[]) => any;

/**
 * A legacy (`experimentalDecorators`) method decorator, as Powertools' `MethodDecorator`.
 *
 * @example
 * const decorator: MethodDecorator<AnyClass> = tracer.captureMethod();
 */
export type MethodDecorator<T extends AnyClass> = (
  target: InstanceType<T>,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<AnyClassMethod>,
) => void;

function checkBooleanOption(where: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${where}: option ${name} must be a boolean, got ${JSON.stringify(value)}`);
  }
}

function checkOptions(where: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${where}: options must be an object, got ${JSON.stringify(options)}`);
  }
}

/** The method a legacy decorator was given, or a TypeError saying how it was misapplied. */
function decoratedMethod(
  where: string,
  propertyKey: unknown,
  descriptor: TypedPropertyDescriptor<AnyClassMethod> | undefined,
): AnyClassMethod {
  if (typeof descriptor?.value === 'function') return descriptor.value;
  // A standard (TC39) decorator call passes (value, context): no descriptor.
  throw new TypeError(
    `${where} decorates a class method with TypeScript's legacy decorators ("experimentalDecorators": true in tsconfig.json, as Powertools' docs use); ${String(propertyKey)} is not such a method`,
  );
}

/**
 * The `@tracer.captureLambdaHandler()` decorator: the handler method runs inside the subsegment
 * `## <_HANDLER>` with the ColdStart and Service annotations, its result as metadata and a thrown
 * error with its stack, as with the middleware.
 *
 * @example
 * const decorator = captureLambdaHandlerDecorator(settings, () => tracer.ready(), {});
 */
export function captureLambdaHandlerDecorator(
  settings: TracerSettings,
  ready: () => Promise<boolean>,
  options: CaptureLambdaHandlerOptions | undefined,
): HandlerMethodDecorator {
  const where = '@tracer.captureLambdaHandler()';
  checkOptions(where, options);
  checkBooleanOption(where, 'captureResponse', options?.captureResponse);
  const captureResponse = options?.captureResponse !== false && settings.captureResponse;

  return function captureLambdaHandlerDecorate(_target, propertyKey, descriptor) {
    const original = decoratedMethod(
      where,
      propertyKey,
      descriptor as TypedPropertyDescriptor<AnyClassMethod>,
    );
    if (!settings.enabled) return;
    // _HANDLER is fixed for the life of the execution environment: name and key are built once.
    const handlerName = process.env._HANDLER;
    const fixedName = handlerName === undefined ? undefined : `## ${handlerName}`;
    const fixedResponseKey = handlerName === undefined ? undefined : `${handlerName} response`;

    function traceHandler(this: unknown, context: LambdaContext | undefined, args: unknown[]): unknown {
      const parent = activeSegment();
      if (parent === undefined) return original.apply(this, args);
      const fallbackName = context?.functionName ?? 'handler';
      const name = fixedName ?? `## ${fallbackName}`;
      const responseKey = captureResponse ? (fixedResponseKey ?? `${fallbackName} response`) : undefined;
      const coldStart = isColdStart(context?.awsRequestId);
      const handler = { context, event: args[0], coldStart };
      return runTraced(settings, parent, name, () => original.apply(this, args), responseKey, handler);
    }

    (descriptor as TypedPropertyDescriptor<AnyClassMethod>).value = function capturedLambdaHandler(
      this: unknown,
      ...args: unknown[]
    ) {
      const context = args[1] as LambdaContext | undefined;
      beginInvocation(context);
      if (tracerSharedState().recorder !== undefined) return traceHandler.call(this, context, args);
      // First invocation only: a bundled SDK started loading at INIT and may still be on its way.
      return ready().then(() => traceHandler.call(this, context, args));
    };
  };
}

/**
 * The `@tracer.captureMethod()` decorator: each call of the method runs inside a subsegment
 * (`### <method name>` unless `subSegmentName` says otherwise), nested under the active one, with
 * its result as metadata `<method name> response` and a thrown error with its stack.
 *
 * @example
 * const decorator = captureMethodDecorator(settings, { subSegmentName: '### charge' });
 */
export function captureMethodDecorator<T extends AnyClass>(
  settings: TracerSettings,
  options: CaptureMethodOptions | undefined,
): MethodDecorator<T> {
  const where = '@tracer.captureMethod()';
  checkOptions(where, options);
  checkBooleanOption(where, 'captureResponse', options?.captureResponse);
  const subSegmentName = options?.subSegmentName;
  if (subSegmentName !== undefined && (typeof subSegmentName !== 'string' || subSegmentName === '')) {
    throw new TypeError(
      `${where}: option subSegmentName must be a non-empty string, got ${JSON.stringify(subSegmentName)}`,
    );
  }
  const captureResponse = options?.captureResponse !== false && settings.captureResponse;

  return function captureMethodDecorate(_target, propertyKey, descriptor) {
    const original = decoratedMethod(where, propertyKey, descriptor);
    if (!settings.enabled) return;
    const methodName = String(propertyKey);
    const name = subSegmentName ?? `### ${methodName}`;
    // As in Powertools, the key names the method even when the subsegment is renamed.
    const responseKey = captureResponse ? `${methodName} response` : undefined;

    descriptor.value = function capturedMethod(this: unknown, ...args: unknown[]) {
      const parent = activeSegment();
      if (parent === undefined) return original.apply(this, args);
      return runTraced(settings, parent, name, () => original.apply(this, args), responseKey);
    };
  };
}
