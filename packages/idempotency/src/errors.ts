import type { IdempotencyRecord } from './persistence/idempotency-record.js';

/**
 * Sets `existingRecord` as a property that is not enumerable: a logger that serializes the error
 * (as @lambkit/logger and Powertools' Logger do with every own enumerable property) would otherwise
 * write the stored response, which may hold what the function must not log (a card token, an address).
 */
function keepRecord(error: Error, record: IdempotencyRecord | undefined): void {
  Object.defineProperty(error, 'existingRecord', {
    value: record,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/**
 * The base of every idempotency error; thrown as is for a value thrown that is not an Error.
 *
 * @example
 * if (error instanceof IdempotencyUnknownError) logger.error('idempotency failed', error);
 */
export class IdempotencyUnknownError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyUnknownError';
  }
}

/**
 * A record for this key exists and has not expired: the persistence layer refused to claim it.
 * Custom stores throw it from `_putRecord`, with the existing record when they have it.
 *
 * @example
 * throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${key}`, existing);
 */
export class IdempotencyItemAlreadyExistsError extends IdempotencyUnknownError {
  existingRecord?: IdempotencyRecord;
  constructor(message?: string, existingRecord?: IdempotencyRecord, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyItemAlreadyExistsError';
    keepRecord(this, existingRecord);
  }
}

/**
 * No record for this key in the store. Custom stores throw it from `_getRecord`.
 *
 * @example
 * if (item === undefined) throw new IdempotencyItemNotFoundError(`No record for idempotency key: ${key}`);
 */
export class IdempotencyItemNotFoundError extends IdempotencyUnknownError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyItemNotFoundError';
  }
}

/**
 * Another invocation holds this key and is still running (its in-progress expiry is ahead): this one
 * did not run. Let the event source retry it (SQS redelivers after the visibility timeout).
 *
 * @example
 * try { await handler(event, context); } catch (e) { if (e instanceof IdempotencyAlreadyInProgressError) retryLater(); }
 */
export class IdempotencyAlreadyInProgressError extends IdempotencyUnknownError {
  existingRecord?: IdempotencyRecord;
  constructor(message?: string, existingRecord?: IdempotencyRecord, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyAlreadyInProgressError';
    keepRecord(this, existingRecord);
  }
}

/**
 * A stored record holds a status other than INPROGRESS or COMPLETED.
 *
 * @example
 * throw new IdempotencyInvalidStatusError(`Unknown status ${status}`);
 */
export class IdempotencyInvalidStatusError extends IdempotencyUnknownError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyInvalidStatusError';
  }
}

/**
 * The payload under `payloadValidationJmesPath` differs from the one stored for this key: the same
 * key was reused for another request, and the stored result is not returned for it.
 *
 * @example
 * if (error instanceof IdempotencyValidationError) return { statusCode: 422 };
 */
export class IdempotencyValidationError extends IdempotencyUnknownError {
  existingRecord?: IdempotencyRecord;
  constructor(message?: string, existingRecord?: IdempotencyRecord, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyValidationError';
    keepRecord(this, existingRecord);
  }
}

/**
 * The record changed between two reads (it expired, or was deleted, meanwhile). Retried twice
 * before it reaches the caller.
 *
 * @example
 * throw new IdempotencyInconsistentStateError('Item has expired during processing and may not longer be valid.');
 */
export class IdempotencyInconsistentStateError extends IdempotencyUnknownError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyInconsistentStateError';
  }
}

/**
 * The store failed (unreachable, access denied, throttled, a record it cannot read): the function
 * was not run, or its result was not saved. `cause` holds the store's error.
 *
 * @example
 * if (error instanceof IdempotencyPersistenceLayerError) console.error(error.cause);
 */
export class IdempotencyPersistenceLayerError extends IdempotencyUnknownError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyPersistenceLayerError';
  }
}

/**
 * The payload has no idempotency key under `eventKeyJmesPath` and `throwOnNoIdempotencyKey` is set.
 *
 * @example
 * new IdempotencyConfig({ eventKeyJmesPath: 'orderId', throwOnNoIdempotencyKey: true });
 */
export class IdempotencyKeyError extends IdempotencyUnknownError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyKeyError';
  }
}

/**
 * Exported by Powertools for its persistence layers' consistency checks; kept for switchers.
 *
 * @example
 * throw new IdempotencyPersistenceConsistencyError('record changed');
 */
export class IdempotencyPersistenceConsistencyError extends IdempotencyUnknownError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyPersistenceConsistencyError';
  }
}

/**
 * An option passed in code is invalid: thrown at once (at INIT), naming the option, its value and
 * the rule.
 *
 * @example
 * new IdempotencyConfig({ expiresAfterSeconds: -1 }); // IdempotencyConfigError: expiresAfterSeconds ...
 */
export class IdempotencyConfigError extends TypeError {
  constructor(
    readonly owner: string,
    readonly field: string,
    value: unknown,
    readonly rule: string,
    options?: ErrorOptions,
  ) {
    super(`${owner}: ${field} ${rule}, got ${describe(value)}`, options);
    this.name = 'IdempotencyConfigError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
