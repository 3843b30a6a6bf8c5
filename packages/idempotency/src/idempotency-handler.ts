import { writeWarning } from '@lambkit/core';
import { IdempotencyRecordStatus, MAX_RETRIES } from './constants.js';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  IdempotencyUnknownError,
} from './errors.js';
import type { IdempotencyConfig } from './idempotency-config.js';
import { searchPayload } from './jmespath.js';
import type { IdempotencyRecord } from './persistence/idempotency-record.js';
import type { JSONValue, PersistenceStore } from './types.js';

/** Returned by `claimOrStoredResult` when this call holds the key and must run the function. */
export const CLAIMED: unique symbol = Symbol('@lambkit/idempotency.claimed');

/**
 * Whether this payload runs without idempotency: idempotency is off, or the key is missing and
 * `throwOnNoIdempotencyKey` is not set (Powertools' rule). The second says so, once per expression.
 */
export function shouldSkipIdempotency(config: IdempotencyConfig, payload: unknown): boolean {
  if (!config.isEnabled()) return true;
  const expression = config.eventKeyJmesPath;
  if (expression === '' || config.throwOnNoIdempotencyKey) return false;
  let key: unknown;
  try {
    key = searchPayload(expression, payload, config.jmesPathOptions);
  } catch (error) {
    throw new IdempotencyKeyError(
      `Could not evaluate eventKeyJmesPath "${expression}" on the payload: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (key !== undefined && key !== null) return false;
  writeWarning({
    package: '@lambkit/idempotency',
    code: 'IDEMPOTENCY_SKIPPED_NO_KEY',
    message: `No idempotency key at eventKeyJmesPath "${expression}": such payloads run without idempotency (Powertools' default). Set throwOnNoIdempotencyKey: true to refuse them.`,
    fields: { eventKeyJmesPath: expression },
    onceKey: `idempotency:skipped:${expression}`,
  });
  return true;
}

/** The stored result for a record that exists, or the error its state calls for. */
function resultOfRecord(config: IdempotencyConfig, record: IdempotencyRecord): unknown {
  const status = record.getStatus();
  if (status === IdempotencyRecordStatus.EXPIRED) {
    throw new IdempotencyInconsistentStateError(
      'Item has expired during processing and may not longer be valid.',
    );
  }
  if (status === IdempotencyRecordStatus.INPROGRESS) {
    // Powertools compares with getUTCMilliseconds() (0-999), so it never sees an abandoned record here.
    if (record.inProgressExpiryTimestamp !== undefined && record.inProgressExpiryTimestamp < Date.now()) {
      throw new IdempotencyInconsistentStateError(
        'Item is in progress but the in progress expiry timestamp has expired.',
      );
    }
    throw new IdempotencyAlreadyInProgressError(
      `There is already an execution in progress with idempotency key: ${record.idempotencyKey}${record.sortKey ? ` and sort key: ${record.sortKey}` : ''}`,
      record,
    );
  }
  const response = record.getResponse();
  return config.responseHook === undefined ? response : config.responseHook(response, record);
}

async function storedRecord(store: PersistenceStore, payload: JSONValue): Promise<IdempotencyRecord> {
  try {
    return await store.getRecord(payload);
  } catch (error) {
    // Deleted between the refused put and this read (the holder threw): the key is free again.
    if ((error as Error | undefined)?.name === 'IdempotencyItemNotFoundError') {
      throw new IdempotencyInconsistentStateError('Item was deleted between the put and the read.', {
        cause: error,
      });
    }
    if (error instanceof IdempotencyUnknownError) throw error;
    throw new IdempotencyPersistenceLayerError('Failed to get record from idempotency store', {
      cause: error,
    });
  }
}

/**
 * Claims the key (INPROGRESS), or reads the record that holds it: CLAIMED, the stored response, or
 * the error of its state. A store failure is IdempotencyPersistenceLayerError: the function never
 * runs when the store could not say the key is free.
 */
async function claimOnce(
  store: PersistenceStore,
  config: IdempotencyConfig,
  payload: JSONValue,
  remainingTimeInMillis: number | undefined,
  isReplay: boolean,
): Promise<unknown> {
  try {
    await store.saveInProgress(payload, remainingTimeInMillis);
    return CLAIMED;
  } catch (error) {
    if (!(error instanceof Error)) {
      throw new IdempotencyUnknownError('An unknown error occurred while processing the request.', {
        cause: error,
      });
    }
    if (error.name !== 'IdempotencyItemAlreadyExistsError') {
      if (error instanceof IdempotencyKeyError) throw error;
      throw new IdempotencyPersistenceLayerError('Failed to save in progress record to idempotency store', {
        cause: error,
      });
    }
    if (isReplay) return CLAIMED;
    const existing = (error as { existingRecord?: IdempotencyRecord }).existingRecord;
    const record =
      existing === undefined
        ? await storedRecord(store, payload)
        : store.processExistingRecord(existing, payload);
    return resultOfRecord(config, record);
  }
}

/** `claimOnce`, retried twice when the record changed under it, as Powertools. */
export async function claimOrStoredResult(
  store: PersistenceStore,
  config: IdempotencyConfig,
  payload: JSONValue,
  remainingTimeInMillis: number | undefined,
  isReplay = false,
): Promise<unknown> {
  for (let retry = 0; ; retry++) {
    try {
      return await claimOnce(store, config, payload, remainingTimeInMillis, isReplay);
    } catch (error) {
      if (!(error instanceof IdempotencyInconsistentStateError) || retry >= MAX_RETRIES) throw error;
    }
  }
}

/** Saves the COMPLETED record; a failure is IdempotencyPersistenceLayerError (the result was not kept). */
export async function saveResult(
  store: PersistenceStore,
  payload: JSONValue,
  result: unknown,
): Promise<void> {
  try {
    await store.saveSuccess(payload, result as JSONValue);
  } catch (error) {
    throw new IdempotencyPersistenceLayerError('Failed to update success record to idempotency store', {
      cause: error,
    });
  }
}

/** Deletes the INPROGRESS record after the function threw, so a retry runs it again. */
export async function releaseKey(
  store: PersistenceStore,
  payload: JSONValue,
  functionError: unknown,
): Promise<void> {
  try {
    await store.deleteRecord(payload);
  } catch (error) {
    const reason = functionError instanceof Error ? `: ${functionError.message}` : '';
    throw new IdempotencyPersistenceLayerError(
      `Failed to delete record from idempotency store after the function threw${reason}; the key stays locked until its in-progress expiry`,
      { cause: error },
    );
  }
}

/** Runs one idempotent call: claim, run, save (or release on error). */
export async function runIdempotent(
  store: PersistenceStore,
  config: IdempotencyConfig,
  payload: JSONValue,
  remainingTimeInMillis: number | undefined,
  isReplay: boolean,
  invoke: () => unknown,
): Promise<unknown> {
  const claimed = await claimOrStoredResult(store, config, payload, remainingTimeInMillis, isReplay);
  if (claimed !== CLAIMED) return claimed;
  let result: unknown;
  try {
    result = await invoke();
  } catch (error) {
    await releaseKey(store, payload, error);
    throw error;
  }
  await saveResult(store, payload, result);
  return result;
}
