import { resolveApplication } from '../appconfig-fetch.js';
import type { GetMaybeUndefined } from '../base/types/index.js';
import { ParameterOptionsError } from '../errors.js';
import { cachedAppConfig } from './appconfig-provider.js';
import type { AppConfigGetOutput, GetAppConfigOptions } from './types/index.js';

export { AppConfigProvider } from './appconfig-provider.js';

/**
 * Gets the latest value of an AppConfig configuration profile (Powertools' `getAppConfig`):
 * through the AppConfig agent extension when it is attached, else through AppConfigData, cached
 * in lambkit's one cache (default 5 s). Bytes without a transform, as in Powertools.
 *
 * @example
 * import { getAppConfig } from '@lambkit/parameters/appconfig';
 * const flags = await getAppConfig('feature-flags', { application: 'shop', environment: 'prod', transform: 'json' });
 */
export function getAppConfig<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType extends GetAppConfigOptions | undefined = GetAppConfigOptions,
>(
  name: string,
  options: NonNullable<InferredFromOptionsType & GetAppConfigOptions>,
): Promise<
  GetMaybeUndefined<
    AppConfigGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
    InferredFromOptionsType
  >
> {
  const { application, environment, ...rest } = (options ?? {}) as GetAppConfigOptions & object;
  const resolved = resolveApplication(application);
  if (resolved === undefined) {
    return Promise.reject(
      new ParameterOptionsError(
        String(name),
        'application',
        'is required: pass application, or set POWERTOOLS_SERVICE_NAME',
      ),
    );
  }
  return cachedAppConfig(
    { application: resolved, environment, profile: name },
    rest as never,
  ) as Promise<never>;
}
