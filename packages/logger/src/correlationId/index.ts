/**
 * Correlation id paths and the search function, at Powertools' subpath.
 *
 * @example
 * import { correlationPaths, search } from '@lambkit/logger/correlationId';
 * const logger = new Logger({ correlationIdSearchFn: search });
 */
export { correlationPaths, search } from '../path.js';
