export { IdempotencyRecordStatus, PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS } from './constants.js';
export { idempotent } from './decorator.js';
export {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfigError,
  IdempotencyInconsistentStateError,
  IdempotencyInvalidStatusError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyKeyError,
  IdempotencyPersistenceConsistencyError,
  IdempotencyPersistenceLayerError,
  IdempotencyUnknownError,
  IdempotencyValidationError,
} from './errors.js';
export { IdempotencyConfig } from './idempotency-config.js';
export { makeIdempotent } from './make-idempotent.js';
