export { BasePersistenceLayer } from './base-persistence-layer.js';
export { IdempotencyRecord } from './idempotency-record.js';
