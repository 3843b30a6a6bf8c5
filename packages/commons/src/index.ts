/**
 * @lambkit/commons: the types Powertools' commons shares with its users. lambkit's own shared
 * code is @lambkit/core; Powertools' run-time helpers of commons (type guards, environment
 * readers, an LRU cache) are its packages' building blocks and have no lambkit twin.
 *
 * @example
 * import type { LambdaInterface } from '@lambkit/commons';
 */
export type * from './types/index.js';
