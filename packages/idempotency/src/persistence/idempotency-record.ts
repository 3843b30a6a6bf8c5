import { IdempotencyRecordStatus } from '../constants.js';
import { IdempotencyInvalidStatusError } from '../errors.js';
import type { IdempotencyRecordOptions, IdempotencyRecordStatusValue, JSONValue } from '../types.js';

// Powertools declares `private readonly status`. A private member makes a class nominal in
// TypeScript: a record typed by Powertools (a custom store, a response hook written for it) would
// not be accepted here. The status is kept on the instance without a declaration instead.
type StoredStatus = { status: IdempotencyRecordStatusValue };

const STORED_STATUSES: ReadonlySet<unknown> = new Set(Object.values(IdempotencyRecordStatus));

/**
 * One idempotency record: the key, the status, the expiry (seconds since the epoch), the in-progress
 * expiry (milliseconds), the payload hash and the stored response, as Powertools' record.
 *
 * @example
 * const record = new IdempotencyRecord({ idempotencyKey: 'fn#abc', status: IdempotencyRecordStatus.COMPLETED, responseData: { ok: true } });
 */
export class IdempotencyRecord {
  /** When the record expires, in seconds since the epoch. */
  expiryTimestamp?: number;
  /** The idempotency key: `<prefix>#<hash>`. */
  idempotencyKey: string;
  /** The sort key, for DynamoDB tables with a composite key. */
  sortKey?: string;
  /** When an INPROGRESS record may be taken over, in milliseconds since the epoch. */
  inProgressExpiryTimestamp?: number;
  /** The hash of the payload under `payloadValidationJmesPath`. */
  payloadHash?: string;
  /** What the function returned. */
  responseData?: JSONValue;

  constructor(config: IdempotencyRecordOptions) {
    this.idempotencyKey = config.idempotencyKey;
    this.expiryTimestamp = config.expiryTimestamp;
    this.inProgressExpiryTimestamp = config.inProgressExpiryTimestamp;
    this.responseData = config.responseData;
    this.payloadHash = config.payloadHash;
    (this as unknown as StoredStatus).status = config.status;
    this.sortKey = config.sortKey;
  }

  /** The stored response. */
  getResponse(): JSONValue {
    return this.responseData as JSONValue;
  }

  /** EXPIRED once the expiry has passed, else the stored status; throws for a status it does not know. */
  getStatus(): IdempotencyRecordStatusValue {
    if (this.isExpired()) return IdempotencyRecordStatus.EXPIRED;
    const status = (this as unknown as StoredStatus).status;
    if (STORED_STATUSES.has(status)) return status;
    throw new IdempotencyInvalidStatusError(
      `Idempotency record ${this.idempotencyKey} has the status ${JSON.stringify(status)}, expected INPROGRESS or COMPLETED`,
    );
  }

  /** Whether the record's expiry has passed. */
  isExpired(): boolean {
    return this.expiryTimestamp !== undefined && Date.now() / 1000 > this.expiryTimestamp;
  }
}
