// Powertools' @aws-lambda-powertools/parameters/ssm, on lambkit's getters: the same functions as
// the package root, typed as Powertools types them.
import type { GetMaybeUndefined } from '../base/types/index.js';
import { getParameter as lambkitGetParameter } from '../get-parameter.js';
import { getParameters as lambkitGetParameters } from '../get-parameters.js';
import { getParametersByName as lambkitGetParametersByName } from '../get-parameters-by-name.js';
import type {
  SSMGetMultipleOptions,
  SSMGetMultipleOutput,
  SSMGetOptions,
  SSMGetOutput,
  SSMGetParametersByNameOptions,
  SSMGetParametersByNameOutput,
} from './types/index.js';

export { setParameter } from './set-parameter.js';
export { SSMProvider } from './ssm-provider.js';

/**
 * Gets a Parameter Store parameter (Powertools' signature): from lambkit's cache when fresh, else
 * through the Parameters and Secrets extension, else the AWS SDK. See the package root's
 * `getParameter` for lambkit's own options (transport, version, label, timeoutMs).
 *
 * @example
 * import { getParameter } from '@lambkit/parameters/ssm';
 * const config = await getParameter('/app/config', { transform: 'json', maxAge: 60 });
 */
export const getParameter = lambkitGetParameter as unknown as <
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType extends SSMGetOptions | undefined = SSMGetOptions,
>(
  name: string,
  options?: NonNullable<InferredFromOptionsType & SSMGetOptions>,
) => Promise<
  GetMaybeUndefined<SSMGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>, InferredFromOptionsType>
>;

/**
 * Gets every parameter under a path (Powertools' signature), keyed by the name relative to it.
 *
 * @example
 * import { getParameters } from '@lambkit/parameters/ssm';
 * const settings = await getParameters('/app/settings', { recursive: true });
 */
export const getParameters = lambkitGetParameters as unknown as <
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType extends SSMGetMultipleOptions | undefined = SSMGetMultipleOptions,
>(
  path: string,
  options?: NonNullable<InferredFromOptionsType & SSMGetMultipleOptions>,
) => Promise<SSMGetMultipleOutput<ExplicitUserProvidedType, InferredFromOptionsType> | undefined>;

/**
 * Gets several parameters, each with its own options (Powertools' signature); `_errors` lists the
 * failed names when `throwOnError` is false.
 *
 * @example
 * import { getParametersByName } from '@lambkit/parameters/ssm';
 * const values = await getParametersByName({ '/app/a': {}, '/app/b': { transform: 'json' } }, { maxAge: 60 });
 */
export const getParametersByName = lambkitGetParametersByName as unknown as <
  ExplicitUserProvidedType = undefined,
>(
  parameters: Record<string, SSMGetParametersByNameOptions>,
  options?: NonNullable<SSMGetParametersByNameOptions>,
) => Promise<SSMGetParametersByNameOutput<ExplicitUserProvidedType>>;
