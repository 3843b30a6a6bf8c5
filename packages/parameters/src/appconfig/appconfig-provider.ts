import {
  type AppConfigTarget,
  appConfigCacheKey,
  checkAppConfigTarget,
  fetchAppConfig,
  resolveApplication,
} from '../appconfig-fetch.js';
import { BaseProvider } from '../base/base-provider.js';
import { providerDefaults } from '../base/provider-defaults.js';
import type { GetMaybeUndefined } from '../base/types/index.js';
import { cachedGet, MISS, readCache } from '../cache.js';
import { GetParameterError, ParameterOptionsError } from '../errors.js';
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

/** The cache keys of one profile under a provider's own options, one per transform. */
interface ProfileKeys {
  none: string | undefined;
  json: string | undefined;
  binary: string | undefined;
}

/** Which slot of ProfileKeys a transform uses; undefined for one the fast path leaves alone. */
function slotOf(transform: unknown): keyof ProfileKeys | undefined {
  if (transform === undefined) return 'none';
  return transform === 'json' || transform === 'binary' ? transform : undefined;
}

/** Whether a call's options leave the cache key to the provider's own (no route or SDK options of its own). */
function usesProviderRoute(call: AppConfigCall | undefined): boolean {
  return (
    call === undefined ||
    (call.transport === undefined &&
      call.clientConfig === undefined &&
      call.awsSdkV3Client === undefined &&
      call.sdkOptions === undefined)
  );
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
  /**
   * The cache key of each profile this provider read with its own options, by transform. A warm
   * get looks its key up here and reads the cache directly: building the key (client id, SDK
   * options id, an 8-part string), merging the options and allocating the loader cost ~2.5 us a
   * call in a loaded process, against ~0.3 us this way (bench/scenarios/parameters-providers).
   */
  readonly #keys = new Map<string, ProfileKeys>();

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
    const call = options as AppConfigCall | undefined;
    const plain = usesProviderRoute(call);
    const slot = plain ? slotOf(call?.transform) : undefined;
    if (slot !== undefined && call?.forceFetch !== true) {
      const key = this.#keys.get(name)?.[slot];
      const value = key === undefined ? MISS : readCache(key, call?.maxAge);
      if (value !== MISS) return Promise.resolve(value) as Promise<never>;
    }
    const target = { application: this.#application, environment: this.#environment, profile: name };
    const merged = { ...this.#shared, ...call };
    if (slot !== undefined) this.#noteKey(target, slot, merged);
    return cachedAppConfig(target, merged, this.#remember) as Promise<never>;
  }

  /** Forgets what this provider cached, and the keys its warm gets look up. */
  override clearCache(): void {
    super.clearCache();
    // A key looked up again is remembered again, so a later clearCache() forgets what it refilled.
    this.#keys.clear();
  }

  #noteKey(target: AppConfigTarget, slot: keyof ProfileKeys, merged: AppConfigCall): void {
    let keys = this.#keys.get(target.profile);
    if (keys === undefined) {
      keys = { none: undefined, json: undefined, binary: undefined };
      this.#keys.set(target.profile, keys);
    }
    keys[slot] ??= appConfigCacheKey(target, slot === 'none' ? '' : slot, merged);
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
