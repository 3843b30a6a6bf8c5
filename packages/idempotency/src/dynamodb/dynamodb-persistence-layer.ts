import { withoutRawResponse } from '@lambkit/core';
import { IdempotencyRecordStatus, PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS } from '../constants.js';
import {
  IdempotencyConfigError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyPersistenceLayerError,
} from '../errors.js';
import { BasePersistenceLayer } from '../persistence/base-persistence-layer.js';
import { IdempotencyRecord } from '../persistence/idempotency-record.js';
import type { IdempotencyRecordStatusValue } from '../types.js';
import { type AttributeValue, fromAttributeValue, toAttributeValue } from './attribute-value.js';
import type { DynamoDBPersistenceOptions } from './types/index.js';

type DynamoModule = typeof import('@aws-sdk/client-dynamodb');
type Item = Record<string, AttributeValue>;
// biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
type SdkClient = { send(command: unknown): Promise<any> };

let loading: Promise<DynamoModule> | undefined;

// The SDK loads on the first call, not at import: importing @lambkit/idempotency/dynamodb costs no
// SDK load in a cold start that never reaches the store (POWERTOOLS_IDEMPOTENCY_DISABLED, a skipped key).
function loadDynamo(): Promise<DynamoModule> {
  loading ??= import('@aws-sdk/client-dynamodb').catch((error: unknown) => {
    loading = undefined;
    throw new IdempotencyPersistenceLayerError(
      'DynamoDBPersistenceLayer needs @aws-sdk/client-dynamodb: install it (npm install @aws-sdk/client-dynamodb), or mark it external when Lambda provides it',
      { cause: error },
    );
  });
  return loading;
}

const OWNER = 'DynamoDBPersistenceLayer';
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function attributeName(field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    throw new IdempotencyConfigError(OWNER, field, value, 'must be an attribute name of 1 to 255 characters');
  }
  return value;
}

// Claims the key when no record exists, when it has expired, or when it is INPROGRESS and its
// in-progress expiry has passed (the invocation that held it died): Powertools' condition.
const CLAIM_CONDITION =
  'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)';

/**
 * Idempotency records in a DynamoDB table, written as Powertools writes them (same attributes,
 * same key, same conditional put), so a function switching between the two honours the records
 * the other wrote. The client is @aws-sdk/client-dynamodb, loaded on first use; AWS_ENDPOINT_URL_DYNAMODB
 * points it at a local DynamoDB.
 *
 * @example
 * import { DynamoDBPersistenceLayer } from '@lambkit/idempotency/dynamodb';
 *
 * const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
 */
export class DynamoDBPersistenceLayer extends BasePersistenceLayer {
  private readonly dataAttr: string;
  private readonly expiryAttr: string;
  private readonly inProgressExpiryAttr: string;
  private readonly keyAttr: string;
  private readonly sortKeyAttr?: string;
  private readonly staticPkValue: string;
  private readonly statusAttr: string;
  private readonly tableName: string;
  private readonly validationKeyAttr: string;
  #client?: SdkClient;
  readonly #clientConfig: object;
  #names?: Record<string, string>;

  constructor(config: DynamoDBPersistenceOptions) {
    super();
    if (config === null || typeof config !== 'object') {
      throw new IdempotencyConfigError(OWNER, 'options', config, 'must be an object with a tableName');
    }
    if (typeof config.tableName !== 'string' || !TABLE_NAME.test(config.tableName)) {
      throw new IdempotencyConfigError(
        OWNER,
        'tableName',
        config.tableName,
        'must be a DynamoDB table name (3-255 letters, digits, "_", "-" or ".")',
      );
    }
    this.tableName = config.tableName;
    this.keyAttr = attributeName('keyAttr', config.keyAttr, 'id');
    this.statusAttr = attributeName(
      'statusAttr',
      config.statusAttr,
      PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.statusAttr,
    );
    this.expiryAttr = attributeName(
      'expiryAttr',
      config.expiryAttr,
      PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.expiryAttr,
    );
    this.inProgressExpiryAttr = attributeName(
      'inProgressExpiryAttr',
      config.inProgressExpiryAttr,
      PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.inProgressExpiryAttr,
    );
    this.dataAttr = attributeName('dataAttr', config.dataAttr, PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.dataAttr);
    this.validationKeyAttr = attributeName(
      'validationKeyAttr',
      config.validationKeyAttr,
      PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.validationKeyAttr,
    );
    if (config.sortKeyAttr === this.keyAttr) {
      throw new Error(
        `keyAttr [${this.keyAttr}] and sortKeyAttr [${config.sortKeyAttr}] cannot be the same!`,
      );
    }
    this.sortKeyAttr =
      config.sortKeyAttr === undefined ? undefined : attributeName('sortKeyAttr', config.sortKeyAttr, '');
    this.staticPkValue = config.staticPkValue ?? `idempotency#${this.idempotencyKeyPrefix}`;
    const client = config.awsSdkV3Client as unknown;
    if (client !== undefined && (client === null || typeof (client as SdkClient).send !== 'function')) {
      throw new IdempotencyConfigError(
        OWNER,
        'awsSdkV3Client',
        client,
        'must be an AWS SDK v3 DynamoDBClient',
      );
    }
    this.#client = client as SdkClient | undefined;
    this.#clientConfig = config.clientConfig ?? {};
  }

  // biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
  async #send(build: (sdk: DynamoModule) => unknown): Promise<any> {
    const sdk = await loadDynamo();
    this.#client ??= new sdk.DynamoDBClient(this.#clientConfig);
    return this.#client.send(build(sdk)).catch((error: unknown) => {
      throw withoutRawResponse(error);
    });
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.#send(
      (sdk) =>
        new sdk.DeleteItemCommand({
          TableName: this.tableName,
          Key: this.getKey(record.idempotencyKey) as never,
        }),
    );
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const output = await this.#send(
      (sdk) =>
        new sdk.GetItemCommand({
          TableName: this.tableName,
          Key: this.getKey(idempotencyKey) as never,
          ConsistentRead: true,
        }),
    );
    if (output.Item === undefined) {
      throw new IdempotencyItemNotFoundError(`No idempotency record for key: ${idempotencyKey}`);
    }
    return this.#recordOf(output.Item as Item, idempotencyKey);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const item: Item = {
      ...this.getKey(record.idempotencyKey),
      [this.expiryAttr]: { N: String(record.expiryTimestamp) },
      [this.statusAttr]: { S: record.getStatus() },
    };
    if (record.inProgressExpiryTimestamp !== undefined) {
      item[this.inProgressExpiryAttr] = { N: String(record.inProgressExpiryTimestamp) };
    }
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) {
      item[this.validationKeyAttr] = { S: record.payloadHash };
    }
    const now = Date.now();
    try {
      await this.#send(
        (sdk) =>
          new sdk.PutItemCommand({
            TableName: this.tableName,
            Item: item as never,
            ExpressionAttributeNames: this.#claimNames(),
            ExpressionAttributeValues: {
              ':now': { N: String(now / 1000) },
              ':now_in_millis': { N: String(now) },
              ':inprogress': { S: IdempotencyRecordStatus.INPROGRESS },
            },
            ConditionExpression: CLAIM_CONDITION,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
      );
    } catch (error) {
      if ((error as Error | undefined)?.name !== 'ConditionalCheckFailedException') throw error;
      const old = (error as { Item?: Item }).Item;
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}${this.sortKeyAttr ? ` and sort key: ${record.sortKey ?? record.idempotencyKey}` : ''}`,
        old === undefined ? undefined : this.#recordOf(old, record.idempotencyKey),
      );
    }
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const names: Record<string, string> = { '#expiry': this.expiryAttr, '#status': this.statusAttr };
    const values: Item = {
      ':expiry': { N: String(record.expiryTimestamp) },
      ':status': { S: record.getStatus() },
    };
    let update = 'SET #expiry = :expiry, #status = :status';
    if (record.responseData !== undefined) {
      update += ', #response_data = :response_data';
      names['#response_data'] = this.dataAttr;
      values[':response_data'] = toAttributeValue(record.responseData);
    }
    if (this.isPayloadValidationEnabled()) {
      update += ', #validation_key = :validation_key';
      names['#validation_key'] = this.validationKeyAttr;
      values[':validation_key'] = { S: record.payloadHash ?? '' };
    }
    await this.#send(
      (sdk) =>
        new sdk.UpdateItemCommand({
          TableName: this.tableName,
          Key: this.getKey(record.idempotencyKey) as never,
          UpdateExpression: update,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values as never,
        }),
    );
  }

  /** The primary key of a record: the key, or `staticPkValue` and the key as sort key. */
  protected getKey(idempotencyKey: string): Record<string, AttributeValue> {
    if (this.sortKeyAttr !== undefined) {
      return { [this.keyAttr]: { S: this.staticPkValue }, [this.sortKeyAttr]: { S: idempotencyKey } };
    }
    return { [this.keyAttr]: { S: idempotencyKey } };
  }

  #claimNames(): Record<string, string> {
    this.#names ??= {
      '#id': this.keyAttr,
      '#expiry': this.expiryAttr,
      '#in_progress_expiry': this.inProgressExpiryAttr,
      '#status': this.statusAttr,
    };
    return this.#names;
  }

  /**
   * A stored item as a record. An item that cannot be read is an error, never a free key: running
   * the function again because a record is unreadable would run it twice.
   */
  #recordOf(item: Item, idempotencyKey: string): IdempotencyRecord {
    const unreadable = (attribute: string, rule: string) =>
      new IdempotencyPersistenceLayerError(
        `The idempotency record ${idempotencyKey} in table ${this.tableName} cannot be read: attribute "${attribute}" ${rule}`,
      );
    const keyAttribute = this.sortKeyAttr ?? this.keyAttr;
    const status = item[this.statusAttr];
    if (status === undefined || !('S' in status))
      throw unreadable(this.statusAttr, 'must be a string (INPROGRESS or COMPLETED)');
    const numberOf = (attribute: string): number | undefined => {
      const value = item[attribute];
      if (value === undefined) return undefined;
      const parsed = 'N' in value ? Number(value.N) : Number.NaN;
      if (!Number.isFinite(parsed)) throw unreadable(attribute, 'must be a number');
      return parsed;
    };
    const validation = item[this.validationKeyAttr];
    if (validation !== undefined && !('S' in validation))
      throw unreadable(this.validationKeyAttr, 'must be a string');
    const data = item[this.dataAttr];
    let responseData: unknown;
    try {
      responseData = data === undefined ? undefined : fromAttributeValue(data);
    } catch (error) {
      throw unreadable(this.dataAttr, `holds a value that cannot be read (${(error as Error).message})`);
    }
    const stored = item[keyAttribute];
    return new IdempotencyRecord({
      idempotencyKey: stored !== undefined && 'S' in stored ? stored.S : idempotencyKey,
      sortKey: this.sortKeyAttr === undefined ? undefined : idempotencyKey,
      status: status.S as IdempotencyRecordStatusValue,
      expiryTimestamp: numberOf(this.expiryAttr),
      inProgressExpiryTimestamp: numberOf(this.inProgressExpiryAttr),
      responseData: responseData as never,
      payloadHash: validation?.S,
    });
  }
}
