export type {
  DynamoDBPersistenceOptions,
  DynamoDBPersistenceOptionsBase,
  DynamoDBPersistenceOptionsWithClientConfig,
  DynamoDBPersistenceOptionsWithClientInstance,
} from '../dynamodb/types/index.js';
export type {
  AnyFunction,
  BasePersistenceAttributes,
  BasePersistenceLayerInterface,
  BasePersistenceLayerOptions,
  IdempotencyConfigOptions,
  IdempotencyHandlerOptions,
  IdempotencyLambdaHandlerOptions,
  IdempotencyRecordOptions,
  IdempotencyRecordStatusValue,
  ItempotentFunctionOptions,
  JSONValue,
  ResponseHook,
} from '../types.js';
