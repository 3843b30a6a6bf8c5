// The path Powertools users import the middleware from (@aws-lambda-powertools/tracer/middleware),
// so switching is an import change.
export { type CaptureLambdaHandlerOptions, captureLambdaHandler } from '../capture-lambda-handler.js';
