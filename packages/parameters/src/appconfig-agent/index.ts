import { isInLambda } from '@lambkit/core';
import { agentError, agentGet, checkAppConfigTarget, resolveApplication } from '../appconfig-fetch.js';
import { ParameterNotFoundError, ParameterOptionsError } from '../errors.js';
import { ExtensionHttpError } from '../extension-transport.js';
import { applyTransform } from '../transform.js';
import type { AppConfigAgentGetConfigOutput, GetConfigOptions } from './types/index.js';

const DEFAULT_TIMEOUT_MS = 3000;

async function fromAgent(
  name: string,
  options: GetConfigOptions,
  application: string,
): Promise<string | undefined> {
  const target = { application, environment: options.environment, profile: name };
  try {
    return await agentGet(target, options.timeout ?? DEFAULT_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ExtensionHttpError && error.statusCode === 404) return undefined;
    throw agentError(error, { kind: 'parameter', name: `${application}/${options.environment}/${name}` });
  }
}

/**
 * Reads a configuration from the AWS AppConfig Agent Lambda extension (Powertools' `getConfig`):
 * `GET localhost:2772/applications/{application}/environments/{environment}/configurations/{name}`
 * (AWS_APPCONFIG_EXTENSION_HTTP_PORT overrides the port). The agent caches and polls on its own, so
 * nothing is cached here. Outside Lambda without AWS_APPCONFIG_EXTENSION_HTTP_PORT it returns
 * POWERTOOLS_APPCONFIG_AGENT_RETURN_VALUE, as Powertools does; with the port set, it asks the agent
 * there (an emulator). A missing configuration resolves to undefined, or rejects with
 * ParameterNotFoundError under `throwOnMissing`.
 *
 * @example
 * import { getConfig } from '@lambkit/parameters/appconfig-agent';
 * const flags = await getConfig('feature-flags', { application: 'shop', environment: 'prod', transform: 'json' });
 */
export async function getConfig<
  ExplicitUserProvidedType = undefined,
  InferredFromOptionsType extends GetConfigOptions = GetConfigOptions,
>(
  name: string,
  options: InferredFromOptionsType & GetConfigOptions,
): Promise<AppConfigAgentGetConfigOutput<ExplicitUserProvidedType, InferredFromOptionsType>> {
  const given = (options ?? {}) as GetConfigOptions;
  const application = resolveApplication(given.application) ?? '';
  checkAppConfigTarget({ application, environment: given.environment, profile: name });
  const { timeout, transform } = given;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
    throw new ParameterOptionsError(
      name,
      'timeout',
      `must be a number of milliseconds > 0, got ${String(timeout)}`,
    );
  }
  if (transform !== undefined && transform !== 'json' && transform !== 'binary') {
    throw new ParameterOptionsError(
      name,
      'transform',
      `must be 'json' or 'binary', got ${JSON.stringify(transform)}`,
    );
  }
  const portSet = (process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT ?? '').trim() !== '';
  let value: string | undefined;
  if (isInLambda() || portSet) value = await fromAgent(name, given, application);
  else {
    const local = process.env.POWERTOOLS_APPCONFIG_AGENT_RETURN_VALUE;
    value = local === undefined || local === '' ? undefined : local;
  }
  if (value === undefined) {
    if (given.throwOnMissing === true) {
      throw new ParameterNotFoundError(`The configuration ${JSON.stringify(name)} was not found`, {
        parameter: name,
      });
    }
    return undefined as never;
  }
  return (transform === undefined ? value : applyTransform(value, transform, name)) as never;
}
