/**
 * The injectLambdaContext middleware, at Powertools' subpath.
 *
 * @example
 * import { injectLambdaContext } from '@lambkit/logger/middleware';
 */
export { injectLambdaContext } from '../middleware.js';
