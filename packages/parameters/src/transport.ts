import { isInLambda } from '@lambkit/core';
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
 * Inside Lambda, an execution environment without any external extension (an empty or missing
 * /opt/extensions) cannot have the Parameters and Secrets extension: 'auto' then goes straight to
 * the SDK without paying for refused connections and retries. Outside Lambda, it may be an emulator.
 * Checked once; node:fs/promises is loaded only for it, so importing this package loads no fs code.
 */
async function checkExtensionsDirectory(): Promise<void> {
  const state = parametersState();
  if (state.extensionsChecked) return;
  state.extensionsChecked = true;
  if (!isInLambda()) return;
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(EXTENSIONS_DIR).catch(() => []);
  if (entries.length === 0 && state.extension === 'unknown') state.extension = 'absent';
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

/**
 * Runs a fetch through the requested transport. Under 'auto', a refused connection (after the
 * retries) marks the extension absent for this process and the fetch is done again through the SDK.
 * Any failure becomes a GetParameterError (ParameterNotFoundError for a missing value).
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
  if (requested === 'auto') await checkExtensionsDirectory();
  const transport = resolveTransport(requested);
  if (transport === 'sdk') return attempt('sdk', subject, viaSdk);
  try {
    const value = await viaExtension();
    parametersState().extension = 'present';
    return value;
  } catch (error) {
    if (requested === 'auto' && error instanceof ExtensionUnreachableError) {
      parametersState().extension = 'absent';
      return attempt('sdk', subject, viaSdk);
    }
    throw toGetParameterError(error, subject, 'extension');
  }
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
      `the Parameters and Secrets extension is not reachable on localhost:${error.port} (is the AWS-Parameters-and-Secrets-Lambda-Extension layer attached?)`,
      undefined,
    ];
  }
  if (error instanceof ExtensionTimeoutError)
    return [`the extension gave no answer within ${error.timeoutMs} ms`, undefined];
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
