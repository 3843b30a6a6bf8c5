import { createHash } from 'node:crypto';
import { readEnvString, writeWarning } from '@lambkit/core';
import { IdempotencyRecordStatus } from '../constants.js';
import { deepSort } from '../deep-sort.js';
import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyKeyError,
  IdempotencyValidationError,
} from '../errors.js';
import type { IdempotencyConfig } from '../idempotency-config.js';
import { type JMESPathSearchOptions, searchPayload } from '../jmespath.js';
import type { BasePersistenceLayerInterface, BasePersistenceLayerOptions, JSONValue } from '../types.js';
import { IdempotencyRecord } from './idempotency-record.js';
import { LruCache } from './lru-cache.js';

const COMPARED_SETTINGS = [
  'eventKeyJmesPath',
  'payloadValidationJmesPath',
  'throwOnNoIdempotencyKey',
  'expiresAfterSeconds',
  'useLocalCache',
  'maxLocalCacheSize',
  'hashFunction',
] as const;

/**
 * The part of a persistence layer every store shares, as Powertools' BasePersistenceLayer: keys
 * (`<function name>#<base64 md5 of the sorted JSON>`), payload hashes, expiries, the local cache.
 * A custom store extends it and implements `_putRecord` (a conditional put that throws
 * IdempotencyItemAlreadyExistsError), `_getRecord`, `_updateRecord` and `_deleteRecord`.
 *
 * @example
 * class MapStore extends BasePersistenceLayer {
 *   readonly #items = new Map<string, IdempotencyRecord>();
 *   protected async _putRecord(record: IdempotencyRecord): Promise<void> {
 *     const old = this.#items.get(record.idempotencyKey);
 *     if (old !== undefined && !old.isExpired()) throw new IdempotencyItemAlreadyExistsError('exists', old);
 *     this.#items.set(record.idempotencyKey, record);
 *   }
 *   protected async _getRecord(key: string): Promise<IdempotencyRecord> { return this.#items.get(key) as IdempotencyRecord; }
 *   protected async _updateRecord(record: IdempotencyRecord): Promise<void> { this.#items.set(record.idempotencyKey, record); }
 *   protected async _deleteRecord(record: IdempotencyRecord): Promise<void> { this.#items.delete(record.idempotencyKey); }
 * }
 */
export abstract class BasePersistenceLayer implements BasePersistenceLayerInterface {
  /** What each key starts with: the function name, or the `keyPrefix` option. */
  idempotencyKeyPrefix: string;
  /** Seconds a COMPLETED record is honoured. */
  protected expiresAfterSeconds = 60 * 60;
  #cache?: LruCache<IdempotencyRecord>;
  #config?: IdempotencyConfig;
  #eventKeyJmesPath = '';
  #validationKeyJmesPath?: string;
  #jmesPathOptions?: JMESPathSearchOptions;
  #hashFunction = 'md5';
  #throwOnNoIdempotencyKey = false;
  #mismatchWarned = false;
  readonly #keyPrefixBase: string;
  // The last payload hashed, and its hashes: a call hashes its payload once, though it is claimed,
  // then completed (or deleted) by separate calls of the public methods. A pure cache: it is used
  // only for the same payload object and the same prefix.
  #memoData: unknown;
  #memoPrefix = '';
  #memoKey = '';
  #memoPayloadHash: string | undefined;

  constructor() {
    this.#keyPrefixBase = readEnvString('AWS_LAMBDA_FUNCTION_NAME', '');
    this.idempotencyKeyPrefix = this.#keyPrefixBase;
  }

  /**
   * Takes the settings of the config the first time; a later, different config is ignored with one
   * warning (use a store per config). `keyPrefix` applies to each call.
   */
  configure(options: BasePersistenceLayerOptions): void {
    const { config, keyPrefix, functionName } = options;
    if (keyPrefix?.trim()) this.idempotencyKeyPrefix = keyPrefix.trim();
    else if (functionName?.trim())
      this.idempotencyKeyPrefix = `${this.#keyPrefixBase}.${functionName.trim()}`;
    if (this.#config !== undefined) {
      if (config !== this.#config) this.#warnIfConfigMismatch(config);
      return;
    }
    this.#config = config;
    this.#eventKeyJmesPath = config.eventKeyJmesPath;
    this.#validationKeyJmesPath = config.payloadValidationJmesPath;
    this.#jmesPathOptions = config.jmesPathOptions;
    this.#throwOnNoIdempotencyKey = config.throwOnNoIdempotencyKey;
    this.expiresAfterSeconds = config.expiresAfterSeconds;
    this.#hashFunction = config.hashFunction;
    this.#cache = config.useLocalCache ? new LruCache(config.maxLocalCacheSize) : undefined;
  }

  #warnIfConfigMismatch(config: IdempotencyConfig): void {
    const first = this.#config as IdempotencyConfig;
    if (this.#mismatchWarned) return;
    const differing = COMPARED_SETTINGS.filter((name) => config[name] !== first[name]);
    if (
      config.jmesPathOptions?.customFunctions?.constructor !==
      first.jmesPathOptions?.customFunctions?.constructor
    ) {
      differing.push('jmesPathOptions' as never);
    }
    if (differing.length === 0) return;
    this.#mismatchWarned = true;
    writeWarning({
      package: '@lambkit/idempotency',
      code: 'IDEMPOTENCY_CONFIG_MISMATCH',
      message: `This persistence layer is already configured with a different idempotency configuration; the new configuration is ignored (${differing.join(', ')}). If your idempotent operations require different configurations, use a separate persistence layer instance for each one.`,
      onceKey: `idempotency:config-mismatch:${differing.join(',')}`,
    });
  }

  /** Deletes the record of this payload (the function threw: a retry runs again). */
  async deleteRecord(data: JSONValue): Promise<void> {
    const record = new IdempotencyRecord({
      idempotencyKey: this.getHashedIdempotencyKey(data),
      status: IdempotencyRecordStatus.EXPIRED,
    });
    await this._deleteRecord(record);
    this.#cache?.remove(record.idempotencyKey);
  }

  /** Seconds a COMPLETED record is honoured. */
  getExpiresAfterSeconds(): number {
    return this.expiresAfterSeconds;
  }

  /** The record of this payload, from the local cache or the store, validated against the payload. */
  async getRecord(data: JSONValue): Promise<IdempotencyRecord> {
    const idempotencyKey = this.getHashedIdempotencyKey(data);
    const cached = this.#fromCache(idempotencyKey);
    if (cached !== undefined) {
      this.#validatePayload(data, cached);
      return cached;
    }
    const record = await this._getRecord(idempotencyKey);
    this.processExistingRecord(record, data);
    return record;
  }

  /** Whether `payloadValidationJmesPath` is set. */
  isPayloadValidationEnabled(): boolean {
    return this.#validationKeyJmesPath !== undefined;
  }

  /** Validates a stored record against the payload (IdempotencyValidationError) and caches it. */
  processExistingRecord(
    storedDataRecord: IdempotencyRecord,
    processedData: JSONValue | IdempotencyRecord,
  ): IdempotencyRecord {
    this.#validatePayload(processedData, storedDataRecord);
    this.#saveToCache(storedDataRecord);
    return storedDataRecord;
  }

  /**
   * Claims the key: writes an INPROGRESS record unless one exists that has not expired
   * (IdempotencyItemAlreadyExistsError). The remaining time of the invocation sets the in-progress
   * expiry, after which another invocation may take the key over.
   */
  async saveInProgress(data: JSONValue, remainingTimeInMillis?: number): Promise<void> {
    // A claim starts a call: the payload is hashed again, as it may have changed in place since
    // the last call passed the same object.
    this.#memoKey = '';
    const record = new IdempotencyRecord({
      idempotencyKey: this.getHashedIdempotencyKey(data),
      status: IdempotencyRecordStatus.INPROGRESS,
      expiryTimestamp: this.#expiryTimestamp(),
      payloadHash: this.#payloadHash(data),
    });
    if (remainingTimeInMillis) {
      record.inProgressExpiryTimestamp = Date.now() + remainingTimeInMillis;
    } else {
      writeWarning({
        package: '@lambkit/idempotency',
        code: 'IDEMPOTENCY_NO_REMAINING_TIME',
        message:
          'Could not determine remaining time left. Did you call registerLambdaContext on IdempotencyConfig? Records are written without an in-progress expiry: if an invocation dies, its key stays locked until the record expires (expiresAfterSeconds).',
        onceKey: 'idempotency:no-remaining-time',
      });
    }
    const cached = this.#fromCache(record.idempotencyKey);
    if (cached !== undefined) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        cached,
      );
    }
    await this._putRecord(record);
  }

  /** Writes the COMPLETED record with the function's result and a new expiry. */
  async saveSuccess(data: JSONValue, result: JSONValue): Promise<void> {
    const record = new IdempotencyRecord({
      idempotencyKey: this.getHashedIdempotencyKey(data),
      status: IdempotencyRecordStatus.COMPLETED,
      expiryTimestamp: this.#expiryTimestamp(),
      responseData: result,
      payloadHash: this.#payloadHash(data),
    });
    await this._updateRecord(record);
    this.#saveToCache(record);
  }

  protected abstract _deleteRecord(record: IdempotencyRecord): Promise<void>;
  protected abstract _getRecord(idempotencyKey: string): Promise<IdempotencyRecord>;
  protected abstract _putRecord(record: IdempotencyRecord): Promise<void>;
  protected abstract _updateRecord(record: IdempotencyRecord): Promise<void>;

  /** The key of a payload: `<prefix>#<hash of the sorted JSON of the part under eventKeyJmesPath>`. */
  protected getHashedIdempotencyKey(data: JSONValue): string {
    if (data === this.#memoData && this.idempotencyKeyPrefix === this.#memoPrefix && this.#memoKey !== '') {
      return this.#memoKey;
    }
    const key = `${this.idempotencyKeyPrefix}#${this.#hash(this.#keyPart(data))}`;
    this.#memoData = data;
    this.#memoPrefix = this.idempotencyKeyPrefix;
    this.#memoKey = key;
    this.#memoPayloadHash = undefined;
    return key;
  }

  #keyPart(data: JSONValue): unknown {
    const expression = this.#eventKeyJmesPath;
    if (expression === '') return data;
    let part: unknown;
    try {
      part = searchPayload(expression, data, this.#jmesPathOptions as JMESPathSearchOptions);
    } catch (error) {
      throw new IdempotencyKeyError(
        `Could not evaluate eventKeyJmesPath "${expression}" on the payload: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (isMissingIdempotencyKey(part)) {
      if (this.#throwOnNoIdempotencyKey) {
        throw new IdempotencyKeyError(
          `No data found to create a hashed idempotency_key at eventKeyJmesPath "${expression}"`,
        );
      }
      writeWarning({
        package: '@lambkit/idempotency',
        code: 'IDEMPOTENCY_NO_KEY',
        message: `No value found for idempotency_key. jmespath: ${expression}. Payloads without a key share one record; set throwOnNoIdempotencyKey to refuse them.`,
        fields: { eventKeyJmesPath: expression },
        onceKey: `idempotency:no-key:${expression}`,
      });
    }
    return part;
  }

  #hash(value: unknown): string {
    // JSON.stringify(undefined) is undefined: hashed as "null", what Powertools for Python hashes.
    return createHash(this.#hashFunction)
      .update(JSON.stringify(deepSort(value)) ?? 'null')
      .digest('base64');
  }

  #payloadHash(data: JSONValue): string {
    const expression = this.#validationKeyJmesPath;
    if (expression === undefined) return '';
    if (data === this.#memoData && this.#memoPayloadHash !== undefined) return this.#memoPayloadHash;
    const hash = this.#hash(searchPayload(expression, data, this.#jmesPathOptions as JMESPathSearchOptions));
    if (data === this.#memoData) this.#memoPayloadHash = hash;
    return hash;
  }

  #validatePayload(data: JSONValue | IdempotencyRecord, stored: IdempotencyRecord): void {
    if (this.#validationKeyJmesPath === undefined) return;
    const hash = data instanceof IdempotencyRecord ? data.payloadHash : this.#payloadHash(data);
    if (hash !== stored.payloadHash) {
      throw new IdempotencyValidationError('Payload does not match stored record for this event key', stored);
    }
  }

  #expiryTimestamp(): number {
    return Math.round(Date.now() / 1000 + this.expiresAfterSeconds);
  }

  #fromCache(idempotencyKey: string): IdempotencyRecord | undefined {
    const cached = this.#cache?.get(idempotencyKey);
    if (cached === undefined) return undefined;
    if (!cached.isExpired()) return cached;
    this.#cache?.remove(idempotencyKey);
    return undefined;
  }

  // INPROGRESS records are not cached: the store may change them from another invocation.
  #saveToCache(record: IdempotencyRecord): void {
    if (this.#cache === undefined || record.getStatus() === IdempotencyRecordStatus.INPROGRESS) return;
    this.#cache.add(record.idempotencyKey, record);
  }
}

/** Powertools' rule: no key is null, undefined, a falsy primitive, or an object or array of only falsy values. */
function isMissingIdempotencyKey(data: unknown): boolean {
  if (data === null || data === undefined) return true;
  if (typeof data === 'object') return !Object.values(data).some(Boolean);
  return !data;
}
