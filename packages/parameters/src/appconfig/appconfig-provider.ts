import {
  type AppConfigTarget,
  appConfigCacheKey,
  checkAppConfigTarget,
  fetchAppConfig,
  resolveApplication,
} from '../appconfig-fetch.js';
import { BaseProvider } from '../base/base-provider.js';
import type { GetMaybeUndefined } from '../base/types/index.js';
import { cachedGet } from '../cache.js';
import { GetParameterError, ParameterOptionsError } from '../errors.js';
import { providerDefaults } from '../ssm/ssm-provider.js';
import { applyTransform } from '../transform.js';
import type { BaseGetOptions, Transform } from '../types.js';
import { checkBaseOptions } from '../validate.js';
import type { AppConfigGetOptions, AppConfigGetOutput, AppConfigProviderOptions } from './types/index.js';

/** The options of one AppConfig get, merged. */
interface AppConfigCall extends BaseGetOptions {
  maxAge?: number;
  forceFetch?: boolean;
  transform?: Transform;
  sdkOptions?: object;
}

/**
 * Gets a configuration through lambkit's one cache: a fresh value, else a fetch in flight for the
 * same key, else `fetchAppConfig`, transformed ('json', 'binary'; bytes without a transform).
 *
 * @example
 * const flags = await cachedAppConfig({ application: 'shop', environment: 'prod', profile: 'flags' }, { transform: 'json' });
 */
export function cachedAppConfig(
  target: AppConfigTarget,
  options: AppConfigCall,
  remember?: (key: string) => void,
): Promise<unknown> {
  // The checks run on a miss only: a call with an invalid argument has a key no valid call fills,
  // so it always reaches them (a cached get costs ~1 us instead of ~4 us with them).
  const key = appConfigCacheKey(target, String(options.transform ?? ''), options);
  remember?.(key);
  return cachedGet(key, options.maxAge, options.forceFetch, async () => {
    checkAppConfigTarget(target);
    checkBaseOptions(target.profile, options);
    if (options.transform === 'auto') {
      throw new ParameterOptionsError(
        target.profile,
        'transform',
        "must be 'json' or 'binary' for AppConfig",
      );
    }
    const bytes = await fetchAppConfig(target, options);
    return options.transform === undefined ? bytes : applyTransform(bytes, options.transform, target.profile);
  });
}

/**
 * Powertools' AppConfigProvider on lambkit: reads through the AWS AppConfig Agent Lambda extension
 * (localhost:2772, AWS_APPCONFIG_EXTENSION_HTTP_PORT) when it is attached, else through
 * AppConfigData's session flow (@aws-sdk/client-appconfigdata, loaded on first use). A missing
 * agent is found once per execution environment, with one warning; values share lambkit's one cache.
 *
 * @example
 * import { AppConfigProvider } from '@lambkit/parameters/appconfig';
 * const appConfig = new AppConfigProvider({ application: 'shop', environment: 'prod' });
 * const flags = await appConfig.get('feature-flags', { transform: 'json', maxAge: 60 });
 */
export class AppConfigProvider extends BaseProvider {
  readonly #shared: BaseGetOptions;
  readonly #application: string;
  readonly #environment: string;
  readonly #remember = (key: string): void => this.rememberKey(key);

  constructor(options: AppConfigProviderOptions) {
    super({});
    const given = (options ?? {}) as Partial<AppConfigProviderOptions>;
    this.#shared = providerDefaults('AppConfigProvider', given);
    this.client = this.#shared.awsSdkV3Client;
    const application = resolveApplication(given.application);
    if (application === undefined || application.trim() === '') {
      throw new ParameterOptionsError(
        'AppConfigProvider',
        'application',
        'is required: pass application, or set POWERTOOLS_SERVICE_NAME',
      );
    }
    checkAppConfigTarget({ application, environment: given.environment, profile: 'profile' });
    this.#application = application;
    this.#environment = given.environment as string;
  }

  /** One configuration profile's latest value. */
  override get<
    ExplicitUserProvidedType = undefined,
    InferredFromOptionsType extends AppConfigGetOptions | undefined = AppConfigGetOptions,
  >(
    name: string,
    options?: NonNullable<InferredFromOptionsType & AppConfigGetOptions>,
  ): Promise<
    GetMaybeUndefined<
      AppConfigGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
      InferredFromOptionsType
    >
  > {
    const target = { application: this.#application, environment: this.#environment, profile: name };
    const merged = { ...this.#shared, ...(options as AppConfigCall) };
    return cachedAppConfig(target, merged, this.#remember) as Promise<never>;
  }

  /** AppConfig has no by-path read: rejects, as Powertools does. */
  override async getMultiple(path: string, _options?: unknown): Promise<void> {
    throw new GetParameterError(
      `AppConfigProvider has no getMultiple: AppConfig reads one configuration profile at a time (asked for ${JSON.stringify(path)})`,
      { parameter: path },
    );
  }

  protected _get(name: string, options?: NonNullable<AppConfigGetOptions>): Promise<Uint8Array | undefined> {
    const target = { application: this.#application, environment: this.#environment, profile: name };
    return fetchAppConfig(target, { ...this.#shared, ...(options as AppConfigCall) });
  }

  protected _getMultiple(_path: string, _sdkOptions?: unknown): Promise<Record<string, unknown> | undefined> {
    return Promise.reject(new GetParameterError('AppConfigProvider has no getMultiple'));
  }
}
