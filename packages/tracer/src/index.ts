export { AnnotationError, type AnnotationValue } from './annotations.js';
export { type CaptureLambdaHandlerOptions, captureLambdaHandler } from './capture-lambda-handler.js';
export type { TracerBackend, TracerOptions } from './config.js';
export type { AnyClass, AnyClassMethod, CaptureMethodOptions, MethodDecorator } from './decorators.js';
export type { ContextMissingStrategy, TracerProvider } from './provider.js';
export type { SegmentLike, SubsegmentLike } from './segment.js';
export { type SubsegmentOptions, Tracer } from './tracer.js';
export type { TracerInterface } from './tracer-interface.js';
