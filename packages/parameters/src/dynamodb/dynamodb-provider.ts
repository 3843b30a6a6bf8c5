import { BaseProvider } from '../base/base-provider.js';
import { providerDefaults } from '../base/provider-defaults.js';
import type { GetMaybeUndefined } from '../base/types/index.js';
import { ParameterOptionsError } from '../errors.js';
import { clientFor, lazyModule, sendWithSignatureRetry } from '../sdk-transport.js';
import type { BaseGetOptions, JsonValue } from '../types.js';
import type {
  DynamoDBGetMultipleOptions,
  DynamoDBGetMultipleOutput,
  DynamoDBGetOptions,
  DynamoDBGetOutput,
  DynamoDBProviderOptions,
} from './types/index.js';

type DynamoModule = typeof import('@aws-sdk/client-dynamodb');
type UtilModule = typeof import('@aws-sdk/util-dynamodb');

const loadDynamo = lazyModule<DynamoModule>(
  '@aws-sdk/client-dynamodb',
  () => import('@aws-sdk/client-dynamodb'),
);
const loadUtil = lazyModule<UtilModule>('@aws-sdk/util-dynamodb', () => import('@aws-sdk/util-dynamodb'));

// DynamoDB attribute names: 1-255 characters; table names: 3-255 of letters, digits, _ - .
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function checkAttribute(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    throw new ParameterOptionsError(
      'DynamoDBProvider',
      field,
      'must be an attribute name of 1-255 characters',
    );
  }
  return value;
}

/**
 * Powertools' DynamoDBProvider on lambkit: values in a DynamoDB table read with
 * @aws-sdk/client-dynamodb (loaded on first use; DynamoDB has no Lambda extension): `get` is one
 * GetItem by partition key, `getMultiple` a Query of every item of a partition keyed by sort key.
 * Values go through lambkit's one cache. AWS_ENDPOINT_URL_DYNAMODB points the SDK at a local
 * DynamoDB (dynalite, DynamoDB Local).
 *
 * @example
 * import { DynamoDBProvider } from '@lambkit/parameters/dynamodb';
 * const table = new DynamoDBProvider({ tableName: 'app-config' });
 * const limits = await table.get('limits', { transform: 'json', maxAge: 60 });
 */
export class DynamoDBProvider extends BaseProvider {
  protected keyAttr: string;
  protected sortAttr: string;
  protected tableName: string;
  protected valueAttr: string;
  readonly #shared: BaseGetOptions;

  constructor(config: DynamoDBProviderOptions) {
    super({});
    const given = (config ?? {}) as Partial<DynamoDBProviderOptions>;
    if (typeof given.tableName !== 'string' || !TABLE_NAME.test(given.tableName)) {
      throw new ParameterOptionsError(
        'DynamoDBProvider',
        'tableName',
        `must be a DynamoDB table name (3-255 letters, digits, "_", "-" or "."), got ${typeof given.tableName === 'string' ? JSON.stringify(given.tableName) : typeof given.tableName}`,
      );
    }
    this.#shared = providerDefaults('DynamoDBProvider', given);
    this.client = this.#shared.awsSdkV3Client;
    this.tableName = given.tableName;
    this.keyAttr = checkAttribute('keyAttr', given.keyAttr) ?? 'id';
    this.sortAttr = checkAttribute('sortAttr', given.sortAttr) ?? 'sk';
    this.valueAttr = checkAttribute('valueAttr', given.valueAttr) ?? 'value';
  }

  /** The value of the item whose partition key is `name`; undefined when there is none. */
  override get<
    ExplicitUserProvidedType = undefined,
    InferredFromOptionsType extends DynamoDBGetOptions | undefined = DynamoDBGetOptions,
  >(
    name: string,
    options?: NonNullable<InferredFromOptionsType & DynamoDBGetOptions>,
  ): Promise<
    GetMaybeUndefined<
      DynamoDBGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
      InferredFromOptionsType
    >
  > {
    return super.get(name, options as never) as Promise<never>;
  }

  /** The values of every item whose partition key is `path`, by sort key. */
  override getMultiple<
    ExplicitUserProvidedType = undefined,
    InferredFromOptionsType extends DynamoDBGetMultipleOptions | undefined = DynamoDBGetMultipleOptions,
  >(
    path: string,
    options?: NonNullable<InferredFromOptionsType & DynamoDBGetMultipleOptions>,
  ): Promise<DynamoDBGetMultipleOutput<ExplicitUserProvidedType, InferredFromOptionsType> | undefined> {
    return super.getMultiple(path, options as never) as Promise<never>;
  }

  protected async _get(
    name: string,
    options?: NonNullable<DynamoDBGetOptions>,
  ): Promise<JsonValue | undefined> {
    const [module, util] = await Promise.all([loadDynamo(), loadUtil()]);
    const client = clientFor(module.DynamoDBClient, this.#shared);
    const output = await sendWithSignatureRetry(
      client,
      new module.GetItemCommand({
        ...options?.sdkOptions,
        TableName: this.tableName,
        Key: util.marshall({ [this.keyAttr]: name }),
        ProjectionExpression: '#value',
        ExpressionAttributeNames: { '#value': this.valueAttr },
      }),
    );
    return output.Item === undefined ? undefined : util.unmarshall(output.Item)[this.valueAttr];
  }

  protected async _getMultiple(
    path: string,
    options?: NonNullable<DynamoDBGetMultipleOptions>,
  ): Promise<Record<string, JsonValue>> {
    const [module, util] = await Promise.all([loadDynamo(), loadUtil()]);
    const client = clientFor(module.DynamoDBClient, this.#shared);
    const values: Record<string, JsonValue> = {};
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await sendWithSignatureRetry(
        client,
        new module.QueryCommand({
          ...options?.sdkOptions,
          TableName: this.tableName,
          KeyConditionExpression: '#key = :key',
          ExpressionAttributeValues: util.marshall({ ':key': path }),
          ExpressionAttributeNames: { '#key': this.keyAttr, '#sk': this.sortAttr, '#value': this.valueAttr },
          ProjectionExpression: '#sk, #value',
          ExclusiveStartKey: ExclusiveStartKey as never,
        }),
      );
      for (const raw of page.Items ?? []) {
        const item = util.unmarshall(raw);
        values[String(item[this.sortAttr])] = item[this.valueAttr];
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey !== undefined);
    return values;
  }
}
