/**
 * The status of an idempotency record, as Powertools stores it: INPROGRESS while the function runs,
 * COMPLETED with its result, EXPIRED once the record's expiry has passed (never stored, computed).
 *
 * @example
 * if (record.getStatus() === IdempotencyRecordStatus.COMPLETED) return record.getResponse();
 */
export const IdempotencyRecordStatus = {
  INPROGRESS: 'INPROGRESS',
  COMPLETED: 'COMPLETED',
  EXPIRED: 'EXPIRED',
} as const;

/**
 * The attribute names Powertools' persistence layers use by default, so records written by either
 * library are read by the other.
 *
 * @example
 * const statusAttribute = PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.statusAttr; // 'status'
 */
export const PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS = {
  statusAttr: 'status',
  expiryAttr: 'expiration',
  inProgressExpiryAttr: 'in_progress_expiration',
  dataAttr: 'data',
  validationKeyAttr: 'validation',
} as const;

/** Retries after an IdempotencyInconsistentStateError (a record changed between two reads), as Powertools. */
export const MAX_RETRIES = 2;
