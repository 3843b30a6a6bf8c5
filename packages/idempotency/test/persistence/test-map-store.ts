// Test helper (not published): a persistence layer in a Map, as a user would write one by extending
// BasePersistenceLayer, with counters of the calls it gets and switches for a store that misbehaves.
import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '../../src/errors.js';
import { BasePersistenceLayer } from '../../src/persistence/base-persistence-layer.js';
import type { IdempotencyRecord } from '../../src/persistence/idempotency-record.js';

export class MapStore extends BasePersistenceLayer {
  readonly items = new Map<string, IdempotencyRecord>();
  readonly calls = { put: 0, get: 0, update: 0, delete: 0 };
  /** Refused puts leave the existing record out of the error, as a store without ALL_OLD would. */
  withoutExistingRecord = false;
  /** How many of the next puts are refused whatever the table holds (a store that lags behind). */
  refuseNextPuts = 0;
  /** Thrown by the next put instead of writing, once. */
  failNextPut: unknown;
  /** Thrown by every get. */
  failGet: unknown;
  /** Thrown by every delete. */
  failDelete: unknown;
  /** Thrown by every update. */
  failUpdate: unknown;

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    this.calls.put += 1;
    if (this.failNextPut !== undefined) {
      const error = this.failNextPut;
      this.failNextPut = undefined;
      throw error;
    }
    const old = this.items.get(record.idempotencyKey);
    const taken = old !== undefined && !old.isExpired() && !isAbandoned(old);
    if (this.refuseNextPuts > 0 || taken) {
      this.refuseNextPuts = Math.max(0, this.refuseNextPuts - 1);
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        this.withoutExistingRecord ? undefined : old,
      );
    }
    this.items.set(record.idempotencyKey, record);
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    this.calls.get += 1;
    if (this.failGet !== undefined) throw this.failGet;
    const record = this.items.get(idempotencyKey);
    if (record === undefined) throw new IdempotencyItemNotFoundError(`No record for ${idempotencyKey}`);
    return record;
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.calls.update += 1;
    if (this.failUpdate !== undefined) throw this.failUpdate;
    this.items.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.calls.delete += 1;
    if (this.failDelete !== undefined) throw this.failDelete;
    this.items.delete(record.idempotencyKey);
  }

  /** The key this store gives a payload, as the public API computes it. */
  keyOf(payload: unknown): string {
    return this.getHashedIdempotencyKey(payload as never);
  }
}

function isAbandoned(record: IdempotencyRecord): boolean {
  const expiry = record.inProgressExpiryTimestamp;
  return record.getStatus() === 'INPROGRESS' && expiry !== undefined && expiry < Date.now();
}
