import { isInLambda, writeWarning } from '@lambkit/core';
import { parametersState } from './cache.js';
import {
  GetParameterError,
  type ParameterKind,
  ParameterNotFoundError,
  ParameterOptionsError,
  type ResolvedTransport,
  TransformParameterError,
} from './errors.js';
import {
  ExtensionHttpError,
  ExtensionTimeoutError,
  ExtensionUnreachableError,
  extensionPortConfigured,
  MalformedResponseError,
  MissingSessionTokenError,
  sessionToken,
} from './extension-transport.js';
import { SdkNotInstalledError } from './sdk-transport.js';
import type { Transport } from './types.js';

/** Where Lambda looks for external extensions; the extension layer puts its binary there. */
const EXTENSIONS_DIR = '/opt/extensions';
/** SDK error names that mean "does not exist". */
const SDK_NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound', 'ResourceNotFoundException']);

/** What a fetch is about, for error messages. */
export interface Subject {
  kind: ParameterKind;
  name: string;
}

/**
 * Where 'auto' starts (awaited before resolveTransport('auto') means anything), decided once per
 * execution environment by the first call; concurrent first
 * calls await the same promise, so they take the same route. When PARAMETERS_SECRETS_EXTENSION_HTTP_PORT
 * is set, the extension (or a local emulator) is configured: it is tried. Otherwise, inside Lambda,
 * an empty or missing /opt/extensions means no extension is attached at all: 'auto' goes straight to
 * the SDK without paying for refused connections and retries. Outside Lambda, it is tried.
 * node:fs/promises is loaded only for this, so importing this package loads no fs code.
 *
 * @example
 * await decideAutoRoute();
 * const transport = resolveTransport('auto');
 */
export function decideAutoRoute(): Promise<void> {
  const state = parametersState();
  state.autoDecision ??= lookForExtensions(state.generation);
  return state.autoDecision;
}

async function lookForExtensions(generation: number): Promise<void> {
  if (extensionPortConfigured() || !isInLambda()) return;
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(EXTENSIONS_DIR).catch(() => []);
  const state = parametersState();
  // A clearCaches() meanwhile started a new environment: this answer belongs to the old one.
  if (entries.length === 0 && state.generation === generation && state.extension === 'unknown') {
    markAbsent(
      `not tried: no extension is installed in ${EXTENSIONS_DIR} and PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not set`,
    );
  }
}

function markAbsent(because: string): void {
  const state = parametersState();
  state.extension = 'absent';
  state.absentBecause = because;
}

/**
 * The transport 'auto' resolves to now: 'sdk' once the extension proved absent (or cannot be there,
 * or no session token exists for it), else 'extension'.
 *
 * @example
 * const transport = resolveTransport('auto'); // 'extension' or 'sdk'
 */
export function resolveTransport(requested: Transport): ResolvedTransport {
  if (requested !== 'auto') return requested;
  if (parametersState().extension === 'absent' || sessionToken() === undefined) return 'sdk';
  return 'extension';
}

/** Why 'auto' did not ask the extension, for the message of a failure through the SDK. */
function extensionSkippedBecause(): string {
  const state = parametersState();
  if (state.extension === 'absent' && state.absentBecause !== undefined) return state.absentBecause;
  return 'not tried: AWS_SESSION_TOKEN is not set, and the extension requires it';
}

/**
 * Runs a fetch through the requested transport. Under 'auto', a refused connection (after the
 * retries) marks the extension absent for this process and the fetch is done again through the SDK.
 * Any failure becomes a GetParameterError (ParameterNotFoundError for a missing value); under
 * 'auto', one that names every route tried and why it failed.
 *
 * @example
 * const value = await withTransport('auto', { kind: 'parameter', name }, () => viaExtension(), () => viaSdk());
 */
export async function withTransport<T>(
  requested: Transport,
  subject: Subject,
  viaExtension: () => Promise<T>,
  viaSdk: () => Promise<T>,
): Promise<T> {
  if (requested === 'auto') await decideAutoRoute();
  const transport = resolveTransport(requested);
  if (transport === 'sdk') {
    if (requested === 'sdk') return attempt('sdk', subject, viaSdk);
    const skipped = extensionSkippedBecause();
    warnAutoUsesSdk(skipped);
    return sdkAfterExtension(subject, viaSdk, skipped);
  }
  try {
    const value = await viaExtension();
    parametersState().extension = 'present';
    return value;
  } catch (error) {
    if (requested === 'auto' && error instanceof ExtensionUnreachableError) {
      markAbsent(`not tried: an earlier call found nothing accepting connections on localhost:${error.port}`);
      warnAutoUsesSdk(error.message);
      return sdkAfterExtension(subject, viaSdk, error.message);
    }
    throw toGetParameterError(error, subject, 'extension');
  }
}

/**
 * Says once per process, for each reason, that 'auto' uses the SDK instead of the extension: a route
 * chosen without a word would hide a missing layer (or a local emulator not configured).
 */
function warnAutoUsesSdk(reason: string): void {
  let kind = 'unreachable';
  if (reason.includes('AWS_SESSION_TOKEN')) kind = 'no-token';
  else if (reason.includes(EXTENSIONS_DIR)) kind = 'no-extensions';
  writeWarning({
    package: '@lambkit/parameters',
    code: 'PARAMETERS_AUTO_USES_SDK',
    message: `@lambkit/parameters: transport 'auto' uses the AWS SDK; the Parameters and Secrets extension: ${reason}. To use the extension, attach the AWS-Parameters-and-Secrets-Lambda-Extension layer (locally, set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN for an emulator); to go to the SDK without this check, pass transport: 'sdk'.`,
    onceKey: `@lambkit/parameters:auto-sdk:${kind}`,
  });
}

/**
 * For callers that take the SDK route themselves (getParametersByName's batches): the warning
 * withTransport gives when 'auto' resolves to the SDK.
 *
 * @example
 * if (resolveTransport(requested) === 'sdk') warnIfAutoUsesSdk(requested);
 */
export function warnIfAutoUsesSdk(requested: Transport): void {
  if (requested === 'auto') warnAutoUsesSdk(extensionSkippedBecause());
}

/** The SDK route of 'auto', after the extension was skipped or refused connections. */
async function sdkAfterExtension<T>(
  subject: Subject,
  viaSdk: () => Promise<T>,
  extension: string,
): Promise<T> {
  try {
    return await viaSdk();
  } catch (error) {
    throw routesFailedError(error, subject, extension);
  }
}

/**
 * The error of a fetch through the SDK: under 'auto', when the SDK did not answer that the value is
 * missing, one naming each route, why it failed, and the likely fix.
 *
 * @example
 * throw sdkFetchError(error, { kind: 'parameter', name: '/app/flag' }, 'auto');
 */
export function sdkFetchError(error: unknown, subject: Subject, requested: Transport): Error {
  if (requested !== 'auto') return toGetParameterError(error, subject, 'sdk');
  return routesFailedError(error, subject, extensionSkippedBecause());
}

function routesFailedError(error: unknown, subject: Subject, extension: string): Error {
  const plain = toGetParameterError(error, subject, 'sdk');
  if (plain !== error && plain.constructor === GetParameterError) {
    const sdk = sdkReason(error);
    return new GetParameterError(
      `Failed to get the ${label(subject)}: every route failed. The Parameters and Secrets extension: ${extension}. The AWS SDK: ${sdk}. Likely fix: ${likelyFix(error, subject, extension)}.`,
      { parameter: subject.name, kind: subject.kind, transport: 'sdk', cause: error },
    );
  }
  return plain;
}

function sdkReason(error: unknown): string {
  if (error instanceof SdkNotInstalledError) return `${error.packageName} could not be loaded`;
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  const what = typeof name === 'string' ? name : typeof error;
  return typeof code === 'string' && code !== what ? `${what} (${code})` : what;
}

const DENIED = /AccessDenied|NotAuthorized|Unauthorized|Forbidden/i;

function likelyFix(error: unknown, subject: Subject, extension: string): string {
  const extensionFix = extension.includes('AWS_SESSION_TOKEN')
    ? 'set AWS_SESSION_TOKEN (Lambda sets it; locally, use the env of @lambkit/local startParametersExtension)'
    : 'attach the AWS-Parameters-and-Secrets-Lambda-Extension layer (locally, start @lambkit/local startParametersExtension and set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and AWS_SESSION_TOKEN from its env)';
  let sdkFix = 'give the AWS SDK a region, credentials and a reachable endpoint (clientConfig)';
  if (error instanceof SdkNotInstalledError) sdkFix = `install ${error.packageName}`;
  else if (DENIED.test(sdkReason(error))) {
    const permission = subject.kind === 'secret' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameter';
    sdkFix = `grant ${permission} to the function's role`;
  }
  return `${extensionFix}; or ${sdkFix}`;
}

async function attempt<T>(
  transport: ResolvedTransport,
  subject: Subject,
  fetch: () => Promise<T>,
): Promise<T> {
  try {
    return await fetch();
  } catch (error) {
    throw toGetParameterError(error, subject, transport);
  }
}

function label(subject: Subject): string {
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}

function extensionReason(error: unknown): [string, number | undefined] {
  if (error instanceof ExtensionHttpError)
    return [`the extension answered HTTP ${error.statusCode}`, error.statusCode];
  if (error instanceof ExtensionUnreachableError) {
    return [
      `${error.message}; is the AWS-Parameters-and-Secrets-Lambda-Extension layer attached (or, locally, an emulator listening on that port)?`,
      undefined,
    ];
  }
  if (error instanceof ExtensionTimeoutError) {
    return [`the request to the extension ${error.message}`, undefined];
  }
  if (error instanceof MissingSessionTokenError) return [error.message, undefined];
  if (error instanceof MalformedResponseError) return [`the extension answered ${error.message}`, undefined];
  return [`the request to the extension failed (${(error as Error)?.name ?? typeof error})`, undefined];
}

/**
 * Turns any failure into the error lambkit throws. Only names, statuses and error codes go into
 * messages: never a value.
 *
 * @example
 * throw toGetParameterError(error, { kind: 'secret', name: 'db-password' }, 'sdk');
 */
export function toGetParameterError(error: unknown, subject: Subject, transport: ResolvedTransport): Error {
  if (
    error instanceof GetParameterError ||
    error instanceof TransformParameterError ||
    error instanceof ParameterOptionsError
  ) {
    return error;
  }
  const details = { parameter: subject.name, kind: subject.kind, transport, cause: error };
  if (transport === 'extension') {
    if (error instanceof ExtensionHttpError && error.notFound) {
      return new ParameterNotFoundError(`The ${label(subject)} was not found (through the extension)`, {
        ...details,
        statusCode: error.statusCode,
      });
    }
    const [reason, statusCode] = extensionReason(error);
    return new GetParameterError(`Failed to get the ${label(subject)}: ${reason}`, {
      ...details,
      statusCode,
    });
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && SDK_NOT_FOUND.has(name)) {
    return new ParameterNotFoundError(`The ${label(subject)} was not found (AWS SDK ${name})`, details);
  }
  if (error instanceof SdkNotInstalledError) {
    return new GetParameterError(`Failed to get the ${label(subject)}: ${error.message}`, details);
  }
  const reason = typeof name === 'string' ? name : typeof error;
  return new GetParameterError(`Failed to get the ${label(subject)} through the AWS SDK: ${reason}`, details);
}
