// Powertools' SSM provider types (@aws-lambda-powertools/parameters/ssm/types), under the same
// names. SDK types are structural here, so the published declarations need no @aws-sdk package.
import type {
  GetMultipleOptionsInterface,
  GetOptionsInterface,
  TransformOptions,
} from '../../base/types/index.js';
import type { JsonValue, SdkClientLike, Transport } from '../../types.js';

export type { GetMaybeUndefined } from '../../base/types/index.js';

/** lambkit's own options, on top of Powertools': the route and the extension's deadline. */
export interface LambkitRouteOptions {
  /** 'auto' (default): the Parameters and Secrets extension when it answers, else the AWS SDK. */
  transport?: Transport;
  /** Deadline of one fetch from the extension, in ms (default 3000). */
  timeoutMs?: number;
}

/** SSMProvider's constructor options: `clientConfig` or `awsSdkV3Client`, not both. */
export type SSMProviderOptions = LambkitRouteOptions &
  (
    | { clientConfig?: object; awsSdkV3Client?: never }
    | { awsSdkV3Client?: SdkClientLike; clientConfig?: never }
  );

interface SSMGetOptionsBase extends GetOptionsInterface, LambkitRouteOptions {
  /** Decrypt a SecureString. Default POWERTOOLS_PARAMETERS_SSM_DECRYPT, else false. */
  decrypt?: boolean;
  /** More GetParameter input; `WithDecryption` counts as `decrypt`. */
  sdkOptions?: object;
  transform?: Exclude<TransformOptions, 'auto'>;
  /** A version number; not with `label` (lambkit). */
  version?: number;
  /** A label; not with `version` (lambkit). */
  label?: string;
}
interface SSMGetOptionsTransformJson extends SSMGetOptionsBase {
  transform: 'json';
}
interface SSMGetOptionsTransformBinary extends SSMGetOptionsBase {
  transform: 'binary';
}
interface SSMGetOptionsTransformNone extends SSMGetOptionsBase {
  transform?: never;
}

/** Options of `getParameter` and `SSMProvider#get`. */
export type SSMGetOptions =
  | SSMGetOptionsTransformJson
  | SSMGetOptionsTransformBinary
  | SSMGetOptionsTransformNone
  | undefined;

/** What `getParameter` resolves to: string, JSON under 'json', or the type given explicitly. */
export type SSMGetOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? undefined extends InferredFromOptionsType
    ? string
    : InferredFromOptionsType extends SSMGetOptionsTransformNone | SSMGetOptionsTransformBinary
      ? string
      : InferredFromOptionsType extends SSMGetOptionsTransformJson
        ? JsonValue
        : never
  : ExplicitUserProvidedType;

/** Parameter types of `setParameter`. */
type ParameterType = 'String' | 'StringList' | 'SecureString';
/** Parameter tiers of `setParameter`. */
type ParameterTier = 'Standard' | 'Advanced' | 'Intelligent-Tiering';

/** Options of `setParameter` and `SSMProvider#set`. */
export type SSMSetOptions = {
  /** The value to write. */
  value: string;
  /** Replace an existing parameter. Default false. */
  overwrite?: boolean;
  description?: string;
  /** Default 'String'. */
  parameterType?: ParameterType;
  /** Default 'Standard'. */
  tier?: ParameterTier;
  /** The KMS key of a SecureString. */
  kmsKeyId?: string;
  /** More PutParameter input. */
  sdkOptions?: object;
};

interface SSMGetMultipleOptionsBase extends GetMultipleOptionsInterface {
  /** More GetParametersByPath input. */
  sdkOptions?: object;
  decrypt?: boolean;
  recursive?: boolean;
  throwOnTransformError?: boolean;
  /** Only 'auto' or 'sdk': the extension has no by-path API (lambkit). */
  transport?: Transport;
}
interface SSMGetMultipleOptionsTransformJson extends SSMGetMultipleOptionsBase {
  transform: 'json';
}
interface SSMGetMultipleOptionsTransformBinary extends SSMGetMultipleOptionsBase {
  transform: 'binary';
}
interface SSMGetMultipleOptionsTransformAuto extends SSMGetMultipleOptionsBase {
  transform: 'auto';
}
interface SSMGetMultipleOptionsTransformNone extends SSMGetMultipleOptionsBase {
  transform?: never;
}

/** Options of `getParameters` and `SSMProvider#getMultiple`. */
export type SSMGetMultipleOptions =
  | SSMGetMultipleOptionsTransformJson
  | SSMGetMultipleOptionsTransformBinary
  | SSMGetMultipleOptionsTransformAuto
  | SSMGetMultipleOptionsTransformNone
  | undefined;

/** What `getParameters` resolves to. */
export type SSMGetMultipleOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? undefined extends InferredFromOptionsType
    ? Record<string, string>
    : InferredFromOptionsType extends
          | SSMGetMultipleOptionsTransformNone
          | SSMGetMultipleOptionsTransformBinary
      ? Record<string, string>
      : InferredFromOptionsType extends SSMGetMultipleOptionsTransformAuto
        ? Record<string, JsonValue>
        : InferredFromOptionsType extends SSMGetMultipleOptionsTransformJson
          ? Record<string, JsonValue>
          : never
  : Record<string, ExplicitUserProvidedType>;

/** Options of one parameter of `getParametersByName`, and the options shared by all. */
export interface SSMGetParametersByNameOptions extends LambkitRouteOptions {
  maxAge?: number;
  throwOnError?: boolean;
  decrypt?: boolean;
  transform?: Exclude<TransformOptions, 'auto'>;
}

/** Powertools' internal split of a by-name request (kept for its name). */
export type SSMSplitBatchAndDecryptParametersOutputType = {
  parametersToFetchInBatch: Record<string, SSMGetParametersByNameOptions>;
  parametersToDecrypt: Record<string, SSMGetParametersByNameOptions>;
};

/** Powertools' internal by-name result (kept for its name). */
export interface SSMGetParametersByNameOutputInterface {
  response: Record<string, unknown>;
  errors: string[];
}

/** Powertools' internal cache split of a by-name request (kept for its name). */
export type SSMGetParametersByNameFromCacheOutputType = {
  cached: Record<string, string | Record<string, unknown>>;
  toFetch: Record<string, SSMGetParametersByNameOptions>;
};

/** What `getParametersByName` resolves to: values by name, and `_errors` when throwOnError is false. */
export type SSMGetParametersByNameOutput<InferredFromOptionsType = undefined> =
  undefined extends InferredFromOptionsType
    ? Record<string, unknown> & { _errors?: string[] }
    : Record<string, InferredFromOptionsType> & { _errors?: string[] };
