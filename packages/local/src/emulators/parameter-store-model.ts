// The in-memory Parameter Store and Secrets Manager behind the two emulators (the Parameters and
// Secrets extension and the AWS JSON endpoint), so both answer from the same rules.
import { createHash } from 'node:crypto';

/** One Parameter Store parameter. `versions` lists the values of versions 1..n (the last is current). */
export interface EmulatedParameter {
  value?: string;
  type?: 'String' | 'StringList' | 'SecureString';
  versions?: string[];
  /** Label to version number. */
  labels?: Record<string, number>;
}

/** A parameter given as its value (a String parameter at version 1) or in full. */
export type ParameterSeed = string | EmulatedParameter;

/** One Secrets Manager secret; a plain value is one version staged AWSCURRENT. */
export interface EmulatedSecret {
  versions: Array<{ versionId: string; stages: string[]; value: string | Uint8Array }>;
  /** When rotation is on: the next rotation, which DescribeSecret reports as NextRotationDate. */
  nextRotationDate?: Date;
}

/** A secret given as its SecretString, its SecretBinary bytes, or in full. */
export type SecretSeed = string | Uint8Array | EmulatedSecret;

/** What a lookup gives: the API's result object, or an AWS error code and message. */
export type StoreOutcome =
  | { error: undefined; result: Record<string, unknown> }
  | { error: string; message: string; result?: undefined };

interface StoredParameter {
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  versions: string[];
  labels: Map<string, number>;
}

interface StoredSecret {
  name: string;
  arn: string;
  versions: EmulatedSecret['versions'];
  nextRotationDate: Date | undefined;
}

/** What PutParameter writes. */
export interface PutParameterRequest {
  name: string;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  overwrite: boolean;
}

/** How dates are written: ISO text (the extension, a Go JSON encoder) or epoch seconds (AWS JSON 1.1). */
type DateStyle = 'iso' | 'epoch';

const MODIFIED = new Date('2024-01-15T10:00:00.000Z');
const REFERENCE_PREFIX = '/aws/reference/secretsmanager/';

function stamp(style: DateStyle): string | number {
  return style === 'iso' ? MODIFIED.toISOString() : MODIFIED.getTime() / 1000;
}

function normalizeParameter(name: string, seed: ParameterSeed): StoredParameter {
  if (typeof seed === 'string') return { name, type: 'String', versions: [seed], labels: new Map() };
  const versions = seed.versions ?? (seed.value === undefined ? [] : [seed.value]);
  if (versions.length === 0) throw new TypeError(`emulated parameter ${name}: give value or versions`);
  return {
    name,
    type: seed.type ?? 'String',
    versions,
    labels: new Map(Object.entries(seed.labels ?? {})),
  };
}

function suffixOf(name: string): string {
  return createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 6);
}

/** Store options shared by both emulators. */
export interface StoreOptions {
  parameters?: Record<string, ParameterSeed>;
  secrets?: Record<string, SecretSeed>;
  region?: string;
  accountId?: string;
}

/** The store both emulators answer from. */
export interface EmulatedStore {
  getParameter(
    nameOrArn: string,
    request: { decrypt: boolean; version?: string; label?: string; dates: DateStyle },
  ): StoreOutcome;
  parametersByPath(
    path: string,
    recursive: boolean,
    decrypt: boolean,
    dates: DateStyle,
  ): Record<string, unknown>[];
  getSecret(
    idOrArn: string,
    request: { versionStage?: string; versionId?: string; dates: DateStyle },
  ): StoreOutcome;
  /** PutParameter: a new parameter at version 1, or (with overwrite) a new version of it. */
  putParameter(request: PutParameterRequest): StoreOutcome;
  /** DescribeSecret: the secret's metadata, with NextRotationDate when it rotates. */
  describeSecret(idOrArn: string, dates: DateStyle): StoreOutcome;
  setParameter(name: string, seed: ParameterSeed): void;
  deleteParameter(name: string): void;
  setSecret(id: string, seed: SecretSeed): void;
}

/**
 * Builds the in-memory store. Parameter names may be given as names or ARNs; a selector (`:3` or
 * `:label`) may follow the name as in the GetParameter API. SecureString values come back
 * "encrypted" (an opaque base64 text that does not contain the value) unless decryption is asked.
 *
 * @example
 * const store = createParameterStore({ parameters: { '/a': 'x' } });
 * store.getParameter('/a', { decrypt: false, dates: 'iso' }).result?.Value; // 'x'
 */
export function createParameterStore(options: StoreOptions): EmulatedStore {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const parameters = new Map<string, StoredParameter>();
  const secrets = new Map<string, StoredSecret>();
  const parameterArnPrefix = `arn:aws:ssm:${region}:${accountId}:parameter`;
  const secretArnPrefix = `arn:aws:secretsmanager:${region}:${accountId}:secret:`;

  function parameterArn(name: string): string {
    return `${parameterArnPrefix}${name.startsWith('/') ? '' : '/'}${name}`;
  }

  function setParameter(name: string, seed: ParameterSeed): void {
    parameters.set(name, normalizeParameter(name, seed));
  }

  function setSecret(name: string, seed: SecretSeed): void {
    const versions =
      typeof seed === 'string' || seed instanceof Uint8Array
        ? [
            {
              versionId: `${suffixOf(name)}-0000-4000-8000-000000000001`,
              stages: ['AWSCURRENT'],
              value: seed,
            },
          ]
        : seed.versions;
    const nextRotationDate =
      typeof seed === 'string' || seed instanceof Uint8Array ? undefined : seed.nextRotationDate;
    secrets.set(name, {
      name,
      arn: `${secretArnPrefix}${name}-${suffixOf(name)}`,
      versions,
      nextRotationDate,
    });
  }

  for (const [name, seed] of Object.entries(options.parameters ?? {})) setParameter(name, seed);
  for (const [name, seed] of Object.entries(options.secrets ?? {})) setSecret(name, seed);

  /** Splits 'name:selector' (or an ARN with a selector) into the stored name and the selector. */
  function splitSelector(nameOrArn: string): [string, string | undefined] {
    let name = nameOrArn;
    if (name.startsWith('arn:')) {
      const at = name.indexOf(':parameter');
      if (at < 0) return [name, undefined];
      name = name.slice(at + ':parameter'.length);
      if (!parameters.has(name) && parameters.has(name.slice(1).split(':', 1)[0] ?? '')) name = name.slice(1);
    }
    const colon = name.indexOf(':');
    return colon < 0 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
  }

  function parameterRecord(stored: StoredParameter, version: number, decrypt: boolean, dates: DateStyle) {
    const plain = stored.versions[version - 1];
    const hidden = stored.type === 'SecureString' && !decrypt;
    const encrypted = Buffer.from(`kms-ciphertext:${stored.name}:${version}`).toString('base64');
    return {
      ARN: parameterArn(stored.name),
      DataType: 'text',
      LastModifiedDate: stamp(dates),
      Name: stored.name,
      Type: stored.type,
      Value: hidden ? encrypted : plain,
      Version: version,
    };
  }

  function getReference(id: string, decrypt: boolean, dates: DateStyle): StoreOutcome {
    if (!decrypt) {
      return {
        error: 'ValidationException',
        message: 'WithDecryption flag must be True for retrieving a Secret Manager secret.',
      };
    }
    const outcome = getSecret(id, { dates });
    if (outcome.error !== undefined) return { error: 'ParameterNotFound', message: '' };
    const secret = outcome.result;
    return {
      error: undefined,
      result: {
        ARN: secret.ARN,
        LastModifiedDate: stamp(dates),
        Name: `${REFERENCE_PREFIX}${id}`,
        SourceResult: JSON.stringify(secret),
        Type: 'SecureString',
        Value: secret.SecretString ?? secret.SecretBinary,
        Version: 0,
      },
    };
  }

  function getParameter(
    nameOrArn: string,
    request: { decrypt: boolean; version?: string; label?: string; dates: DateStyle },
  ): StoreOutcome {
    if (nameOrArn.startsWith(REFERENCE_PREFIX)) {
      return getReference(nameOrArn.slice(REFERENCE_PREFIX.length), request.decrypt, request.dates);
    }
    const [name, selector] = splitSelector(nameOrArn);
    const stored = parameters.get(name);
    if (stored === undefined) return { error: 'ParameterNotFound', message: '' };
    const wanted = selector ?? request.version ?? request.label;
    let version = stored.versions.length;
    if (wanted !== undefined) {
      version = /^\d+$/.test(wanted) ? Number(wanted) : (stored.labels.get(wanted) ?? 0);
      if (version < 1 || version > stored.versions.length) {
        return {
          error: 'ParameterVersionNotFound',
          message: `Systems Manager could not find version ${wanted} of ${name}. Verify the version and try again.`,
        };
      }
    }
    const result: Record<string, unknown> = parameterRecord(stored, version, request.decrypt, request.dates);
    if (wanted !== undefined) result.Selector = `:${wanted}`;
    return { error: undefined, result };
  }

  function parametersByPath(path: string, recursive: boolean, decrypt: boolean, dates: DateStyle) {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const found: Record<string, unknown>[] = [];
    for (const stored of [...parameters.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (!stored.name.startsWith(prefix)) continue;
      if (!recursive && stored.name.slice(prefix.length).includes('/')) continue;
      found.push(parameterRecord(stored, stored.versions.length, decrypt, dates));
    }
    return found;
  }

  function findSecret(idOrArn: string): StoredSecret | undefined {
    const direct = secrets.get(idOrArn);
    if (direct !== undefined) return direct;
    for (const secret of secrets.values()) if (secret.arn === idOrArn) return secret;
    return undefined;
  }

  function getSecret(
    idOrArn: string,
    request: { versionStage?: string; versionId?: string; dates: DateStyle },
  ): StoreOutcome {
    const secret = findSecret(idOrArn);
    const notFound = {
      error: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    };
    if (secret === undefined) return notFound;
    const stage =
      request.versionId === undefined ? (request.versionStage ?? 'AWSCURRENT') : request.versionStage;
    const version = secret.versions.find(
      (candidate) =>
        (request.versionId === undefined || candidate.versionId === request.versionId) &&
        (stage === undefined || candidate.stages.includes(stage)),
    );
    if (version === undefined) {
      return {
        ...notFound,
        message: "Secrets Manager can't find the specified secret value for staging label or version.",
      };
    }
    const value =
      typeof version.value === 'string'
        ? { SecretString: version.value }
        : { SecretBinary: Buffer.from(version.value).toString('base64') };
    return {
      error: undefined,
      result: {
        ARN: secret.arn,
        CreatedDate: stamp(request.dates),
        Name: secret.name,
        ...value,
        VersionId: version.versionId,
        VersionStages: version.stages,
      },
    };
  }

  function putParameter(request: PutParameterRequest): StoreOutcome {
    const existing = parameters.get(request.name);
    if (existing !== undefined && !request.overwrite) {
      return {
        error: 'ParameterAlreadyExists',
        message:
          'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      };
    }
    if (existing === undefined) {
      parameters.set(
        request.name,
        normalizeParameter(request.name, { value: request.value, type: request.type }),
      );
      return { error: undefined, result: { Version: 1, Tier: 'Standard' } };
    }
    existing.versions.push(request.value);
    existing.type = request.type;
    return { error: undefined, result: { Version: existing.versions.length, Tier: 'Standard' } };
  }

  function describeSecret(idOrArn: string, dates: DateStyle): StoreOutcome {
    const secret = findSecret(idOrArn);
    if (secret === undefined) {
      return {
        error: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      };
    }
    const result: Record<string, unknown> = {
      ARN: secret.arn,
      Name: secret.name,
      RotationEnabled: secret.nextRotationDate !== undefined,
      LastChangedDate: stamp(dates),
      VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.versionId, v.stages])),
    };
    if (secret.nextRotationDate !== undefined) {
      result.NextRotationDate =
        dates === 'iso' ? secret.nextRotationDate.toISOString() : secret.nextRotationDate.getTime() / 1000;
    }
    return { error: undefined, result };
  }

  return {
    getParameter,
    parametersByPath,
    getSecret,
    putParameter,
    describeSecret,
    setParameter,
    deleteParameter: (name) => void parameters.delete(name),
    setSecret,
  };
}
