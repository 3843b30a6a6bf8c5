// Shared set-up of the parameters tests: the real emulators from @lambkit/local, the environment
// a Lambda function would have, and a clean cache per test. Not part of the package (see
// tsconfig.build.json).
import { inspect } from 'node:util';
import { clearClientCache } from '@lambkit/core';
import {
  type AppConfigAgent,
  type AppConfigDataEndpoint,
  type AppConfigEmulatorOptions,
  type AwsEndpoint,
  type AwsEndpointOptions,
  type ParametersExtension,
  type ParametersExtensionOptions,
  startAppConfigAgent,
  startAppConfigDataEndpoint,
  startAwsEndpoint,
  startParametersExtension,
} from '@lambkit/local';
import { afterEach, beforeEach } from 'vitest';
import { clearCaches } from '../src/index.js';

const ENV_KEYS = [
  'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'POWERTOOLS_PARAMETERS_MAX_AGE',
  'POWERTOOLS_PARAMETERS_SSM_DECRYPT',
  'AWS_APPCONFIG_EXTENSION_HTTP_PORT',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_APPCONFIG_AGENT_RETURN_VALUE',
] as const;

interface Running {
  extension?: ParametersExtension;
  aws?: AwsEndpoint;
  agent?: AppConfigAgent;
  appconfigData?: AppConfigDataEndpoint;
}

/**
 * Registers per-test set-up and tear-down: every test starts with empty caches and without the
 * Lambda or extension environment, and every emulator it starts is closed after it.
 */
export function useEmulators() {
  const running: Running = {};
  let saved: Record<string, string | undefined> = {};

  beforeEach(() => {
    saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    for (const key of ENV_KEYS) delete process.env[key];
    clearCaches();
    clearClientCache();
  });

  afterEach(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await running.extension?.close();
    await running.aws?.close();
    await running.agent?.close();
    await running.appconfigData?.close();
    running.extension = undefined;
    running.aws = undefined;
    running.agent = undefined;
    running.appconfigData = undefined;
  });

  return {
    /** Starts the extension emulator and points the environment at it (port and session token). */
    async extension(options: ParametersExtensionOptions = {}): Promise<ParametersExtension> {
      const extension = await startParametersExtension(options);
      running.extension = extension;
      Object.assign(process.env, extension.env);
      return extension;
    },
    /** Starts the AppConfig agent extension emulator and points the environment at it. */
    async appconfigAgent(options: AppConfigEmulatorOptions = {}): Promise<AppConfigAgent> {
      const agent = await startAppConfigAgent(options);
      running.agent = agent;
      Object.assign(process.env, agent.env);
      return agent;
    },
    /** Starts the AppConfigData endpoint for the real @aws-sdk/client-appconfigdata. */
    async appconfigData(options: AppConfigEmulatorOptions = {}): Promise<AppConfigDataEndpoint> {
      const data = await startAppConfigDataEndpoint(options);
      running.appconfigData = data;
      return data;
    },
    /** Starts the AWS JSON endpoint for the real SDK clients. */
    async aws(options: AwsEndpointOptions = {}): Promise<AwsEndpoint> {
      const aws = await startAwsEndpoint(options);
      running.aws = aws;
      return aws;
    },
  };
}

/** A loopback port nothing listens on (an emulator started and closed again). */
export async function closedPort(): Promise<number> {
  const extension = await startParametersExtension();
  await extension.close();
  return extension.port;
}

/**
 * Everything an error could show: util.inspect of it (own fields, stack, and the cause chain to any
 * depth), plus each message of the chain.
 */
export function everythingIn(error: unknown): string {
  const parts = [inspect(error, { depth: 20, showHidden: true })];
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 20;
    current = current.cause, depth++
  ) {
    parts.push(current.message, String(current));
  }
  return parts.join('\n');
}
