import type { LambdaContext } from '@lambkit/core';
import type { IdempotencyRecordStatus } from './constants.js';
import type { IdempotencyConfig } from './idempotency-config.js';
import type { IdempotencyRecord } from './persistence/idempotency-record.js';

/** A JSON value, as records store responses. */
export type JSONPrimitive = string | number | boolean | null | undefined;
/** A JSON value, as records store responses. */
export type JSONValue = JSONPrimitive | JSONObject | JSONArray;
/** A JSON object. */
export type JSONObject = { [key: number | string]: JSONValue };
/** A JSON array. */
export type JSONArray = Array<JSONValue>;

/** A `Functions` instance of @aws-lambda-powertools/jmespath, as far as it is typed here: any installed version fits. */
// biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' idempotency types, so functions and options written for Powertools stay assignable
export type JMESPathFunctions = { methods: Set<string>; introspectMethods(scope?: any): Set<string> };

/** The Lambda context, as far as idempotency reads it (the remaining time). */
export type Context = LambdaContext;

/** A status an idempotency record can have. */
export type IdempotencyRecordStatusValue =
  (typeof IdempotencyRecordStatus)[keyof typeof IdempotencyRecordStatus];

/** The fields of an idempotency record. */
export type IdempotencyRecordOptions = {
  idempotencyKey: string;
  sortKey?: string;
  status: IdempotencyRecordStatusValue;
  expiryTimestamp?: number;
  inProgressExpiryTimestamp?: number;
  responseData?: JSONValue;
  payloadHash?: string;
};

/**
 * A persistence layer as idempotency calls it: a BasePersistenceLayer. Typed by its methods, so a
 * class with private state of its own (Powertools' layers) fits too.
 */
export type PersistenceStore = BasePersistenceLayerInterface & {
  processExistingRecord(storedDataRecord: IdempotencyRecord, processedData: unknown): IdempotencyRecord;
};

/** Options of `makeIdempotent`, `makeHandlerIdempotent` and `@idempotent()`. */
export type IdempotencyLambdaHandlerOptions = {
  /** Where records are kept: a DynamoDBPersistenceLayer, or your own BasePersistenceLayer. */
  persistenceStore: PersistenceStore;
  /** How keys are taken and records kept; defaults to `new IdempotencyConfig({})`. */
  config?: IdempotencyConfig;
  /** Replaces the function name (AWS_LAMBDA_FUNCTION_NAME) in front of each key. */
  keyPrefix?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' idempotency types, so functions and options written for Powertools stay assignable
export type AnyFunction = (...args: Array<any>) => any;

/** Options of `makeIdempotent`: with a function that is not a handler, `dataIndexArgument` picks the argument hashed. */
// biome-ignore lint/suspicious/noExplicitAny: mirrors Powertools' idempotency types, so functions and options written for Powertools stay assignable
export type ItempotentFunctionOptions<T extends Array<any>> = T[1] extends Context
  ? IdempotencyLambdaHandlerOptions
  : IdempotencyLambdaHandlerOptions & { dataIndexArgument?: number };

/** What Powertools' internal handler class takes; exported by its /types subpath. */
export type IdempotencyHandlerOptions = {
  functionArguments: unknown[];
  functionPayloadToBeHashed: JSONValue;
  functionToMakeIdempotent: AnyFunction;
  idempotencyConfig: IdempotencyConfig;
  keyPrefix?: string;
  persistenceStore: PersistenceStore;
  thisArg?: unknown;
};

/** Runs on a stored response before it is returned for a repeated request. */
export type ResponseHook = (response: JSONValue, record: IdempotencyRecord) => JSONValue;

/** Options of `IdempotencyConfig`. */
export type IdempotencyConfigOptions = {
  /** JMESPath to the part of the payload that is the key; '' hashes the whole payload. */
  eventKeyJmesPath?: string;
  /** JMESPath to the part of the payload whose hash must match the stored one. */
  payloadValidationJmesPath?: string;
  /**
   * JMESPath functions: a `Functions` (or `PowertoolsFunctions`) instance of
   * @aws-lambda-powertools/jmespath, of any version installed; defaults to PowertoolsFunctions
   * (powertools_json, powertools_base64, powertools_base64_gzip).
   */
  jmesPathOptions?: JMESPathFunctions;
  /** Throw IdempotencyKeyError when the key is missing (default false: run without idempotency). */
  throwOnNoIdempotencyKey?: boolean;
  /** How long a COMPLETED record is honoured, in seconds (default 3600). */
  expiresAfterSeconds?: number;
  /** Keep COMPLETED records in memory too (default false). */
  useLocalCache?: boolean;
  /** Records the local cache keeps (default 1000). */
  maxLocalCacheSize?: number;
  /** A node:crypto hash (default 'md5', as Powertools, so keys match). */
  hashFunction?: string;
  /** The Lambda context, for the in-progress expiry. */
  lambdaContext?: Context;
  /** Runs on a stored response before it is returned. */
  responseHook?: ResponseHook;
};

/** What `configure` receives. */
export type BasePersistenceLayerOptions = {
  config: IdempotencyConfig;
  functionName?: string;
  keyPrefix?: string;
};

/** The public methods of a persistence layer. */
export interface BasePersistenceLayerInterface {
  configure(options?: BasePersistenceLayerOptions): void;
  isPayloadValidationEnabled(): boolean;
  saveInProgress(data: unknown, remainingTimeInMillis?: number): Promise<void>;
  saveSuccess(data: unknown, result: unknown): Promise<void>;
  deleteRecord(data: unknown): Promise<void>;
  getRecord(data: unknown): Promise<IdempotencyRecord>;
}

/** Attribute names a persistence layer writes. */
export interface BasePersistenceAttributes {
  expiryAttr?: string;
  inProgressExpiryAttr?: string;
  statusAttr?: string;
  dataAttr?: string;
  validationKeyAttr?: string;
}

/** A Redis or Valkey client, as Powertools' cache persistence layer takes it. */
export interface CacheClient {
  get(name: string): Promise<CacheValue | null>;
  set(name: CacheValue, value: unknown, options?: unknown): Promise<CacheValue | null>;
  del(keys: string[]): Promise<number>;
}

/** A value a cache client stores. */
export type CacheValue = string | Uint8Array<ArrayBufferLike>;

/** Options of Powertools' cache persistence layer. */
export interface CachePersistenceOptions extends BasePersistenceAttributes {
  client: CacheClient;
}
