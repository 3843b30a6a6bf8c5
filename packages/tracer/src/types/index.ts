// The path Powertools users import the tracer's types from (@aws-lambda-powertools/tracer/types),
// so switching is an import change. Types only: nothing runs when it is imported.
export type { HandlerMethodDecorator } from '@lambkit/core';
export type { CaptureLambdaHandlerOptions } from '../capture-lambda-handler.js';
export type { TracerBackend, TracerOptions } from '../config.js';
export type { AnyClass, AnyClassMethod, CaptureMethodOptions, MethodDecorator } from '../decorators.js';
export type { ContextMissingStrategy, TracerProvider } from '../provider.js';
export type { SegmentLike, SubsegmentLike } from '../segment.js';
export type { TracerInterface } from '../tracer-interface.js';
