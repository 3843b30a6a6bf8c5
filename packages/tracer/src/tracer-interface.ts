import type { HandlerMethodDecorator } from '@lambkit/core';
import type { CaptureLambdaHandlerOptions } from './capture-lambda-handler.js';
import type { AnyClass, CaptureMethodOptions, MethodDecorator } from './decorators.js';
import type { SegmentLike } from './segment.js';

/**
 * The public methods of a Tracer, as Powertools' `TracerInterface`.
 *
 * @example
 * const tracing: TracerInterface = new Tracer({ serviceName: 'orders' });
 */
export interface TracerInterface {
  addErrorAsMetadata(error: Error, remote?: boolean): void;
  addResponseAsMetadata(data?: unknown, methodName?: string): void;
  addServiceNameAnnotation(): void;
  annotateColdStart(): void;
  captureAWS<T>(aws: T): undefined | T;
  captureAWSv3Client<T>(service: T): undefined | T;
  captureAWSClient<T>(service: T): undefined | T;
  captureLambdaHandler(options?: CaptureLambdaHandlerOptions): HandlerMethodDecorator;
  captureMethod<T extends AnyClass>(options?: CaptureMethodOptions): MethodDecorator<T>;
  getSegment(): SegmentLike | undefined;
  getRootXrayTraceId(): string | undefined;
  isTraceSampled(): boolean;
  isTracingEnabled(): boolean;
  putAnnotation: (key: string, value: string | number | boolean) => void;
  putMetadata: (key: string, value: unknown, namespace?: string | undefined) => void;
  setSegment(segment: SegmentLike): void;
}
