// The constructor options every AWS-backed provider (SSM, Secrets Manager, DynamoDB, AppConfig)
// shares, checked once when the provider is built rather than on each call.
import { ParameterOptionsError } from '../errors.js';
import type { BaseGetOptions } from '../types.js';
import { checkBaseOptions } from '../validate.js';

/**
 * The route and client options a provider's constructor fixes for all its calls, checked at once:
 * `clientConfig` and `awsSdkV3Client` together, or a bad transport or timeout, throw here.
 *
 * @example
 * const shared = providerDefaults('SSMProvider', { clientConfig: { region: 'eu-west-1' } });
 */
export function providerDefaults(provider: string, config: object | undefined): BaseGetOptions {
  const { clientConfig, awsSdkV3Client, transport, timeoutMs } = (config ?? {}) as BaseGetOptions;
  if (clientConfig !== undefined && awsSdkV3Client !== undefined) {
    throw new ParameterOptionsError(
      provider,
      'clientConfig and awsSdkV3Client',
      'give either a clientConfig or an awsSdkV3Client, not both',
    );
  }
  if (awsSdkV3Client !== undefined && typeof (awsSdkV3Client as { send?: unknown }).send !== 'function') {
    throw new ParameterOptionsError(provider, 'awsSdkV3Client', 'must be an AWS SDK v3 client (with send())');
  }
  const shared: BaseGetOptions = {};
  if (clientConfig !== undefined) shared.clientConfig = clientConfig;
  if (awsSdkV3Client !== undefined) shared.awsSdkV3Client = awsSdkV3Client;
  if (transport !== undefined) shared.transport = transport;
  if (timeoutMs !== undefined) shared.timeoutMs = timeoutMs;
  checkBaseOptions(provider, shared);
  return shared;
}
