export { CachePersistenceLayer } from './cache-persistence-layer.js';
