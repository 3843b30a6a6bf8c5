// Powertools' AppConfig provider types (@aws-lambda-powertools/parameters/appconfig/types), under
// the same names; SDK types are structural.
import type { GetOptionsInterface } from '../../base/types/index.js';
import type { LambkitRouteOptions } from '../../ssm/types/index.js';
import type { JsonValue, SdkClientLike } from '../../types.js';

export type { GetMaybeUndefined } from '../../base/types/index.js';

interface AppConfigProviderOptionsBaseInterface extends LambkitRouteOptions {
  /** The AppConfig environment (name or id). */
  environment: string;
  /** The AppConfig application (name or id). Default POWERTOOLS_SERVICE_NAME. */
  application?: string;
}

/**
 * AppConfigProvider's constructor options: `clientConfig` or `awsSdkV3Client`, not both.
 * `transport` (lambkit): 'auto' (default) reads through the AppConfig agent extension when it is
 * there, else through AppConfigData; 'extension' or 'sdk' force one.
 */
export type AppConfigProviderOptions = AppConfigProviderOptionsBaseInterface &
  (
    | { clientConfig?: object; awsSdkV3Client?: never }
    | { awsSdkV3Client?: SdkClientLike; clientConfig?: never }
  );

interface AppConfigGetOptionsBase extends GetOptionsInterface {
  /** More StartConfigurationSession input (not the three identifiers). */
  sdkOptions?: object;
}
interface AppConfigGetOptionsTransformJson extends AppConfigGetOptionsBase {
  transform: 'json';
}
interface AppConfigGetOptionsTransformBinary extends AppConfigGetOptionsBase {
  transform: 'binary';
}
interface AppConfigGetOptionsTransformNone extends AppConfigGetOptionsBase {
  transform?: never;
}

/** Options of `AppConfigProvider#get`. */
export type AppConfigGetOptions =
  | AppConfigGetOptionsTransformNone
  | AppConfigGetOptionsTransformJson
  | AppConfigGetOptionsTransformBinary
  | undefined;

/** What an AppConfig get resolves to: bytes, text under 'binary', JSON under 'json'. */
export type AppConfigGetOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? undefined extends InferredFromOptionsType | AppConfigGetOptionsTransformNone
    ? Uint8Array
    : InferredFromOptionsType extends AppConfigGetOptionsTransformNone
      ? Uint8Array
      : InferredFromOptionsType extends AppConfigGetOptionsTransformBinary
        ? string
        : InferredFromOptionsType extends AppConfigGetOptionsTransformJson
          ? JsonValue
          : never
  : ExplicitUserProvidedType;

/** Options of `getAppConfig`: where to read, and how. */
export type GetAppConfigOptions = AppConfigProviderOptionsBaseInterface & AppConfigGetOptions;
