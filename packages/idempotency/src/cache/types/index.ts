export type { CacheClient, CachePersistenceOptions, CacheValue } from '../../types.js';
