// Powertools' AppConfig agent types (@aws-lambda-powertools/parameters/appconfig-agent/types).
import type { GetMaybeUndefined } from '../../base/types/index.js';
import type { JsonValue } from '../../types.js';

/** Options of `getConfig`. */
export type GetConfigOptions = {
  /** The AppConfig environment (name or id). */
  environment: string;
  /** The AppConfig application (name or id). Default POWERTOOLS_SERVICE_NAME. */
  application?: string;
  /** 'json' parses the body, 'binary' decodes base64; none returns the text. */
  transform?: 'json' | 'binary';
  /** Deadline of the request to the agent, in ms. Default 3000. */
  timeout?: number;
  /** Reject with ParameterNotFoundError instead of resolving to undefined when there is none. */
  throwOnMissing?: boolean;
};

/** What `getConfig` resolves to without `throwOnMissing`. */
export type AppConfigAgentGetOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = undefined extends ExplicitUserProvidedType
  ? InferredFromOptionsType extends { transform: 'json' }
    ? JsonValue
    : string
  : ExplicitUserProvidedType;

/** What `getConfig` resolves to. */
export type AppConfigAgentGetConfigOutput<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType = undefined,
> = GetMaybeUndefined<
  AppConfigAgentGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
  InferredFromOptionsType
>;
