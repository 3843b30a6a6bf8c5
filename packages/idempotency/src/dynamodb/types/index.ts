import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { BasePersistenceAttributes } from '../../types.js';

/** Options every DynamoDBPersistenceLayer takes. */
export interface DynamoDBPersistenceOptionsBase extends BasePersistenceAttributes {
  /** The table (partition key `id`, or `keyAttr`; TTL on `expiration`, or `expiryAttr`). */
  tableName: string;
  /** Partition key attribute (default 'id'). */
  keyAttr?: string;
  /** Sort key attribute, for a table with a composite key: the partition key is then `staticPkValue`. */
  sortKeyAttr?: string;
  /** The partition key value with `sortKeyAttr` (default `idempotency#<function name>`). */
  staticPkValue?: string;
}

/** Options with a configuration for the client the layer creates. */
export interface DynamoDBPersistenceOptionsWithClientConfig extends DynamoDBPersistenceOptionsBase {
  awsSdkV3Client?: never;
  clientConfig?: DynamoDBClientConfig;
}

/** Options with your own client. */
export interface DynamoDBPersistenceOptionsWithClientInstance extends DynamoDBPersistenceOptionsBase {
  awsSdkV3Client?: DynamoDBClient;
  clientConfig?: never;
}

/** Options of DynamoDBPersistenceLayer. */
export type DynamoDBPersistenceOptions =
  | DynamoDBPersistenceOptionsWithClientConfig
  | DynamoDBPersistenceOptionsWithClientInstance;
