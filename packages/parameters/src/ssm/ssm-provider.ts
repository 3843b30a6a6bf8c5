import { BaseProvider } from '../base/base-provider.js';
import { providerDefaults } from '../base/provider-defaults.js';
import type { GetMaybeUndefined } from '../base/types/index.js';
import { fetchParameter, getParameter, parameterCacheKey } from '../get-parameter.js';
import { fetchByPath, getParameters, pathCacheKey } from '../get-parameters.js';
import { getParametersByName } from '../get-parameters-by-name.js';
import type { BaseGetOptions, GetParameterOptions, GetParametersOptions } from '../types.js';
import { writeParameter } from './set-parameter.js';
import type {
  SSMGetMultipleOptions,
  SSMGetMultipleOutput,
  SSMGetOptions,
  SSMGetOutput,
  SSMGetParametersByNameOptions,
  SSMGetParametersByNameOutput,
  SSMProviderOptions,
  SSMSetOptions,
} from './types/index.js';

/**
 * Powertools' SSMProvider on lambkit: `get` reads through the Parameters and Secrets extension when
 * it answers, else through @aws-sdk/client-ssm (loaded on first use); `getMultiple` (by path),
 * `getParametersByName` and `set` go through the SDK. Values share lambkit's one cache and
 * concurrent calls for the same value share one request.
 *
 * @example
 * import { SSMProvider } from '@lambkit/parameters/ssm';
 * const provider = new SSMProvider({ clientConfig: { region: 'eu-west-1' } });
 * const url = await provider.get('/app/db-url', { decrypt: true, maxAge: 60 });
 */
export class SSMProvider extends BaseProvider {
  readonly #shared: BaseGetOptions;

  constructor(config?: SSMProviderOptions) {
    super({});
    this.#shared = providerDefaults('SSMProvider', config);
    this.client = this.#shared.awsSdkV3Client;
  }

  /** One parameter; see `getParameter`. */
  override get<
    ExplicitUserProvidedType = undefined,
    InferredFromOptionsType extends SSMGetOptions | undefined = SSMGetOptions,
  >(
    name: string,
    options?: NonNullable<InferredFromOptionsType & SSMGetOptions>,
  ): Promise<
    GetMaybeUndefined<
      SSMGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
      InferredFromOptionsType
    >
  > {
    const merged = { ...this.#shared, ...(options as GetParameterOptions) };
    if (typeof name === 'string') this.rememberKey(parameterCacheKey(name, merged));
    return getParameter(name, merged) as Promise<never>;
  }

  /** Writes a parameter; see `setParameter`. */
  set<InferredFromOptionsType extends SSMSetOptions | undefined = SSMSetOptions>(
    name: string,
    options: InferredFromOptionsType & SSMSetOptions,
  ): Promise<number> {
    return writeParameter(name, options, this.#shared);
  }

  /** Every parameter under a path; see `getParameters`. */
  override getMultiple<
    ExplicitUserProvidedType = undefined,
    InferredFromOptionsType extends SSMGetMultipleOptions | undefined = undefined,
  >(
    path: string,
    options?: NonNullable<InferredFromOptionsType & SSMGetMultipleOptions>,
  ): Promise<SSMGetMultipleOutput<ExplicitUserProvidedType, InferredFromOptionsType> | undefined> {
    const merged = { ...this.#shared, ...(options as GetParametersOptions) };
    if (typeof path === 'string') this.rememberKey(pathCacheKey(path, merged));
    return getParameters(path, merged) as Promise<never>;
  }

  /** Several parameters with their own options; see `getParametersByName`. */
  getParametersByName<ExplicitUserProvidedType = undefined>(
    parameters: Record<string, SSMGetParametersByNameOptions>,
    options?: NonNullable<SSMGetParametersByNameOptions>,
  ): Promise<SSMGetParametersByNameOutput<ExplicitUserProvidedType>> {
    if (parameters !== null && typeof parameters === 'object') {
      for (const [name, own] of Object.entries(parameters)) {
        this.rememberKey(
          parameterCacheKey(name, { ...this.#shared, ...options, ...own } as GetParameterOptions),
        );
      }
    }
    return getParametersByName(parameters as never, { ...this.#shared, ...options }) as Promise<never>;
  }

  protected _get(name: string, options?: NonNullable<SSMGetOptions>): Promise<string | undefined> {
    return fetchParameter(name, { ...this.#shared, ...(options as GetParameterOptions) }) as Promise<string>;
  }

  protected _getMultiple(
    path: string,
    options?: NonNullable<SSMGetMultipleOptions>,
  ): Promise<Record<string, string | undefined>> {
    return fetchByPath(path, { ...this.#shared, ...(options as GetParametersOptions) }) as Promise<
      Record<string, string>
    >;
  }
}
