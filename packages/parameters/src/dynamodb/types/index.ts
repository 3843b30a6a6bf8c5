// Powertools' DynamoDB provider types (@aws-lambda-powertools/parameters/dynamodb/types), under the
// same names; SDK types are structural.
import type { GetMultipleOptionsInterface, GetOptionsInterface } from '../../base/types/index.js';
import type { JsonValue, SdkClientLike } from '../../types.js';

export type { GetMaybeUndefined } from '../../base/types/index.js';

interface DynamoDBProviderOptionsBase {
  /** The table holding the values. */
  tableName: string;
  /** The partition key attribute. Default 'id'. */
  keyAttr?: string;
  /** The sort key attribute (getMultiple). Default 'sk'. */
  sortAttr?: string;
  /** The attribute holding the value. Default 'value'. */
  valueAttr?: string;
}

/** DynamoDBProvider's constructor options: `clientConfig` or `awsSdkV3Client`, not both. */
export type DynamoDBProviderOptions = DynamoDBProviderOptionsBase &
  (
    | { clientConfig?: object; awsSdkV3Client?: never }
    | { awsSdkV3Client?: SdkClientLike; clientConfig?: never }
  );

interface DynamoDBGetOptionsBase extends GetOptionsInterface {
  /** More GetItem input (e.g. ConsistentRead). */
  sdkOptions?: object;
}
interface DynamoDBGetOptionsTransformJson extends DynamoDBGetOptionsBase {
  transform: 'json';
}
interface DynamoDBGetOptionsTransformBinary extends DynamoDBGetOptionsBase {
  transform: 'binary';
}
interface DynamoDBGetOptionsTransformNone extends DynamoDBGetOptionsBase {
  transform?: never;
}

/** Options of `DynamoDBProvider#get`. */
export type DynamoDBGetOptions =
  | DynamoDBGetOptionsTransformNone
  | DynamoDBGetOptionsTransformJson
  | DynamoDBGetOptionsTransformBinary
  | undefined;

/** What `DynamoDBProvider#get` resolves to. */
export type DynamoDBGetOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? undefined extends InferredFromOptionsType
    ? JsonValue
    : InferredFromOptionsType extends DynamoDBGetOptionsTransformNone | DynamoDBGetOptionsTransformJson
      ? JsonValue
      : InferredFromOptionsType extends DynamoDBGetOptionsTransformBinary
        ? string
        : never
  : ExplicitUserProvidedType;

interface DynamoDBGetMultipleOptionsBase extends GetMultipleOptionsInterface {
  /** More Query input. */
  sdkOptions?: object;
}
interface DynamoDBGetMultipleOptionsTransformJson extends DynamoDBGetMultipleOptionsBase {
  transform: 'json';
}
interface DynamoDBGetMultipleOptionsTransformBinary extends DynamoDBGetMultipleOptionsBase {
  transform: 'binary';
}
interface DynamoDBGetMultipleOptionsTransformAuto extends DynamoDBGetMultipleOptionsBase {
  transform: 'auto';
}
interface DynamoDBGetMultipleOptionsTransformNone extends DynamoDBGetMultipleOptionsBase {
  transform?: never;
}

/** Options of `DynamoDBProvider#getMultiple`. */
export type DynamoDBGetMultipleOptions =
  | DynamoDBGetMultipleOptionsTransformJson
  | DynamoDBGetMultipleOptionsTransformBinary
  | DynamoDBGetMultipleOptionsTransformAuto
  | DynamoDBGetMultipleOptionsTransformNone;

/** What `DynamoDBProvider#getMultiple` resolves to. */
export type DynamoDBGetMultipleOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? undefined extends InferredFromOptionsType
    ? JsonValue
    : InferredFromOptionsType extends
          | DynamoDBGetMultipleOptionsTransformNone
          | DynamoDBGetMultipleOptionsTransformAuto
          | DynamoDBGetMultipleOptionsTransformJson
      ? JsonValue
      : InferredFromOptionsType extends DynamoDBGetOptionsTransformBinary
        ? string
        : never
  : ExplicitUserProvidedType;
