// The AWS SDK v3 transport. @aws-sdk/client-ssm and @aws-sdk/client-secrets-manager are optional
// peer dependencies loaded on first use only: importing this package loads no SDK code.
import { cachedClient, withoutRawResponse } from '@lambkit/core';
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

/**
 * A loader of an optional SDK package: imported on first call, kept once loaded, tried again on the
 * next call after a failure (a package installed later, or a transient error).
 *
 * @example
 * const loadSsm = lazyModule('@aws-sdk/client-ssm', () => import('@aws-sdk/client-ssm'));
 */
export function lazyModule<M>(packageName: string, load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return function loadSdkModule(): Promise<M> {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new SdkNotInstalledError(packageName, error);
    });
    return loading;
  };
}

const loadSsm = lazyModule<SsmModule>('@aws-sdk/client-ssm', () => import('@aws-sdk/client-ssm'));
const loadSecrets = lazyModule<SecretsModule>(
  '@aws-sdk/client-secrets-manager',
  () => import('@aws-sdk/client-secrets-manager'),
);

/**
 * Sends a command, and once more when AWS refuses its signature (InvalidSignatureException): after a
 * SnapStart restore the clock may be skewed for the first request, and the SDK corrects its clock
 * offset from that answer, so the second attempt is signed right. Middy does the same.
 *
 * @example
 * const output = await sendWithSignatureRetry(client, new GetParameterCommand({ Name }));
 */
// biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
export async function sendWithSignatureRetry(client: SdkClientLike, command: unknown): Promise<any> {
  try {
    return await client.send(command);
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name !== 'InvalidSignatureException') {
      throw withoutRawResponse(error);
    }
    return client.send(command).catch((retryError: unknown) => {
      throw withoutRawResponse(retryError);
    });
  }
}

// Clients by class, then by configuration id: cachedClient is asked once per configuration, before
// the SDK has had a chance to mutate it (see client-identity.ts).
const clients = new Map<unknown, Map<string, SdkClientLike>>();

/**
 * The client of a class for these options: `awsSdkV3Client` when given, else one built once per
 * configuration (`clientConfig`) and kept for the life of the process.
 *
 * @example
 * const client = clientFor(module.SSMClient, { clientConfig: { region: 'eu-west-1' } });
 */
export function clientFor(
  // biome-ignore lint/suspicious/noExplicitAny: as the AWS SDK's client.send: the output type depends on the command, and callers read it by field
  ClientClass: new (config: any) => SdkClientLike,
  options: BaseGetOptions,
): SdkClientLike {
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
  options: BaseGetOptions & { sdkOptions?: object },
): Promise<string | undefined> {
  const [module, client] = await ssm(options);
  const Name = selector === undefined ? name : `${name}:${selector}`;
  const input = { ...options.sdkOptions, Name, WithDecryption: decrypt };
  const output = await sendWithSignatureRetry(client, new module.GetParameterCommand(input));
  return output.Parameter?.Value;
}

/** What `sdkPutParameter` writes. */
export interface PutParameterInput {
  Name: string;
  Value: string;
  Overwrite: boolean;
  Type: string;
  Tier: string;
  Description?: string;
  KeyId?: string;
}

/**
 * Writes a parameter through SSM PutParameter and returns its new version.
 *
 * @example
 * const version = await sdkPutParameter({ Name: '/app/flag', Value: 'on', Overwrite: true, Type: 'String', Tier: 'Standard' }, undefined, {});
 */
export async function sdkPutParameter(
  input: PutParameterInput,
  sdkOptions: object | undefined,
  options: BaseGetOptions,
): Promise<number> {
  const [module, client] = await ssm(options);
  const output = await sendWithSignatureRetry(
    client,
    new module.PutParameterCommand({ ...sdkOptions, ...input } as never),
  );
  return output.Version;
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
  const output = await sendWithSignatureRetry(
    client,
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
  options: BaseGetOptions & { sdkOptions?: object },
): Promise<Record<string, string>> {
  const [module, client] = await ssm(options);
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const values: Record<string, string> = {};
  let NextToken: string | undefined;
  do {
    const page = await sendWithSignatureRetry(
      client,
      new module.GetParametersByPathCommand({
        ...options.sdkOptions,
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
  options: BaseGetOptions & { sdkOptions?: object },
): Promise<string | Uint8Array | undefined> {
  const module = await loadSecrets();
  const client = clientFor(module.SecretsManagerClient, options);
  const input = { ...options.sdkOptions, SecretId: id, VersionStage: versionStage, VersionId: versionId };
  const output = await sendWithSignatureRetry(client, new module.GetSecretValueCommand(input));
  return output.SecretString ?? output.SecretBinary;
}

/**
 * A secret's next rotation date (Secrets Manager DescribeSecret), in ms since epoch, or undefined
 * when it has none.
 *
 * @example
 * const rotatesAt = await sdkNextRotation('db-password', {});
 */
export async function sdkNextRotation(id: string, options: BaseGetOptions): Promise<number | undefined> {
  const module = await loadSecrets();
  const client = clientFor(module.SecretsManagerClient, options);
  const output = await sendWithSignatureRetry(client, new module.DescribeSecretCommand({ SecretId: id }));
  const next: unknown = output.NextRotationDate;
  return next instanceof Date ? next.getTime() : undefined;
}
