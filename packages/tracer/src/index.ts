export { AnnotationError, type AnnotationValue } from './annotations.js';
export { type CaptureLambdaHandlerOptions, captureLambdaHandler } from './capture-lambda-handler.js';
export type { TracerOptions } from './config.js';
export type { SegmentLike, SubsegmentLike } from './segment.js';
export { type SubsegmentOptions, Tracer } from './tracer.js';
