// AppConfig: through the AWS AppConfig Agent Lambda extension (localhost:2772), else through the
// AppConfigData API (@aws-sdk/client-appconfigdata, loaded on first use) with its session tokens.
import { isInLambda, readEnvString, writeWarning } from '@lambkit/core';
import { defaults, parametersState } from './cache.js';
import { contentId, sdkClientId } from './client-identity.js';
import { GetParameterError, ParameterOptionsError } from './errors.js';
import { DEFAULT_TIMEOUT_MS, ExtensionUnreachableError, extensionGet } from './extension-transport.js';
import { clientFor, lazyModule, sendWithSignatureRetry } from './sdk-transport.js';
import { toGetParameterError } from './transport.js';
import type { BaseGetOptions } from './types.js';
import { checkBaseOptions } from './validate.js';

type AppConfigModule = typeof import('@aws-sdk/client-appconfigdata');

const loadAppConfig = lazyModule<AppConfigModule>(
  '@aws-sdk/client-appconfigdata',
  () => import('@aws-sdk/client-appconfigdata'),
);

/** A session token lives 24 h; it is renewed a minute early, as Powertools does. */
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000 - 60 * 1000;
const EXTENSIONS_DIR = '/opt/extensions';
// Names or ids: printable ASCII and beyond, no path separator (they go in a URL path), at most 128
// characters, not starting with a space.
const IDENTIFIER = /^[^\s/\\?#][^/\\?#]{0,127}$/;
const CONTROL = /[\p{Cc}]/u;
const encoder = new TextEncoder();

/** Which configuration: application, environment and configuration profile (names or ids). */
export interface AppConfigTarget {
  application: string;
  environment: string;
  profile: string;
}

/** The options an AppConfig fetch reads. */
export interface AppConfigFetchOptions extends BaseGetOptions {
  /** More StartConfigurationSession input (e.g. RequiredMinimumPollIntervalInSeconds). */
  sdkOptions?: object;
}

/** One AppConfigData session: the next token, when it expires, and the last value it gave. */
interface Session {
  token: string | undefined;
  expiresAt: number;
  value: Uint8Array | undefined;
  /** Calls on one session run one after the other: each token can be used once. */
  queue: Promise<unknown>;
}

/**
 * Refuses a bad application, environment or profile before any request, naming the field.
 *
 * @example
 * checkAppConfigTarget({ application: 'shop', environment: 'prod', profile: 'flags' });
 */
export function checkAppConfigTarget(
  target: { [K in keyof AppConfigTarget]: unknown },
): asserts target is AppConfigTarget {
  for (const field of ['profile', 'application', 'environment'] as const) {
    const value = target[field];
    if (typeof value !== 'string' || !IDENTIFIER.test(value) || CONTROL.test(value)) {
      const name = field === 'profile' ? 'name' : field;
      throw new ParameterOptionsError(
        typeof target.profile === 'string' ? target.profile : String(target.profile),
        name,
        `must be an AppConfig ${field === 'profile' ? 'configuration profile' : field} name or id: 1-128 characters, no "/", "\\", "?", "#" or control characters, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeof value}`,
      );
    }
  }
}

/**
 * The application to read from: the option, else POWERTOOLS_SERVICE_NAME, as in Powertools.
 *
 * @example
 * const application = resolveApplication(options.application); // 'shop'
 */
export function resolveApplication(application: string | undefined): string | undefined {
  return application ?? readEnvString('POWERTOOLS_SERVICE_NAME');
}

/**
 * The cache key of a configuration: route, target, client and SDK options.
 *
 * @example
 * appConfigCacheKey({ application: 'shop', environment: 'prod', profile: 'flags' }, 'json', {});
 */
export function appConfigCacheKey(
  target: AppConfigTarget,
  transform: string,
  options: AppConfigFetchOptions,
): string {
  return `a|${options.transport ?? 'auto'}|${transform}|${sdkClientId(options)}|${contentId(options.sdkOptions)}|${target.application}|${target.environment}|${target.profile}`;
}

function agentPath({ application, environment, profile }: AppConfigTarget): string {
  return `/applications/${encodeURIComponent(application)}/environments/${encodeURIComponent(environment)}/configurations/${encodeURIComponent(profile)}`;
}

/**
 * The configuration's body from the AppConfig agent, as text.
 *
 * @example
 * const text = await agentGet({ application: 'shop', environment: 'prod', profile: 'flags' }, 3000);
 */
export function agentGet(target: AppConfigTarget, timeoutMs: number): Promise<string> {
  return extensionGet(agentPath(target), timeoutMs, { port: defaults().appconfigPort, headers: {} });
}

function agentPortConfigured(): boolean {
  const value = process.env.AWS_APPCONFIG_EXTENSION_HTTP_PORT;
  return value !== undefined && value.trim() !== '';
}

/**
 * Whether 'auto' should ask the agent first. With AWS_APPCONFIG_EXTENSION_HTTP_PORT set, always;
 * inside Lambda, when /opt/extensions has something in it (an empty one means no layer at all);
 * outside Lambda, only when the port is set (nothing listens on 2772 on a laptop by default).
 */
async function agentMayBeThere(): Promise<boolean> {
  const state = parametersState();
  if (state.appconfigAgent !== 'unknown') return state.appconfigAgent === 'present';
  if (agentPortConfigured()) return true;
  if (!isInLambda())
    return markAgentAbsent('not tried: AWS_APPCONFIG_EXTENSION_HTTP_PORT is not set outside Lambda');
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(EXTENSIONS_DIR).catch(() => []);
  if (entries.length > 0) return true;
  return markAgentAbsent(`not tried: no extension is installed in ${EXTENSIONS_DIR}`);
}

function markAgentAbsent(reason: string): false {
  parametersState().appconfigAgent = 'absent';
  writeWarning({
    package: '@lambkit/parameters',
    code: 'PARAMETERS_APPCONFIG_AUTO_USES_SDK',
    message: `@lambkit/parameters: AppConfig transport 'auto' uses the AWS SDK (AppConfigData) for this execution environment; the AppConfig agent: ${reason}. To read through the agent, attach the AWS-AppConfig-Extension layer (locally, start @lambkit/local startAppConfigAgent and set AWS_APPCONFIG_EXTENSION_HTTP_PORT); to go to the SDK without this check, pass transport: 'sdk'.`,
    onceKey: '@lambkit/parameters:appconfig-auto-sdk',
  });
  return false;
}

/**
 * Fetches a configuration (no cache): through the agent or the SDK as `transport` says; 'auto'
 * asks the agent and, when nothing listens there, uses the SDK from then on (one warning per
 * execution environment). Resolves to the raw bytes.
 *
 * @example
 * const bytes = await fetchAppConfig({ application: 'shop', environment: 'prod', profile: 'flags' }, {});
 */
export async function fetchAppConfig(
  target: AppConfigTarget,
  options: AppConfigFetchOptions,
): Promise<Uint8Array> {
  checkAppConfigTarget(target);
  checkBaseOptions(target.profile, options);
  const requested = options.transport ?? 'auto';
  const subject = {
    kind: 'parameter',
    name: `${target.application}/${target.environment}/${target.profile}`,
  } as const;
  if (requested === 'extension' || (requested === 'auto' && (await agentMayBeThere()))) {
    try {
      const text = await agentGet(target, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      parametersState().appconfigAgent = 'present';
      return encoder.encode(text);
    } catch (error) {
      if (!(requested === 'auto' && error instanceof ExtensionUnreachableError)) {
        throw agentError(error, subject);
      }
      markAgentAbsent(error.message);
    }
  }
  try {
    return await sdkGetAppConfig(target, options);
  } catch (error) {
    throw toGetParameterError(error, subject, 'sdk');
  }
}

/**
 * The error of a request to the AppConfig agent: an unreachable agent names the AppConfig layer
 * (the Parameters and Secrets extension's hint would send the reader to the wrong layer).
 *
 * @example
 * throw agentError(error, { kind: 'parameter', name: 'shop/prod/flags' });
 */
export function agentError(error: unknown, subject: { kind: 'parameter'; name: string }): Error {
  if (!(error instanceof ExtensionUnreachableError)) return toGetParameterError(error, subject, 'extension');
  return new GetParameterError(
    `Failed to get the AppConfig configuration ${JSON.stringify(subject.name)}: ${error.message}; is the AWS-AppConfig-Extension layer attached (or, locally, an emulator listening on AWS_APPCONFIG_EXTENSION_HTTP_PORT)?`,
    { parameter: subject.name, kind: subject.kind, transport: 'extension', cause: error },
  );
}

function sessionKey(target: AppConfigTarget, options: AppConfigFetchOptions): string {
  return `${sdkClientId(options)}|${contentId(options.sdkOptions)}|${target.application}|${target.environment}|${target.profile}`;
}

/**
 * The AppConfigData flow: StartConfigurationSession once, then GetLatestConfiguration with the token
 * chain; an empty Configuration means "unchanged", so the session's last value is returned. A token
 * refused as expired or used (BadRequestException) starts one new session.
 */
async function sdkGetAppConfig(target: AppConfigTarget, options: AppConfigFetchOptions): Promise<Uint8Array> {
  const module = await loadAppConfig();
  const client = clientFor(module.AppConfigDataClient, options);
  const sessions = parametersState().appconfigSessions as Map<string, Session>;
  const key = sessionKey(target, options);
  let session = sessions.get(key);
  if (session === undefined) {
    session = { token: undefined, expiresAt: 0, value: undefined, queue: Promise.resolve() };
    sessions.set(key, session);
  }
  const current = session;
  const run = current.queue.then(() => latest(module, client, target, options, current));
  current.queue = run.catch(() => undefined);
  return run;
}

async function latest(
  module: AppConfigModule,
  client: BaseGetOptions['awsSdkV3Client'] & object,
  target: AppConfigTarget,
  options: AppConfigFetchOptions,
  session: Session,
): Promise<Uint8Array> {
  for (let attempt = 0; ; attempt++) {
    if (session.token === undefined || session.expiresAt <= Date.now()) {
      const started = await sendWithSignatureRetry(
        client,
        new module.StartConfigurationSessionCommand({
          ...options.sdkOptions,
          ApplicationIdentifier: target.application,
          EnvironmentIdentifier: target.environment,
          ConfigurationProfileIdentifier: target.profile,
        }),
      );
      session.token = started.InitialConfigurationToken;
      session.expiresAt = Date.now() + TOKEN_LIFETIME_MS;
    }
    try {
      const response = await sendWithSignatureRetry(
        client,
        new module.GetLatestConfigurationCommand({ ConfigurationToken: session.token }),
      );
      session.token = response.NextPollConfigurationToken;
      session.expiresAt = Date.now() + TOKEN_LIFETIME_MS;
      // "Unchanged" comes as an empty body, which the SDK may give as an empty array or as null.
      const body: Uint8Array | null | undefined = response.Configuration;
      if (body !== undefined && body !== null && body.length > 0) session.value = body;
      return session.value ?? new Uint8Array();
    } catch (error) {
      session.token = undefined;
      if (attempt > 0 || (error as Error)?.name !== 'BadRequestException') throw error;
    }
  }
}
