// The AWS SDK v3 transport. @aws-sdk/client-ssm and @aws-sdk/client-secrets-manager are optional
// peer dependencies loaded on first use only: importing this package loads no SDK code.
import { cachedClient } from '@lambkit/core';
import { sdkClientId } from './client-identity.js';
import type { BaseGetOptions, SdkClientLike } from './types.js';

type SsmModule = typeof import('@aws-sdk/client-ssm');
type SecretsModule = typeof import('@aws-sdk/client-secrets-manager');

/** The SDK package a transport needs could not be loaded. */
export class SdkNotInstalledError extends Error {
  override name = 'SdkNotInstalledError';
  constructor(
    readonly packageName: string,
    cause: unknown,
  ) {
    super(
      `${packageName} could not be loaded; install it, or attach the Parameters and Secrets extension layer`,
      {
        cause,
      },
    );
  }
}

let ssmModule: Promise<SsmModule> | undefined;
let secretsModule: Promise<SecretsModule> | undefined;

function loadSsm(): Promise<SsmModule> {
  ssmModule ??= import('@aws-sdk/client-ssm').catch((error: unknown) => {
    ssmModule = undefined;
    throw new SdkNotInstalledError('@aws-sdk/client-ssm', error);
  });
  return ssmModule;
}

function loadSecrets(): Promise<SecretsModule> {
  secretsModule ??= import('@aws-sdk/client-secrets-manager').catch((error: unknown) => {
    secretsModule = undefined;
    throw new SdkNotInstalledError('@aws-sdk/client-secrets-manager', error);
  });
  return secretsModule;
}

// Clients by class, then by configuration id: cachedClient is asked once per configuration, before
// the SDK has had a chance to mutate it (see client-identity.ts).
const clients = new Map<unknown, Map<string, SdkClientLike>>();

function clientFor(ClientClass: new (config: any) => SdkClientLike, options: BaseGetOptions): SdkClientLike {
  if (options.awsSdkV3Client !== undefined) return options.awsSdkV3Client;
  let byId = clients.get(ClientClass);
  if (byId === undefined) {
    byId = new Map();
    clients.set(ClientClass, byId);
  }
  const id = sdkClientId(options);
  let client = byId.get(id);
  if (client === undefined) {
    client = cachedClient(ClientClass, options.clientConfig ?? {});
    byId.set(id, client);
  }
  return client;
}

async function ssm(options: BaseGetOptions): Promise<[SsmModule, SdkClientLike]> {
  const module = await loadSsm();
  return [module, clientFor(module.SSMClient, options)];
}

/**
 * One parameter through SSM GetParameter; `selector` is a version number or a label.
 *
 * @example
 * const value = await sdkGetParameter('/app/db-url', true, undefined, {});
 */
export async function sdkGetParameter(
  name: string,
  decrypt: boolean,
  selector: string | undefined,
  options: BaseGetOptions,
): Promise<string | undefined> {
  const [module, client] = await ssm(options);
  const Name = selector === undefined ? name : `${name}:${selector}`;
  const output = await client.send(new module.GetParameterCommand({ Name, WithDecryption: decrypt }));
  return output.Parameter?.Value;
}

/**
 * Up to 10 parameters through one SSM GetParameters call: the values found, and the names SSM
 * reported invalid (missing).
 *
 * @example
 * const { values, invalid } = await sdkGetParameterBatch(['/a', '/b'], false, {});
 */
export async function sdkGetParameterBatch(
  names: string[],
  decrypt: boolean,
  options: BaseGetOptions,
): Promise<{ values: Map<string, string>; invalid: string[] }> {
  const [module, client] = await ssm(options);
  const output = await client.send(
    new module.GetParametersCommand({ Names: names, WithDecryption: decrypt }),
  );
  const values = new Map<string, string>();
  for (const parameter of output.Parameters ?? []) {
    if (parameter.Name !== undefined && parameter.Value !== undefined)
      values.set(parameter.Name, parameter.Value);
  }
  return { values, invalid: output.InvalidParameters ?? [] };
}

/**
 * Every parameter under `path` through SSM GetParametersByPath, following NextToken. Keys are the
 * names relative to the path, as Powertools returns them ('/app/db/url' under '/app' is 'db/url').
 *
 * @example
 * const values = await sdkGetParametersByPath('/app', true, false, {}); // { 'db/url': '...' }
 */
export async function sdkGetParametersByPath(
  path: string,
  recursive: boolean,
  decrypt: boolean,
  options: BaseGetOptions,
): Promise<Record<string, string>> {
  const [module, client] = await ssm(options);
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const values: Record<string, string> = {};
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new module.GetParametersByPathCommand({
        Path: path,
        Recursive: recursive,
        WithDecryption: decrypt,
        MaxResults: 10,
        NextToken,
      }),
    );
    for (const parameter of page.Parameters ?? []) {
      if (parameter.Name === undefined || parameter.Value === undefined) continue;
      const key = parameter.Name.startsWith(prefix) ? parameter.Name.slice(prefix.length) : parameter.Name;
      values[key] = parameter.Value;
    }
    NextToken = page.NextToken;
  } while (NextToken !== undefined && NextToken !== '');
  return values;
}

/**
 * One secret through Secrets Manager GetSecretValue: SecretString, else SecretBinary.
 *
 * @example
 * const value = await sdkGetSecret('db-password', undefined, undefined, {});
 */
export async function sdkGetSecret(
  id: string,
  versionStage: string | undefined,
  versionId: string | undefined,
  options: BaseGetOptions,
): Promise<string | Uint8Array | undefined> {
  const module = await loadSecrets();
  const client = clientFor(module.SecretsManagerClient, options);
  const output = await client.send(
    new module.GetSecretValueCommand({ SecretId: id, VersionStage: versionStage, VersionId: versionId }),
  );
  return output.SecretString ?? output.SecretBinary;
}
