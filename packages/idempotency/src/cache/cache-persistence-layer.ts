import { IdempotencyRecordStatus, PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS } from '../constants.js';
import {
  IdempotencyConfigError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyPersistenceLayerError,
  IdempotencyUnknownError,
} from '../errors.js';
import { BasePersistenceLayer } from '../persistence/base-persistence-layer.js';
import { IdempotencyRecord } from '../persistence/idempotency-record.js';
import type { CacheClient, CachePersistenceOptions, CacheValue, JSONValue } from '../types.js';

const OWNER = 'CachePersistenceLayer';

// Powertools' figure: an orphaned record is taken over under a lock of at most 10 s.
const ORPHAN_LOCK_SECONDS = 10;

type StoredItem = Record<string, unknown>;

/**
 * The options of one SET, in the shapes of both clients Powertools documents: `EX`/`NX` for
 * @redis/client (`redis`), `expiry`/`conditionalSet` for @valkey/valkey-glide. Each client reads
 * its own keys and ignores the others'. Powertools passes only `EX`/`NX`, which Glide ignores: every
 * claim then succeeds and records never expire (Powertools issue 5716).
 */
function setOptions(ttlSeconds: number, onlyIfAbsent: boolean): Record<string, unknown> {
  const expiry = { type: 'EX', count: ttlSeconds };
  return onlyIfAbsent
    ? { EX: ttlSeconds, NX: true, expiry, conditionalSet: 'onlyIfDoesNotExist' }
    : { EX: ttlSeconds, expiry };
}

function attributeName(field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new IdempotencyConfigError(OWNER, field, value, 'must be a non-empty string');
  }
  return value;
}

function isCacheClient(client: unknown): client is CacheClient {
  if (client === null || typeof client !== 'object') return false;
  const { get, set, del } = client as Record<string, unknown>;
  return typeof get === 'function' && typeof set === 'function' && typeof del === 'function';
}

const decoder = new TextDecoder();

/**
 * Idempotency records in Redis or Valkey, written as Powertools' CachePersistenceLayer writes them
 * (same keys, same JSON, SET NX with an expiry to claim a key), so a function switching between the
 * two honours the records the other wrote. Bring your own connected client: `redis` / @redis/client,
 * or @valkey/valkey-glide.
 *
 * @example
 * import { createClient } from '@redis/client';
 * import { CachePersistenceLayer } from '@lambkit/idempotency/cache';
 *
 * const client = await createClient({ url: `rediss://${process.env.CACHE_ENDPOINT}:6379` }).connect();
 * const persistenceStore = new CachePersistenceLayer({ client });
 */
export class CachePersistenceLayer extends BasePersistenceLayer {
  readonly #client: CacheClient;
  readonly #dataAttr: string;
  readonly #expiryAttr: string;
  readonly #inProgressExpiryAttr: string;
  readonly #statusAttr: string;
  readonly #validationKeyAttr: string;

  constructor(options: CachePersistenceOptions) {
    super();
    if (options === null || typeof options !== 'object') {
      throw new IdempotencyConfigError(OWNER, 'options', options, 'must be an object with a client');
    }
    if (!isCacheClient(options.client)) {
      throw new IdempotencyConfigError(
        OWNER,
        'client',
        options.client,
        'must be a connected Redis or Valkey client with get, set and del (redis, @redis/client or @valkey/valkey-glide)',
      );
    }
    this.#client = options.client;
    const defaults = PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS;
    this.#statusAttr = attributeName('statusAttr', options.statusAttr, defaults.statusAttr);
    this.#expiryAttr = attributeName('expiryAttr', options.expiryAttr, defaults.expiryAttr);
    this.#inProgressExpiryAttr = attributeName(
      'inProgressExpiryAttr',
      options.inProgressExpiryAttr,
      defaults.inProgressExpiryAttr,
    );
    this.#dataAttr = attributeName('dataAttr', options.dataAttr, defaults.dataAttr);
    this.#validationKeyAttr = attributeName(
      'validationKeyAttr',
      options.validationKeyAttr,
      defaults.validationKeyAttr,
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.#client.del([record.idempotencyKey]);
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const stored = await this.#client.get(idempotencyKey);
    if (stored === null || stored === undefined) {
      throw new IdempotencyItemNotFoundError(`No idempotency record for key: ${idempotencyKey}`);
    }
    return this.#recordOf(stored, idempotencyKey);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    if (record.getStatus() !== IdempotencyRecordStatus.INPROGRESS) {
      throw new IdempotencyUnknownError('Only INPROGRESS records can be inserted with _putRecord');
    }
    const item: StoredItem = {
      [this.#statusAttr]: record.getStatus(),
      [this.#expiryAttr]: record.expiryTimestamp,
    };
    if (record.inProgressExpiryTimestamp !== undefined) {
      item[this.#inProgressExpiryAttr] = record.inProgressExpiryTimestamp;
    }
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) {
      item[this.#validationKeyAttr] = record.payloadHash;
    }
    const encoded = JSON.stringify(item);
    const ttl = this.#ttlOf(record.expiryTimestamp);
    const claimed = await this.#client.set(record.idempotencyKey, encoded, setOptions(ttl, true));
    if (claimed !== null && claimed !== undefined) return;

    const existing = await this.#existingRecord(record.idempotencyKey);
    if (existing === undefined || this.#isHeld(existing)) {
      // Without the record (deleted since the SET: its holder threw), the caller reads it again
      // and retries the claim.
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        existing,
      );
    }
    // An orphan: its in-progress expiry has passed (the invocation died) or it expired before the
    // cache evicted it. One invocation takes it over, under a lock the others fail to take.
    await this.#acquireOrphanLock(record.idempotencyKey);
    await this.#client.set(record.idempotencyKey, encoded, setOptions(ttl, false));
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const item: StoredItem = {
      [this.#statusAttr]: record.getStatus(),
      [this.#expiryAttr]: record.expiryTimestamp,
      [this.#dataAttr]: record.responseData,
    };
    // Powertools drops the payload hash here, so with payloadValidationJmesPath every repeat of a
    // completed request fails validation; the DynamoDB layers keep it, and so does this one.
    if (this.isPayloadValidationEnabled()) item[this.#validationKeyAttr] = record.payloadHash;
    // Without EX the SET would clear the key's expiry: the record would never leave the cache.
    await this.#client.set(
      record.idempotencyKey,
      JSON.stringify(item),
      setOptions(this.#ttlOf(record.expiryTimestamp), false),
    );
  }

  async #existingRecord(idempotencyKey: string): Promise<IdempotencyRecord | undefined> {
    try {
      return await this._getRecord(idempotencyKey);
    } catch (error) {
      if (error instanceof IdempotencyItemNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Whether a record keeps its key: COMPLETED and not expired, or INPROGRESS with an in-progress
   * expiry ahead or none at all. Powertools takes over an INPROGRESS record without one (written
   * without a Lambda context) at once, so two concurrent calls both run; here it is held until it
   * expires, as the DynamoDB layers' condition holds it.
   */
  #isHeld(record: IdempotencyRecord): boolean {
    const status = record.getStatus();
    if (status === IdempotencyRecordStatus.COMPLETED) return true;
    if (status !== IdempotencyRecordStatus.INPROGRESS) return false;
    const inProgressExpiry = record.inProgressExpiryTimestamp;
    return inProgressExpiry === undefined || inProgressExpiry > Date.now();
  }

  async #acquireOrphanLock(idempotencyKey: string): Promise<void> {
    // Whole seconds: Redis refuses EX 2.5 (expiresAfterSeconds may be any positive number).
    const seconds = Math.min(ORPHAN_LOCK_SECONDS, Math.ceil(this.expiresAfterSeconds));
    const acquired = await this.#client.set(`${idempotencyKey}:lock`, 'true', setOptions(seconds, true));
    if (acquired !== null && acquired !== undefined) return;
    // Another invocation is taking the orphan over: the caller reads its record and answers from it.
    throw new IdempotencyItemAlreadyExistsError('Lock acquisition failed, raise to retry');
  }

  #ttlOf(expiryTimestamp: number | undefined): number {
    if (expiryTimestamp === undefined) return this.expiresAfterSeconds;
    // Redis refuses EX 0: a record whose expiry is this second still lives one second.
    return Math.max(1, expiryTimestamp - Math.floor(Date.now() / 1000));
  }

  /**
   * A stored value as a record. A value that cannot be read is an error, never a free key: taking
   * it over (as Powertools does) would run the function again for a request that may have completed.
   */
  #recordOf(stored: CacheValue, idempotencyKey: string): IdempotencyRecord {
    const text = typeof stored === 'string' ? stored : decoder.decode(stored);
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      // The parser's message quotes the value, which may hold a stored response: it is left out.
      throw this.#unreadable(idempotencyKey, 'is not JSON');
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw this.#unreadable(idempotencyKey, 'is not a JSON object');
    }
    const fields = item as StoredItem;
    const status = fields[this.#statusAttr];
    if (typeof status !== 'string') {
      throw this.#unreadable(idempotencyKey, `has no string "${this.#statusAttr}"`);
    }
    const payloadHash = fields[this.#validationKeyAttr];
    if (payloadHash !== undefined && typeof payloadHash !== 'string') {
      throw this.#unreadable(idempotencyKey, `has a "${this.#validationKeyAttr}" that is not a string`);
    }
    return new IdempotencyRecord({
      idempotencyKey,
      status: status as never,
      expiryTimestamp: this.#numberOf(fields, this.#expiryAttr, idempotencyKey),
      inProgressExpiryTimestamp: this.#numberOf(fields, this.#inProgressExpiryAttr, idempotencyKey),
      responseData: fields[this.#dataAttr] as JSONValue,
      payloadHash,
    });
  }

  #numberOf(fields: StoredItem, attribute: string, idempotencyKey: string): number | undefined {
    const value = fields[attribute];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.#unreadable(idempotencyKey, `has a "${attribute}" that is not a number`);
    }
    return value;
  }

  #unreadable(idempotencyKey: string, rule: string): IdempotencyPersistenceLayerError {
    return new IdempotencyPersistenceLayerError(
      `The idempotency record ${idempotencyKey} in the cache cannot be read: its value ${rule}. Delete the key to let the request run again.`,
    );
  }
}
