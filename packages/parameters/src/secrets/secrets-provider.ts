import { BaseProvider } from '../base/base-provider.js';
import { providerDefaults } from '../base/provider-defaults.js';
import type { GetMaybeUndefined } from '../base/types/index.js';
import { GetParameterError } from '../errors.js';
import { fetchSecret, getSecret, secretCacheKey } from '../get-secret.js';
import type { BaseGetOptions, GetSecretOptions } from '../types.js';
import type { SecretsGetOptions, SecretsGetOutput, SecretsProviderOptions } from './types/index.js';

/**
 * Powertools' SecretsProvider on lambkit: reads through the Parameters and Secrets extension when
 * it answers, else through @aws-sdk/client-secrets-manager (loaded on first use), into lambkit's one
 * cache. `fetchRotationDate: true` also keeps a value no longer than the secret's next rotation.
 *
 * @example
 * import { SecretsProvider } from '@lambkit/parameters/secrets';
 * const secrets = new SecretsProvider({ clientConfig: { region: 'eu-west-1' } });
 * const credentials = await secrets.get('db-credentials', { transform: 'json', fetchRotationDate: true });
 */
export class SecretsProvider extends BaseProvider {
  readonly #shared: BaseGetOptions;

  constructor(config?: NonNullable<SecretsProviderOptions>) {
    super({});
    this.#shared = providerDefaults('SecretsProvider', config);
    this.client = this.#shared.awsSdkV3Client;
  }

  /** One secret; see `getSecret`. */
  override get<
    ExplicitUserProvidedType = undefined,
    InferredFromOptionsType extends SecretsGetOptions | undefined = SecretsGetOptions,
  >(
    name: string,
    options?: NonNullable<InferredFromOptionsType & SecretsGetOptions>,
  ): Promise<
    GetMaybeUndefined<
      SecretsGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
      InferredFromOptionsType
    >
  > {
    const merged = { ...this.#shared, ...(options as GetSecretOptions) };
    if (typeof name === 'string') this.rememberKey(secretCacheKey(name, merged));
    return getSecret(name, merged) as Promise<never>;
  }

  /** Secrets Manager has no by-path read: rejects, as Powertools does. */
  override async getMultiple(path: string, _options?: unknown): Promise<void> {
    throw new GetParameterError(
      `SecretsProvider has no getMultiple: Secrets Manager reads one secret at a time (asked for ${JSON.stringify(path)})`,
      { parameter: path, kind: 'secret' },
    );
  }

  protected _get(
    name: string,
    options?: NonNullable<SecretsGetOptions>,
  ): Promise<string | Uint8Array | undefined> {
    return fetchSecret(name, { ...this.#shared, ...(options as GetSecretOptions) }) as Promise<string>;
  }

  protected _getMultiple(_path: string, _options?: unknown): Promise<Record<string, unknown> | undefined> {
    return Promise.reject(new GetParameterError('SecretsProvider has no getMultiple'));
  }
}
