import { ParameterOptionsError, SetParameterError } from '../errors.js';
import { sdkPutParameter } from '../sdk-transport.js';
import type { BaseGetOptions } from '../types.js';
import { checkParameterName } from '../validate.js';
import type { SSMSetOptions } from './types/index.js';

const PARAMETER_TYPES = new Set(['String', 'StringList', 'SecureString']);
const TIERS = new Set(['Standard', 'Advanced', 'Intelligent-Tiering']);

function checkSetCall(name: unknown, options: SSMSetOptions): asserts name is string {
  checkParameterName(name);
  if (options === null || typeof options !== 'object') {
    throw new ParameterOptionsError(name, 'options', 'must be an object with a string `value`');
  }
  if (typeof options.value !== 'string') {
    throw new ParameterOptionsError(name, 'value', `must be a string, got ${typeof options.value}`);
  }
  if (options.overwrite !== undefined && typeof options.overwrite !== 'boolean') {
    throw new ParameterOptionsError(name, 'overwrite', `must be a boolean, got ${typeof options.overwrite}`);
  }
  if (options.parameterType !== undefined && !PARAMETER_TYPES.has(options.parameterType)) {
    throw new ParameterOptionsError(
      name,
      'parameterType',
      `must be 'String', 'StringList' or 'SecureString', got ${JSON.stringify(options.parameterType)}`,
    );
  }
  if (options.tier !== undefined && !TIERS.has(options.tier)) {
    throw new ParameterOptionsError(
      name,
      'tier',
      `must be 'Standard', 'Advanced' or 'Intelligent-Tiering', got ${JSON.stringify(options.tier)}`,
    );
  }
}

/**
 * The SDK's error without the value: AWS validation messages can quote the input ("Value '...' at
 * 'value' failed to satisfy constraint"), so a copy with the value masked stands in for the cause.
 */
function withoutValue(error: unknown, value: string): unknown {
  if (!(error instanceof Error) || value === '' || !error.message.includes(value)) return error;
  const masked = new Error(error.message.split(value).join('***'));
  masked.name = error.name;
  return masked;
}

/**
 * Writes a parameter through SSM PutParameter (the AWS SDK: the extension only reads) and resolves
 * to its new version. Cached values of it are not refreshed, as in Powertools: pass `forceFetch` to
 * read it back at once.
 *
 * @example
 * const version = await writeParameter('/app/flag', { value: 'on', overwrite: true }, {});
 */
export async function writeParameter(
  name: string,
  options: SSMSetOptions,
  client: BaseGetOptions,
): Promise<number> {
  checkSetCall(name, options);
  const input = {
    Name: name,
    Value: options.value,
    Overwrite: options.overwrite ?? false,
    Type: options.parameterType ?? 'String',
    Tier: options.tier ?? 'Standard',
    ...(options.description === undefined ? {} : { Description: options.description }),
    ...(options.kmsKeyId === undefined ? {} : { KeyId: options.kmsKeyId }),
  };
  try {
    return await sdkPutParameter(input, options.sdkOptions, client);
  } catch (error) {
    const reason = (error as { name?: unknown } | null)?.name;
    throw new SetParameterError(
      `Failed to set the parameter ${JSON.stringify(name)}: ${typeof reason === 'string' ? reason : typeof error}${error instanceof Error && 'packageName' in error ? ` (${error.message})` : ''}`,
      { cause: withoutValue(error, options.value) },
    );
  }
}

/**
 * Powertools' `setParameter`: writes a parameter through SSM PutParameter and resolves to its new
 * version. Rejects with SetParameterError (the AWS error as `cause`, the value never quoted), or
 * ParameterOptionsError for a bad call. Needs @aws-sdk/client-ssm and ssm:PutParameter.
 *
 * @example
 * import { setParameter } from '@lambkit/parameters/ssm';
 * const version = await setParameter('/app/flag', { value: 'on', overwrite: true });
 */
export function setParameter<InferredFromOptionsType extends SSMSetOptions | undefined = SSMSetOptions>(
  name: string,
  options: InferredFromOptionsType & SSMSetOptions,
): Promise<number> {
  return writeParameter(name, options, {});
}
