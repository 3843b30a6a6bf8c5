// Powertools' @aws-lambda-powertools/parameters/secrets, on lambkit's getSecret.
import type { GetMaybeUndefined } from '../base/types/index.js';
import { getSecret as lambkitGetSecret } from '../get-secret.js';
import type { SecretsGetOptions, SecretsGetOutput } from './types/index.js';

export { SecretsProvider } from './secrets-provider.js';

/**
 * Gets a Secrets Manager secret (Powertools' signature): from lambkit's cache when fresh, else
 * through the Parameters and Secrets extension, else the AWS SDK.
 *
 * @example
 * import { getSecret } from '@lambkit/parameters/secrets';
 * const password = await getSecret('db-password', { maxAge: 300 });
 */
export const getSecret = lambkitGetSecret as unknown as <
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType extends SecretsGetOptions | undefined = SecretsGetOptions,
>(
  name: string,
  options?: NonNullable<InferredFromOptionsType & SecretsGetOptions>,
) => Promise<
  GetMaybeUndefined<
    SecretsGetOutput<ExplicitUserProvidedType, InferredFromOptionsType>,
    InferredFromOptionsType
  >
>;
