// Powertools' Secrets provider types (@aws-lambda-powertools/parameters/secrets/types), under the
// same names; SDK types are structural.
import type { GetOptionsInterface, TransformOptions } from '../../base/types/index.js';
import type { LambkitRouteOptions } from '../../ssm/types/index.js';
import type { JsonValue, SdkClientLike } from '../../types.js';

export type { GetMaybeUndefined } from '../../base/types/index.js';

/** SecretsProvider's constructor options: `clientConfig` or `awsSdkV3Client`, not both. */
export type SecretsProviderOptions = LambkitRouteOptions &
  (
    | { clientConfig?: object; awsSdkV3Client?: never }
    | { awsSdkV3Client?: SdkClientLike; clientConfig?: never }
  );

interface SecretsGetOptionsBase extends GetOptionsInterface, LambkitRouteOptions {
  /** More GetSecretValue input; `VersionId` and `VersionStage` pick the version on both routes. */
  sdkOptions?: object;
  transform?: Exclude<TransformOptions, 'auto'>;
  /** Never serve the value past the secret's next rotation (DescribeSecret; lambkit, Middy's name). */
  fetchRotationDate?: boolean;
  /** A staging label, e.g. 'AWSPREVIOUS' (lambkit). */
  versionStage?: string;
  /** A version id (lambkit). */
  versionId?: string;
}
interface SecretsGetOptionsTransformJson extends SecretsGetOptionsBase {
  transform: 'json';
}
interface SecretsGetOptionsTransformBinary extends SecretsGetOptionsBase {
  transform: 'binary';
}
interface SecretsGetOptionsTransformNone extends SecretsGetOptionsBase {
  transform?: never;
}

/** Options of `getSecret` and `SecretsProvider#get`. */
export type SecretsGetOptions =
  | SecretsGetOptionsTransformNone
  | SecretsGetOptionsTransformJson
  | SecretsGetOptionsTransformBinary
  | undefined;

/** What `getSecret` resolves to: SecretString or SecretBinary bytes, text under 'binary', JSON under 'json'. */
export type SecretsGetOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? undefined extends InferredFromOptionsType
    ? string | Uint8Array
    : InferredFromOptionsType extends SecretsGetOptionsTransformNone
      ? string | Uint8Array
      : InferredFromOptionsType extends SecretsGetOptionsTransformBinary
        ? string
        : InferredFromOptionsType extends SecretsGetOptionsTransformJson
          ? JsonValue
          : never
  : ExplicitUserProvidedType;
