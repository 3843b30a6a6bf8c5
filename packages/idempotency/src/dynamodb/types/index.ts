import type { BasePersistenceAttributes } from '../../types.js';

/**
 * A DynamoDBClient of @aws-sdk/client-dynamodb, typed by what the layer calls, so these declarations
 * compile where the SDK is not installed (it is loaded on the first call, and Lambda provides it).
 */
export interface DynamoDBClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
  send(command: any, options?: any): Promise<any>;
}

/** The configuration of a DynamoDBClient (`new DynamoDBClient(clientConfig)`): region, endpoint, credentials... */
// biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
export type DynamoDBClientConfigLike = { [option: string]: any };

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
  clientConfig?: DynamoDBClientConfigLike;
}

/** Options with your own client. */
export interface DynamoDBPersistenceOptionsWithClientInstance extends DynamoDBPersistenceOptionsBase {
  awsSdkV3Client?: DynamoDBClientLike;
  clientConfig?: never;
}

/** Options of DynamoDBPersistenceLayer. */
export type DynamoDBPersistenceOptions =
  | DynamoDBPersistenceOptionsWithClientConfig
  | DynamoDBPersistenceOptionsWithClientInstance;
